// Hostile uploads, built in code and kept small: the crafted files of issue 13 ("a 2 KB upload
// must never take the Worker down"). Shared by the node tests, the Workers tests, the fuzz
// property and `npm run bench` (peak heap and time ratios). Each builder names the attack.
import { deflateSync, strToU8, unzipSync } from 'fflate';
import { buildXlsx } from '../node/questionnaire-fixtures';
import { crc32 } from '../../src/questionnaire/zip';

export interface RawEntry {
  name: string;
  data: Uint8Array;
  method?: 0 | 8;
  /** Fields written into the local header instead of the true ones. */
  local?: Partial<HeaderFields>;
  /** Fields written into the central record instead of the true ones. */
  central?: Partial<HeaderFields>;
  /** Write a data descriptor (with signature) after the data, holding these values. */
  descriptor?: Partial<Pick<HeaderFields, 'crc' | 'compressedSize' | 'uncompressedSize'>> | true;
}

export interface HeaderFields {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  name: string;
  localOffset: number;
}

/** A zip written field by field, so local headers and the central directory can disagree. */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const out: number[] = [];
  const central: number[] = [];
  const u16 = (a: number[], v: number) => a.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (a: number[], v: number) => a.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const bytes = (a: number[], b: Uint8Array) => {
    for (const x of b) a.push(x);
  };
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? deflateSync(e.data) : e.data;
    const truth: HeaderFields = { flags: e.descriptor ? 0x0008 : 0, method, crc: crc32(e.data), compressedSize: body.length, uncompressedSize: e.data.length, name: e.name, localOffset: out.length };
    const local = { ...truth, ...e.local };
    const cen = { ...truth, ...e.central };
    const localName = strToU8(local.name);
    u32(out, 0x04034b50);
    u16(out, 20);
    u16(out, local.flags);
    u16(out, local.method);
    u16(out, 0);
    u16(out, 0x21);
    u32(out, local.crc);
    u32(out, local.compressedSize);
    u32(out, local.uncompressedSize);
    u16(out, localName.length);
    u16(out, 0);
    bytes(out, localName);
    bytes(out, body);
    if (e.descriptor) {
      const d = { crc: truth.crc, compressedSize: truth.compressedSize, uncompressedSize: truth.uncompressedSize, ...(e.descriptor === true ? {} : e.descriptor) };
      u32(out, 0x08074b50);
      u32(out, d.crc);
      u32(out, d.compressedSize);
      u32(out, d.uncompressedSize);
    }
    const centralName = strToU8(cen.name);
    u32(central, 0x02014b50);
    u16(central, 20);
    u16(central, 20);
    u16(central, cen.flags);
    u16(central, cen.method);
    u16(central, 0);
    u16(central, 0x21);
    u32(central, cen.crc);
    u32(central, cen.compressedSize);
    u32(central, cen.uncompressedSize);
    u16(central, centralName.length);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u32(central, 0);
    u32(central, cen.localOffset);
    bytes(central, centralName);
  }
  const cdOffset = out.length;
  out.push(...central);
  u32(out, 0x06054b50);
  u16(out, 0);
  u16(out, 0);
  u16(out, entries.length);
  u16(out, entries.length);
  u32(out, central.length);
  u32(out, cdOffset);
  u16(out, 0);
  return Uint8Array.from(out);
}

const HEADER = ['質問', '回答', '備考'];
const QUESTIONS = ['データのバックアップは取得していますか。', '通信は暗号化されていますか。', 'ログは保管していますか。'];

/** The parts of a small, honest questionnaire workbook. */
export function goodParts(): Record<string, Uint8Array> {
  return unzipSync(buildXlsx([{ name: 'Sheet1', rows: [HEADER, ...QUESTIONS.map((q) => [q, null, null])] }]));
}

function entriesOf(parts: Record<string, Uint8Array>, edit: (e: RawEntry) => RawEntry = (e) => e): RawEntry[] {
  return Object.entries(parts).map(([name, data]) => edit({ name, data }));
}

const SHEET = 'xl/worksheets/sheet1.xml';

/** The local-header/central-directory disagreements of finding 1, by name. */
export const LOCAL_HEADER_LIES: Record<string, () => Uint8Array> = {
  // SheetJS trusts the local header's size and allocates it before inflating: 1.8 KB → GBs
  'local header declares a huge size': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, local: { uncompressedSize: 0x7fff_fff0 } } : e))),
  'stored in the central directory, deflated in the local header': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, method: 0, local: { method: 8 } } : e))),
  'deflated in the central directory, stored in the local header': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, local: { method: 0 } } : e))),
  'data descriptor in the local header only, with other sizes': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, descriptor: { uncompressedSize: 0x7fff_fff0 }, central: { flags: 0 } } : e))),
  'data descriptor disagreeing with the central directory': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, descriptor: { uncompressedSize: 0x0100_0000 } } : e))),
  'CRC differs from the data': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, local: { crc: 0x1234_5678 }, central: { crc: 0x1234_5678 } } : e))),
  'local name differs from the central name': () => rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, local: { name: 'xl/worksheets/sheet2.xml' } } : e))),
  'two entries with the same name': () => {
    const entries = entriesOf(goodParts());
    const evil = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
    return rawZip([...entries, { name: SHEET.toUpperCase(), data: strToU8(evil) }]);
  },
};

/** A ZIP that is an ODS, XLSB or Numbers file as well as an XLSX (finding 2). */
export const POLYGLOTS: Record<string, () => Uint8Array> = {
  // 10^9 repeated rows: SheetJS takes the ODS path when META-INF/manifest.xml is present
  'XLSX + ODS (table:number-rows-repeated = 10^9)': () => {
    const parts = goodParts();
    parts['mimetype'] = strToU8('application/vnd.oasis.opendocument.spreadsheet');
    parts['META-INF/manifest.xml'] = strToU8(
      '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
    );
    parts['content.xml'] = strToU8(
      '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1000000000"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>',
    );
    return rawZip(entriesOf(parts));
  },
  'XLSX + XLSB workbook part': () => {
    const parts = goodParts();
    parts['xl/workbook.bin'] = new Uint8Array(64);
    return rawZip(entriesOf(parts));
  },
  'XLSX + Apple Numbers index': () => {
    const parts = goodParts();
    parts['Index/Document.iwa'] = new Uint8Array(64);
    return rawZip(entriesOf(parts));
  },
  'content types naming an XLSB workbook': () => {
    const parts = goodParts();
    parts['[Content_Types].xml'] = strToU8(new TextDecoder().decode(parts['[Content_Types].xml']).replace('spreadsheetml.sheet.main+xml', 'spreadsheetml.sheet.binary.macroEnabled.main'));
    return rawZip(entriesOf(parts));
  },
};

function withSheetXml(sheetXml: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const parts = { ...goodParts(), ...extra };
  parts[SHEET] = strToU8(sheetXml);
  return rawZip(entriesOf(parts));
}

const WS_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const ROW1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>質問</t></is></c><c r="B1" t="inlineStr"><is><t>回答</t></is></c></row>';

/** Finding 3: the last row is never closed (the writer looped forever on ?format=file). */
export function unclosedLastRow(): Uint8Array {
  const q = (r: number, text: string) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${text}</t></is></c></row>`;
  return withSheetXml(`${WS_OPEN}${ROW1}${q(2, QUESTIONS[0]!)}${q(3, QUESTIONS[1]!)}<row r="4"><c r="A4" t="inlineStr"><is><t>${QUESTIONS[2]}</t></is></c></sheetData></worksheet>`);
}

/** Finding 4: n tiny shared strings (1.4 M of them were 225 MB of heap from a 60 KB file). */
export function manySharedStrings(n: number): Uint8Array {
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${n}" uniqueCount="${n}">${'<si><t>a</t></si>'.repeat(n)}</sst>`;
  const parts = goodParts();
  parts['xl/sharedStrings.xml'] = strToU8(sst);
  parts['xl/_rels/workbook.xml.rels'] = strToU8(
    new TextDecoder()
      .decode(parts['xl/_rels/workbook.xml.rels'])
      .replace('</Relationships>', '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
  );
  parts['[Content_Types].xml'] = strToU8(
    new TextDecoder().decode(parts['[Content_Types].xml']).replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
  );
  return rawZip(entriesOf(parts));
}

/** Repeats `unit` until the text is about `bytes` long (UTF-8). */
export function fill(unit: string, bytes: number): string {
  const size = new TextEncoder().encode(unit).length;
  return unit.repeat(Math.max(1, Math.floor(bytes / size)));
}

/** Worksheet XML of about `bytes` bytes made of ordinary question rows (the baseline). */
export function normalSheetXml(bytes: number): string {
  let rows = ROW1;
  for (let r = 2; rows.length * 1.3 < bytes; r++) rows += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${QUESTIONS[r % 3]}（${r}）</t></is></c></row>`;
  return `${WS_OPEN}${rows}</sheetData></worksheet>`;
}

/**
 * Finding 5: worksheet XML that made regular expressions quadratic, each about `bytes` long:
 * unclosed tags repeated, a huge attribute name, a long unterminated entity.
 */
export const QUADRATIC_SHEET_XML: Record<string, (bytes: number) => string> = {
  'unclosed <row repeated': (bytes) => `${WS_OPEN}${ROW1}${fill('<row ', bytes)}`,
  'unclosed <c repeated inside a row': (bytes) => `${WS_OPEN}${ROW1}<row r="2">${fill('<c ', bytes)}</row></sheetData></worksheet>`,
  'unclosed <dataValidation repeated': (bytes) => `${WS_OPEN}${ROW1}</sheetData><dataValidations>${fill('<dataValidation ', bytes)}`,
  'one attribute name of the whole size': (bytes) => `${WS_OPEN}<row r="1"><c ${fill('a', bytes)}/></row></sheetData></worksheet>`,
  'row bodies that never close': (bytes) => `${WS_OPEN}${fill('<row><c><v>1</v></c>', bytes)}</sheetData></worksheet>`,
};

export function sheetWorkbook(sheetXml: string): Uint8Array {
  return withSheetXml(sheetXml);
}

/**
 * A CSV of about `bytes` bytes whose header cell holds one long run of ※ between words: the
 * trailing-marks regex `[※…]+$` retried the run from every position (quadratic header trim).
 */
export function csvWithLongHeaderCell(bytes: number): Uint8Array {
  return strToU8(`質問${fill('※', bytes)}x,回答\nデータのバックアップは取得していますか。,\n`);
}

/** A CSV of about `bytes` bytes of ordinary questions (the baseline). */
export function normalCsv(bytes: number): Uint8Array {
  let text = '質問,回答\n';
  for (let i = 0; text.length * 2.6 < bytes; i++) text += `${QUESTIONS[i % 3]}（${i}）,\n`;
  return strToU8(text);
}

/**
 * Finding 6: questions that expand 18× under NFKC (U+FDFA). `rows` distinct questions of `chars`
 * characters each before normalization.
 */
export function csvOfExpandingQuestions(rows: number, chars: number): Uint8Array {
  const lines = ['質問,回答'];
  for (let i = 0; i < rows; i++) lines.push(`${i}${'\uFDFA'.repeat(chars)},`);
  return strToU8(`${lines.join('\n')}\n`);
}

/** A workbook whose entries are stored, not deflated: the file is about as large as its XML. */
export function storedWorkbook(sheetXml: string): Uint8Array {
  const parts = goodParts();
  parts[SHEET] = strToU8(sheetXml);
  return rawZip(Object.entries(parts).map(([name, data]) => ({ name, data, method: 0 })));
}

/** Questions made of varied squared katakana words (U+3300–U+3357, 3–6 characters each under NFKC), up to 2,000 after NFKC. */
export function csvOfSquaredWords(bytes: number): Uint8Array {
  const lines = ['質問,回答'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    let q = `${i}`;
    for (let k = 0; q.normalize('NFKC').length < 1990; k++) q += String.fromCharCode(0x3300 + ((i * 31 + k * 7) % 0x58));
    lines.push(`${q},`);
    size += new TextEncoder().encode(q).length + 2;
  }
  return strToU8(`${lines.join('\n')}\n`);
}

/** Questions of 2,000 characters of varied Japanese words (the most expensive text per character). */
export function csvOfLongVariedQuestions(bytes: number): Uint8Array {
  const words = ['バックアップ', '暗号化', 'アクセス制御', '監査ログ', '脆弱性診断', '多要素認証', '個人情報', 'データセンター', '障害対応', '委託先管理', '鍵管理', '冗長化', '保存期間', '削除', '通知'];
  const lines = ['質問,回答'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    let q = `${i}`;
    for (let k = 0; q.length < 1990; k++) q += `${words[(i + k * 7) % words.length]}の${k % 10}`;
    lines.push(`${q.slice(0, 2000)},`);
    size += new TextEncoder().encode(q).length + 2;
  }
  return strToU8(`${lines.join('\n')}\n`);
}

/** Within every count limit but as large as a part may be: `rows` rows of 50 styled cells without values. */
export function valuelessCells(rows: number): Uint8Array {
  let body = ROW1;
  const cols = Array.from({ length: 50 }, (_, c) => String.fromCharCode(65 + (c % 26)) + (c >= 26 ? 'A' : ''));
  const parts: string[] = [];
  for (let r = 2; r <= rows; r++) parts.push(`<row r="${r}">${cols.map((c) => `<c r="${c}${r}" s="1"/>`).join('')}</row>`);
  body += parts.join('');
  return withSheetXml(`${WS_OPEN}${body}</sheetData></worksheet>`);
}

/** A styles part of `n` cell formats (Excel's own maximum is 64,000). */
export function manyCellFormats(n: number): Uint8Array {
  const parts = goodParts();
  parts['xl/styles.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts><cellXfs count="${n}">${'<xf numFmtId="164" fontId="0" fillId="0" borderId="0"/>'.repeat(n)}</cellXfs></styleSheet>`,
  );
  parts['xl/_rels/workbook.xml.rels'] = strToU8(
    new TextDecoder()
      .decode(parts['xl/_rels/workbook.xml.rels'])
      .replace('</Relationships>', '<Relationship Id="rIdSty" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'),
  );
  return rawZip(Object.entries(parts).map(([name, data]) => ({ name, data })));
}

// --- issue 19: structures SheetJS (or kaitou after it) expanded without a bound -----------------

/** A styles part whose cell format 1 unlocks its cells (protection locked="0"). */
function withUnlockedStyle(parts: Record<string, Uint8Array>): Record<string, Uint8Array> {
  parts['xl/styles.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="0" applyProtection="1"><protection locked="0"/></xf></cellXfs></styleSheet>',
  );
  parts['xl/_rels/workbook.xml.rels'] = strToU8(
    new TextDecoder()
      .decode(parts['xl/_rels/workbook.xml.rels'])
      .replace('</Relationships>', '<Relationship Id="rIdSty" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'),
  );
  return parts;
}

/** `rows` ordinary question rows (header in row 1) as the body of `<sheetData>`. */
export function questionRows(rows: number): string {
  let body = ROW1;
  for (let r = 2; r <= rows; r++) body += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${QUESTIONS[r % 3]}（${r}）</t></is></c></row>`;
  return body;
}

/** A worksheet of a few questions with `after` written after `</sheetData>` (and `before` before `<sheetData>`). */
function sheetAround(after: string, before = '', rows = 4): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${before}<sheetData>${questionRows(rows)}</sheetData>${after}</worksheet>`;
}

/** One shared-formula anchor of 4,000 characters, and `rows` × `cols` cells saying only `<f t="shared" si="0"/>`. */
function sharedFormula(rows: number, cols: number): Uint8Array {
  const anchor = `<c r="B2"><f t="shared" ref="B2:G${rows + 4}" si="0">${'A2+'.repeat(1333)}A2</f><v>0</v></c>`;
  let body = questionRows(4).replace('<row r="2">', `<row r="2">${anchor}`);
  const letters = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].slice(0, cols);
  const list: string[] = [];
  for (let r = 5; r < rows + 5; r++) list.push(`<row r="${r}">${letters.map((c) => `<c r="${c}${r}"><f t="shared" si="0"/></c>`).join('')}</row>`);
  body += list.join('');
  return withSheetXml(`${WS_OPEN}${body}</sheetData></worksheet>`);
}

/**
 * Issue 19, high: each a small .xlsx that SheetJS (or kaitou's readers after it) expanded far past
 * what kaitou measured. `expect` is what kaitou answers now: 200 when the structure is simply never
 * handed to SheetJS (kaitou does not need it), else 413 workbook_too_complex with the measure.
 */
export const EXPANDING_XLSX: Record<string, { build: () => Uint8Array; expect: { status: 200 } | { status: 413; measure: string } }> = {
  // 1.8 KB → out of memory at 128 MB in 2 s: SheetJS wrote a hyperlink into every cell of the range
  'hyperlink over A1:Z400000': {
    build: () => withSheetXml(sheetAround('<hyperlinks><hyperlink ref="A1:Z400000" location="Sheet1!A1" display="x"/></hyperlinks>')),
    expect: { status: 200 },
  },
  // 12.7 KB → 979 MB peak heap, 200 after 22 s: the anchor's text re-stringified into every cell sharing it
  'shared formula: a 4,000-character anchor shared by 294,000 cells': {
    build: () => sharedFormula(49_000, 6),
    expect: { status: 413, measure: 'formula_cells' },
  },
  'shared formula: a 4,000-character anchor shared by 99,000 cells (within the bound)': {
    build: () => sharedFormula(16_500, 6),
    expect: { status: 200 },
  },
  // every array formula was checked again for every cell parsed after it (quadratic)
  'array formulas: 40,000 anchors, one per cell': {
    build: () => {
      const rows: string[] = [];
      for (let r = 5; r <= 8_004; r++) rows.push(`<row r="${r}">${['B', 'C', 'D', 'E', 'F'].map((c) => `<c r="${c}${r}"><f t="array" ref="${c}${r}:${c}${r + 1}">1</f></c>`).join('')}</row>`);
      return withSheetXml(`${WS_OPEN}${questionRows(4)}${rows.join('')}</sheetData></worksheet>`);
    },
    expect: { status: 200 },
  },
  // 83 KB → 292 MB, then every merge scanned for every question row
  'merge list: 60,000 <mergeCell>': {
    build: () => {
      const merges: string[] = [];
      for (let i = 0; i < 60_000; i++) merges.push(`<mergeCell ref="H${i + 1}:I${i + 1}"/>`);
      return withSheetXml(sheetAround(`<mergeCells count="60000">${merges.join('')}</mergeCells>`));
    },
    expect: { status: 413, measure: 'merged_ranges' },
  },
  'merges within the count, each over every row of the sheet': {
    build: () => {
      const merges: string[] = [];
      for (let i = 0; i < 15_000; i++) merges.push(`<mergeCell ref="Z1:AA1048576"/>`);
      return withSheetXml(sheetAround(`<mergeCells count="15000">${merges.join('')}</mergeCells>`, '', 40));
    },
    expect: { status: 413, measure: 'range_rows' },
  },
  // 45 KB → 895 MB, not finished after 7 min: one list validation whose sqref names 2 M ranges
  'dataValidation sqref with 2,000,000 ranges': {
    build: () => {
      const sqref = fill('B2 ', 6_000_000).trim();
      return withSheetXml(sheetAround(`<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="${sqref}"><formula1>"はい,いいえ"</formula1></dataValidation></dataValidations>`));
    },
    expect: { status: 413, measure: 'validation_ranges' },
  },
  'x14 dataValidation whose <xm:sqref> names 2,000,000 ranges': {
    build: () => {
      const sqref = fill('B2 ', 6_000_000).trim();
      return withSheetXml(
        sheetAround(
          `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>"はい,いいえ"</xm:f></x14:formula1><xm:sqref>${sqref}</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>`,
        ),
      );
    },
    expect: { status: 413, measure: 'validation_ranges' },
  },
  // within the range count, but every list reads the whole grid: 5,000 × 40 rows × 26 columns
  'list validations each reading the whole grid': {
    build: () => {
      const wide = Array.from(
        { length: 40 },
        (_, i) =>
          `<row r="${i + 1}">${Array.from({ length: 26 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}${i + 1}" t="inlineStr"><is><t>${c === 0 ? (i === 0 ? '質問' : `${QUESTIONS[i % 3]}（${i}）`) : c === 1 && i === 0 ? '回答' : `v${c}`}</t></is></c>`).join('')}</row>`,
      ).join('');
      const dvs = Array.from({ length: 5_000 }, (_, i) => `<dataValidation type="list" sqref="B${(i % 40) + 1}"><formula1>$A$1:$Z$${40 + (i % 7)}</formula1></dataValidation>`).join('');
      return withSheetXml(`${WS_OPEN}${wide}</sheetData><dataValidations count="5000">${dvs}</dataValidations></worksheet>`);
    },
    expect: { status: 413, measure: 'list_cells' },
  },
  // 16,384 columns added to a set per element, for an unlocked style on a protected sheet
  '<col min="1" max="16384"> repeated 20,000 times with an unlocked style': {
    build: () => {
      const parts = withUnlockedStyle(goodParts());
      parts[SHEET] = strToU8(sheetAround('<sheetProtection sheet="1"/>', `<cols>${'<col min="1" max="16384" style="1"/>'.repeat(20_000)}</cols>`));
      return rawZip(entriesOf(parts));
    },
    expect: { status: 413, measure: 'column_spans' },
  },
};

function letters(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * `merges` merged pairs of cells spread over the `rows` question rows (right of the questions), and
 * a dropdown on every answer cell, each its own range: detection asked every merge and every range
 * for every row it looked at (quadratic). `merges` 0 is the baseline.
 */
export function manyMergesAndDropdowns(rows: number, merges: number): Uint8Array {
  const list: string[] = [];
  const perRow = Math.ceil(merges / (rows - 1));
  for (let i = 0; i < merges; i++) {
    const r = 2 + Math.floor(i / perRow);
    const c = 4 + (i % perRow) * 2;
    list.push(`<mergeCell ref="${letters(c)}${r}:${letters(c + 1)}${r}"/>`);
  }
  const dvs = Array.from({ length: rows - 1 }, (_, i) => `B${i + 2}`).join(' ');
  const mergeCells = merges > 0 ? `<mergeCells count="${merges}">${list.join('')}</mergeCells>` : '';
  return withSheetXml(sheetAround(`${mergeCells}<dataValidations count="1"><dataValidation type="list" sqref="${dvs}"><formula1>"はい,いいえ"</formula1></dataValidation></dataValidations>`, '', rows));
}

/**
 * Issue 19, .xls: a compound file (OLE) whose FAT chains two sectors into a cycle, with a
 * "Workbook" directory entry whose stream starts in it (6.6 KB; SheetJS's CFB reader looped while
 * allocating: workerd 180 MB → 1.69 GB in 6.9 s). kaitou no longer parses .xls at all.
 */
export function cfbWithFatCycle(): Uint8Array {
  const sector = 512;
  const out = new Uint8Array(sector * 13);
  const view = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  view.setUint16(0x18, 0x003e, true); // minor version
  view.setUint16(0x1a, 0x0003, true); // major version 3 (512-byte sectors)
  view.setUint16(0x1c, 0xfffe, true); // little-endian
  view.setUint16(0x1e, 9, true); // sector shift
  view.setUint16(0x20, 6, true); // mini sector shift
  view.setUint32(0x2c, 1, true); // one FAT sector
  view.setUint32(0x30, 1, true); // directory starts at sector 1
  view.setUint32(0x38, 0x1000, true); // mini stream cutoff
  view.setUint32(0x3c, 0xfffffffe, true); // no mini FAT
  view.setUint32(0x44, 0xfffffffe, true); // no DIFAT sectors
  view.setUint32(0x4c, 0, true); // DIFAT[0]: FAT in sector 0
  for (let i = 1; i < 109; i++) view.setUint32(0x4c + i * 4, 0xffffffff, true);
  const fat = sector; // sector 0
  const entries = [0xfffffffd, 0xfffffffe, 3, 2]; // FAT sector, directory end, 2 → 3 → 2 …
  for (let i = 0; i < sector / 4; i++) view.setUint32(fat + i * 4, entries[i] ?? 0xffffffff, true);
  const dir = sector * 2; // sector 1
  const entry = (at: number, name: string, type: number, start: number, size: number) => {
    for (let i = 0; i < name.length; i++) view.setUint16(at + i * 2, name.charCodeAt(i), true);
    view.setUint16(at + 0x40, (name.length + 1) * 2, true);
    out[at + 0x42] = type;
    out[at + 0x43] = 1;
    view.setUint32(at + 0x44, 0xffffffff, true);
    view.setUint32(at + 0x48, 0xffffffff, true);
    view.setUint32(at + 0x4c, type === 5 ? 1 : 0xffffffff, true);
    view.setUint32(at + 0x74, start, true);
    view.setUint32(at + 0x78, size, true);
  };
  entry(dir, 'Root Entry', 5, 0xfffffffe, 0);
  entry(dir + 128, 'Workbook', 2, 2, 0x7fff_0000);
  return out;
}

/** Issue 19 at a given size (for the time ratios of `npm run bench -- --hostile`): worksheet XML of about `bytes` bytes. */
export const EXPANDING_SHEET_XML: Record<string, (bytes: number) => string> = {
  'hyperlinks over huge ranges': (bytes) => sheetAround(`<hyperlinks>${fill('<hyperlink ref="A1:Z400000" display="x"/>', bytes)}</hyperlinks>`),
  '<mergeCell> list': (bytes) => {
    const list: string[] = [];
    for (let i = 0, size = 0; size < bytes; i++, size += 30) list.push(`<mergeCell ref="H${i + 1}:I${i + 1}"/>`);
    return sheetAround(`<mergeCells>${list.join('')}</mergeCells>`);
  },
  'one sqref of tiny ranges': (bytes) => sheetAround(`<dataValidations count="1"><dataValidation type="list" sqref="${fill('B2 ', bytes).trim()}"><formula1>"はい,いいえ"</formula1></dataValidation></dataValidations>`),
  'shared formula cells': (bytes) => {
    const rows: string[] = [];
    for (let r = 5, size = 0; size < bytes; r++, size += 120) rows.push(`<row r="${r}">${['B', 'C', 'D'].map((c) => `<c r="${c}${r}"><f t="shared" si="0"/></c>`).join('')}</row>`);
    return `${WS_OPEN}${questionRows(4).replace('<row r="2">', `<row r="2"><c r="B2"><f t="shared" ref="B2:D99999" si="0">${'A2+'.repeat(1333)}A2</f><v>0</v></c>`)}${rows.join('')}</sheetData></worksheet>`;
  },
  '<col> spans': (bytes) => sheetAround('', `<cols>${fill('<col min="1" max="16384" style="1"/>', bytes)}</cols>`),
};
