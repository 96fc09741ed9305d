// The registry of questionnaire formats, in the order they are tried. The bytes decide: an OLE
// container is .xls, refused with the fix (encrypted ones are refused by the xlsx/csv sniffer with the reason), a
// UTF-16 byte-order mark is Unicode text, a zip is .xlsx, anything else is CSV text.
import { AppError } from '../../messages/error';
import { csvFormat } from './csv';
import { text16Format } from './text16';
import type { QuestionnaireFormat } from './types';
import { xlsFormat } from './xls';
import { xlsxFormat } from './xlsx';

export const FORMATS: readonly QuestionnaireFormat[] = [xlsFormat, text16Format, xlsxFormat, csvFormat];

/** Every extension the upload page offers ("accept" of the file input). */
export const ACCEPTED_EXTENSIONS: readonly string[] = [...new Set(FORMATS.flatMap((f) => f.extensions))];

export function formatOf(bytes: Uint8Array, fileName: string, contentType: string): QuestionnaireFormat {
  const found = FORMATS.find((f) => f.sniff(bytes, fileName, contentType));
  if (!found) {
    throw new AppError('unsupported_type', { kind: 'other' });
  }
  return found;
}

export type { QuestionnaireFormat } from './types';
