// .xls (Excel 97-2003, BIFF8 in an OLE container): read with SheetJS, the library already used for
// .xlsx. Not written back: SheetJS community edition writes neither the styles nor the dropdowns of
// a BIFF8 workbook, so a filled .xls (or an .xlsx converted from it) would lose the customer's
// formatting. The results and the review CSV work; the filled file is refused with the reason
// and the fix (save as .xlsx in Excel, upload that).
import * as XLSX from '@e965/xlsx';
import { ApiError } from '../../api/errors';
import { checkUploadSize, isEncryptedCfb, MAX_ROWS, tooManyRows } from '../limits';
import type { SheetModel } from '../model';
import { cellsOf, checkParsedExtent, formulasOf } from '../xlsx';
import { guardParser } from './guard';
import type { QuestionnaireFormat } from './types';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** OLE containers of other Office programs: not a workbook. */
const OTHER_OLE = /\.(doc|dot|ppt|pps|pot|msg|msi|pub|vsd|mpp)$/i;

function invalidXls(): ApiError {
  return new ApiError(400, 'invalid_xls', 'The file is not a readable Excel 97-2003 workbook (.xls).', 'Excel 97-2003 ブック（.xls）として読み取れません。');
}

export function xlsNotWritable(): ApiError {
  return new ApiError(
    422,
    'xls_not_writable',
    'Answers cannot be written into an Excel 97-2003 workbook (.xls) without losing its formatting and dropdowns. The results and the review CSV are available; to get the filled file, open the file in Excel, save it as .xlsx (File > Save As > Excel Workbook) and upload that.',
    'Excel 97-2003 形式（.xls）のブックには、書式やプルダウンを失わずに回答を書き込めません。結果一覧と要確認 CSV はご利用いただけます。回答入りのファイルが必要な場合は、Excel で「名前を付けて保存 > Excel ブック（.xlsx）」で保存し、そのファイルをアップロードしてください。',
  );
}

export const xlsFormat: QuestionnaireFormat = {
  id: 'xls',
  label: 'Excel 97-2003 workbook',
  extensions: ['.xls'],
  sniff: (bytes, name) => CFB_MAGIC.every((b, i) => bytes[i] === b) && !OTHER_OLE.test(name) && !isEncryptedCfb(bytes),
  open(bytes) {
    checkUploadSize(bytes.length);
    const wb = guardParser(
      () => XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true, cellHTML: false, cellStyles: false, cellDates: false, bookVBA: false }),
      invalidXls,
    );
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
