// .xlsx / .xlsm: read with SheetJS plus the package XML (xlsx.ts), written back by patching only
// the edited worksheets' XML (write-xlsx.ts); every other zip entry is copied byte for byte, and
// that is checked here on the written archive.
import { invalidXlsx, sniffFormat } from '../limits';
import { readXlsx } from '../xlsx';
import { writeXlsx, writtenCellText } from '../write-xlsx';
import { readZip } from '../zip';
import { writeCheckFailed } from '../verify';
import { columnLetters } from '../model';
import { guardParser } from './guard';
import type { QuestionnaireFormat } from './types';

export const xlsxFormat: QuestionnaireFormat = {
  id: 'xlsx',
  label: 'Excel workbook',
  extensions: ['.xlsx', '.xlsm'],
  sniff: (bytes, name, type) => sniffFormat(bytes, name, type) === 'xlsx',
  open(bytes) {
    const { model, pkg } = guardParser(
      () => readXlsx(bytes),
      () => invalidXlsx('unreadable'),
    );
    return {
      model,
      info: {},
      write(edits) {
        // The writer re-reads parts SheetJS skipped: malformed XML there is the upload's fault, not a 500.
        const written = guardParser(
          () => writeXlsx(pkg, edits),
          () => invalidXlsx('unwritable'),
        );
        if (written.formulaCells.length > 0) {
          throw writeCheckFailed(written.formulaCells.map((e) => `${e.sheet}!${columnLetters(e.c)}${e.r + 1}: a formula cell was planned to be written; it was kept`));
        }
        if (written.unplaced.length > 0) {
          throw writeCheckFailed(written.unplaced.map((e) => `${e.sheet}!row ${e.r + 1}: the cell could not be located in the sheet XML`));
        }
        // Every part but the edited worksheets must be the uploaded bytes.
        const after = readZip(written.bytes);
        const edited = new Set([...new Set(edits.map((e) => e.sheet))].map((s) => pkg.sheetParts.get(s)));
        const diffs: string[] = [];
        if (after.entries.map((e) => e.name).join('\n') !== pkg.zip.entries.map((e) => e.name).join('\n')) diffs.push('the parts of the package changed');
        for (const [i, e] of pkg.zip.entries.entries()) {
          const a = after.entries[i];
          if (!a || edited.has(e.name)) continue;
          if (a.crc32 !== e.crc32 || a.compressedSize !== e.compressedSize || a.method !== e.method) diffs.push(`part ${e.name} changed`);
        }
        if (diffs.length > 0) throw writeCheckFailed(diffs);
        return {
          bytes: written.bytes,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          extension: '',
          expected: writtenCellText,
          lossy: () => false,
        };
      },
    };
  },
};
