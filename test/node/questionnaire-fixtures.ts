// Builders for generated questionnaire fixtures (shared by the node and worker questionnaire
// tests): small hand-written XLSX packages with exactly the features under test (title rows,
// merges, hidden sheets, list validations in all three spellings), and bad inputs (zip bombs,
// lying sizes, encrypted-like OLE containers). Pure JS (fflate), so it also runs inside workerd.
import * as XLSX from '@e965/xlsx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { AppError } from '../../src/messages/error';

export type CellValue = string | number | null | undefined;

export interface SheetSpec {
  name: string;
  rows: CellValue[][];
  hidden?: boolean;
  /** e.g. ["A1:F1", "B7:B15"] */
  merges?: string[];
  /** Classic validations: formula as stored, e.g. '"はい,いいえ"' or "選択肢!$A$1:$A$4". */
  validations?: Array<{ sqref: string; formula: string }>;
  /** Excel 2010 x14 validations (list referring to another sheet). */
  x14Validations?: Array<{ sqref: string; formula: string }>;
  /** First row number (1-based) of `rows`; defaults to 1. */
  startRow?: number;
}

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function colLetters(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function sheetXml(spec: SheetSpec): string {
  const start = spec.startRow ?? 1;
  const rows = spec.rows
    .map((row, i) => {
      const r = start + i;
      const cells = row
        .map((v, c) => {
          const ref = `${colLetters(c)}${r}`;
          if (v === null || v === undefined) return '';
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r}">${cells}</row>`;
    })
    .join('');
  const merges = spec.merges?.length ? `<mergeCells count="${spec.merges.length}">${spec.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  const dv = spec.validations?.length
    ? `<dataValidations count="${spec.validations.length}">${spec.validations
        .map((v) => `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="${v.sqref}"><formula1>${esc(v.formula)}</formula1></dataValidation>`)
        .join('')}</dataValidations>`
    : '';
  const x14 = spec.x14Validations?.length
    ? `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="${spec.x14Validations.length}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">${spec.x14Validations
        .map((v) => `<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>${esc(v.formula)}</xm:f></x14:formula1><xm:sqref>${v.sqref}</xm:sqref></x14:dataValidation>`)
        .join('')}</x14:dataValidations></ext></extLst>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${rows}</sheetData>${merges}${dv}${x14}</worksheet>`;
}

export function buildXlsx(sheets: SheetSpec[], opts: { definedNames?: Array<{ name: string; ref: string }>; rawSheetXml?: Record<number, string> } = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
      .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join('')}</Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const defined = opts.definedNames?.length ? `<definedNames>${opts.definedNames.map((d) => `<definedName name="${esc(d.name)}">${esc(d.ref)}</definedName>`).join('')}</definedNames>` : '';
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
      .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets>${defined}</workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
  );
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(opts.rawSheetXml?.[i] ?? sheetXml(s));
  });
  return zipSync(files, { level: 6 });
}

/** A valid zip whose one entry inflates to `size` zero bytes (an honest decompression bomb). */
export function zipBomb(size: number): Uint8Array {
  const good = buildXlsx([
    {
      name: 'Sheet1',
      rows: [
        ['質問', '回答'],
        ['バックアップは取得していますか。', null],
      ],
    },
  ]);
  const files = unzipSync(good);
  files['xl/media/padding.bin'] = new Uint8Array(size);
  return zipSync(files, { level: 9 });
}

/** Rewrites the declared uncompressed size of one entry (central directory and local header). */
export function lieAboutSize(zip: Uint8Array, entryName: string, declared: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const name = strToU8(entryName);
  const matchesName = (at: number) => name.every((b, i) => out[at + i] === b);
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = view.getUint32(p, true);
    if (sig === 0x02014b50 && view.getUint16(p + 28, true) === name.length && matchesName(p + 46)) view.setUint32(p + 24, declared, true);
    if (sig === 0x04034b50 && view.getUint16(p + 26, true) === name.length && matchesName(p + 30)) view.setUint32(p + 22, declared, true);
  }
  return out;
}

/** Starts like an OLE compound file; with `encrypted`, carries an EncryptionInfo stream name. */
export function cfbFile(encrypted: boolean): Uint8Array {
  const out = new Uint8Array(4096);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const name = encrypted ? 'EncryptionInfo' : 'Workbook';
  for (let i = 0; i < name.length; i++) out[1024 + i * 2] = name.charCodeAt(i);
  return out;
}

export { unzipSync };

/** The domain error `fn` raises (any other exception propagates; none is a failure). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** A one-question Excel 97-2003 workbook (.xls, written by SheetJS): for the tests that .xls is refused. */
export function buildTinyXls(): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['No', '質問', '回答', '備考'],
      [1, 'データのバックアップは取得していますか。', null, null],
    ]),
    'S',
  );
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
}
