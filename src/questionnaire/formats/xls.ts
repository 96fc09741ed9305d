// .xls (Excel 97-2003, BIFF8 in an OLE container): read with SheetJS, the library already used for
// .xlsx. Not written back: SheetJS community edition writes neither the styles nor the dropdowns of
// a BIFF8 workbook, so a filled .xls (or an .xlsx converted from it) would lose the customer's
// formatting. The results and the review CSV work; the filled file is refused with the reason
// and the fix (save as .xlsx in Excel, upload that).
import * as XLSX from '@e965/xlsx';
import { AppError } from '../../messages/error';
import { checkUploadSize, isEncryptedCfb, MAX_ROWS, tooManyRows } from '../limits';
import type { SheetModel } from '../model';
import { cellsOf, checkParsedExtent, formulasOf } from '../xlsx';
import { guardParser } from './guard';
import type { QuestionnaireFormat } from './types';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** OLE containers of other Office programs: not a workbook. */
const OTHER_OLE = /\.(doc|dot|ppt|pps|pot|msg|msi|pub|vsd|mpp)$/i;

function invalidXls(): AppError {
  return new AppError('invalid_xls');
}

export function xlsNotWritable(): AppError {
  return new AppError('xls_not_writable');
}

/**
 * SheetJS prints "Missing Info for XLS Record 0x…" for every record type it does not know, derived
 * from the upload's bytes: nothing of an upload is logged, so console.error is silenced for the
 * (synchronous) parse and restored right after.
 */
function withoutParserLogs<T>(parse: () => T): T {
  const original = console.error;
  console.error = () => {};
  try {
    return parse();
  } finally {
    console.error = original;
  }
}

export const xlsFormat: QuestionnaireFormat = {
  id: 'xls',
  label: 'Excel 97-2003 workbook',
  extensions: ['.xls'],
  sniff: (bytes, name) => CFB_MAGIC.every((b, i) => bytes[i] === b) && !OTHER_OLE.test(name) && !isEncryptedCfb(bytes),
  open(bytes) {
    checkUploadSize(bytes.length);
    const wb = guardParser(() => withoutParserLogs(() => XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true, cellHTML: false, cellStyles: false, cellDates: false, bookVBA: false })), invalidXls);
    if (wb.SheetNames.length === 0) throw invalidXls();
    checkParsedExtent(wb);
    const hidden = new Map((wb.Workbook?.Sheets ?? []).map((s) => [s.name, (s.Hidden ?? 0) !== 0]));
    let rowsWithValues = 0;
    const sheets: SheetModel[] = wb.SheetNames.map((name) => {
      const ws = wb.Sheets[name];
      const cells = ws ? cellsOf(ws) : [];
      if (!hidden.get(name)) rowsWithValues += cells.filter((r) => r.some((v) => v !== '')).length;
      return {
        name,
        hidden: hidden.get(name) ?? false,
        cells,
        merges: (ws?.['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } })),
        validations: [], // BIFF8 data validations are not read by SheetJS community edition
        formulas: ws ? formulasOf(ws) : new Set<number>(),
      };
    });
    if (rowsWithValues > MAX_ROWS) throw tooManyRows(rowsWithValues);
    return {
      model: { format: 'xls', sheets },
      info: {},
      write() {
        throw xlsNotWritable();
      },
    };
  },
};
