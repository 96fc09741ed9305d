// The seam every questionnaire file format plugs into: recognise the bytes, read them into the
// common model (model.ts), and write planned cell edits back into the customer's own file.
// Adding a format means one module in this folder and one line in the registry (index.ts).
import type { CellEdit } from '../answer';
import type { WorkbookFormat, WorkbookModel } from '../model';

/** Facts about the file reported in the layout (text formats). */
export interface FormatInfo {
  encoding?: 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';
  delimiter?: ',' | '\t' | ';';
  lineEnding?: 'CRLF' | 'LF' | 'CR';
}

export interface WrittenFile {
  bytes: Uint8Array;
  contentType: string;
  /** Extension of the filled file, without the dot ("xlsx"). */
  extension: string;
  /** The text a reader of the filled file should find in an edited cell. */
  expected(edit: CellEdit): string;
  /** Edited cells whose text legitimately differs (a character the encoding lacks, written as "?"). */
  lossy(edit: CellEdit): boolean;
}

export interface OpenedQuestionnaire {
  model: WorkbookModel;
  info: FormatInfo;
  /** The upload with the edits written in; throws an AppError when this format cannot be written back. */
  write(edits: readonly CellEdit[]): WrittenFile;
}

export interface QuestionnaireFormat {
  /** The model format it reads into; 'xls' is recognised only to be refused with the fix. */
  id: WorkbookFormat | 'xls';
  /** What a person calls it, for messages and docs. */
  label: string;
  /** Extensions the upload page's file picker offers, with the dot. */
  extensions: readonly string[];
  /** True when these bytes are this format (bytes first, name and type only to break ties). May throw a clear AppError. */
  sniff(bytes: Uint8Array, fileName: string, contentType: string): boolean;
  open(bytes: Uint8Array): OpenedQuestionnaire;
}
