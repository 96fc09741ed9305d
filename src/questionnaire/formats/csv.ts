// CSV (UTF-8, UTF-8 with BOM, Shift_JIS; comma, tab or semicolon): parsed on the raw bytes and
// written back by splicing the new fields in, so every other byte stays as uploaded (csv.ts).
import { AppError } from '../../messages/error';
import type { CellEdit } from '../answer';
import { parseCsv, patchCsv, type ParsedCsv } from '../csv';
import { MAX_ROWS, sniffFormat, tooManyRows } from '../limits';
import type { WorkbookFormat, WorkbookModel } from '../model';
import { neutralizeFormula } from '../sanitize';
import { guardParser } from './guard';
import type { FormatInfo, OpenedQuestionnaire, QuestionnaireFormat, WrittenFile } from './types';

export const CSV_SHEET_NAME = 'CSV';

const LINE_ENDING_NAMES = { '\r\n': 'CRLF', '\n': 'LF', '\r': 'CR' } as const;

/** A parsed CSV as the common model (one sheet) plus its write-back; shared with the UTF-16 text format. */
export function openParsedCsv(csv: ParsedCsv, format: WorkbookFormat, sheetName: string, info: FormatInfo, encodeOutput: (utf: Uint8Array) => Uint8Array, contentType: string): OpenedQuestionnaire {
  if (csv.records.length === 0 || csv.values.every((r) => r.every((v) => v.trim() === ''))) {
    throw new AppError('empty_file', { what: 'csv' });
  }
  const model: WorkbookModel = { format, sheets: [{ name: sheetName, hidden: false, cells: csv.values, merges: [], validations: [] }] };
  return {
    model,
    info: { delimiter: csv.delimiter, lineEnding: LINE_ENDING_NAMES[csv.lineEnding], ...info },
    write(edits: readonly CellEdit[]): WrittenFile {
      const byRecord = new Map<number, Map<number, string>>();
      for (const e of edits) {
        const m = byRecord.get(e.r) ?? new Map<number, string>();
        m.set(e.c, e.text);
        byRecord.set(e.r, m);
      }
      const patched = patchCsv(csv, byRecord);
      const lossy = new Set(patched.lossyRecords);
      return {
        bytes: encodeOutput(patched.bytes),
        contentType,
        extension: '',
        expected: (e) => neutralizeFormula(e.text),
        lossy: (e) => lossy.has(e.r),
      };
    },
  };
}

export function readCsv(bytes: Uint8Array): ParsedCsv {
  return guardParser(
    () => parseCsv(bytes, MAX_ROWS + 1, (n) => tooManyRows(n - 1)),
    () => new AppError('invalid_csv'),
  );
}

export const csvFormat: QuestionnaireFormat = {
  id: 'csv',
  label: 'CSV',
  extensions: ['.csv', '.tsv'],
  sniff: (bytes, name, type) => sniffFormat(bytes, name, type) === 'csv',
  open(bytes) {
    const csv = readCsv(bytes);
    const charset = csv.encoding === 'shift_jis' ? 'shift_jis' : 'utf-8';
    return openParsedCsv(csv, 'csv', CSV_SHEET_NAME, { encoding: csv.encoding }, (b) => b, `text/csv; charset=${charset}`);
  },
};
