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
  'stored in the central directory, deflated in the local header': () =>
    rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, method: 0, local: { method: 8 } } : e))),
  'deflated in the central directory, stored in the local header': () =>
    rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, local: { method: 0 } } : e))),
  'data descriptor in the local header only, with other sizes': () =>
    rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, descriptor: { uncompressedSize: 0x7fff_fff0 }, central: { flags: 0 } } : e))),
  'data descriptor disagreeing with the central directory': () =>
    rawZip(entriesOf(goodParts(), (e) => (e.name === SHEET ? { ...e, descriptor: { uncompressedSize: 0x0100_0000 } } : e))),
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
    parts['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>');
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
    parts['[Content_Types].xml'] = strToU8(
      new TextDecoder().decode(parts['[Content_Types].xml']).replace('spreadsheetml.sheet.main+xml', 'spreadsheetml.sheet.binary.macroEnabled.main'),
    );
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
    new TextDecoder()
      .decode(parts['[Content_Types].xml'])
      .replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
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
