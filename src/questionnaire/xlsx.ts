// XLSX questionnaires → WorkbookModel. One trusted view of the archive first (zip.ts: local
// headers checked against the central directory, CRCs, bounded inflation), then the package
// itself decides the format ([Content_Types].xml; another format's parts are refused), then every
// part we or SheetJS read is checked and measured by one linear pass (xml.ts scanXml) against the
// bounds in limits.ts. SheetJS never sees the upload: it gets a package assembled here from those
// measured, already-inflated parts (XLSX.parse_zip on an in-memory container), so what it parses
// is exactly what was measured. Cell text comes from SheetJS (shared strings, rich text, number
// and date formats); the structure it does not expose (sheet part names, data validations incl.
// the x14 extension, defined names) is read from the XML here.
import * as XLSX from '@e965/xlsx';
import {
  invalidXlsx,
  MAX_CELL_ELEMENTS,
  MAX_CELL_FORMATS,
  MAX_COLUMN_SPAN,
  MAX_FORMULA_CELLS,
  MAX_LIST_CELLS_READ,
  MAX_MERGED_RANGES,
  MAX_RANGE_ROWS,
  MAX_VALIDATION_RANGES,
  MAX_GRID_CELLS,
  MAX_GRID_ROWS,
  MAX_ROW_ELEMENTS,
  MAX_NUMBER_FORMATS,
  MAX_ROWS,
  MAX_SHARED_STRING_CHARS,
  MAX_SHARED_STRINGS,
  MAX_SHEETS,
  MAX_XML_DEPTH,
  MAX_XML_ELEMENTS,
  mixedPackage,
  sheetsTooLarge,
  tooManyRows,
  workbookTooComplex,
} from './limits';
import { findEntry, inflateEntry, readZip, verifyZipExpansion, type ZipArchive } from './zip';
import { attributeValue, escapeXmlAttr, parseAttributes, prefixedAttr, scanXml, textBetween, XmlError, type XmlTag } from './xml';
import type { ForeignFormat } from '../messages/catalog';
import { cellKey, indexedRowSpan, parseCellRef, parseRangeRef, type CellRange, type ListValidation, type SheetModel, type SheetProtection, type WorkbookModel } from './model';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();
const XML_LIMITS = { maxDepth: MAX_XML_DEPTH };

export interface XlsxPackage {
  zip: ZipArchive;
  /** Worksheet zip entry per sheet name. */
  sheetParts: Map<string, string>;
}

interface SheetEntry {
  name: string;
  hidden: boolean;
  partName: string | undefined;
}

/**
 * Decoded XML parts, each scanned once (well-formed enough, depth bounded) and counted against
 * the workbook-wide element budget before anything else reads it.
 */
class PartReader {
  private elements = 0;
  private readonly texts = new Map<string, string>();
  private readonly raw = new Map<string, Uint8Array>();
  constructor(readonly zip: ZipArchive) {}

  /** The part's inflated bytes (read once), or undefined when the archive has no such entry. */
  bytes(name: string): Uint8Array | undefined {
    const entry = findEntry(this.zip, name);
    if (!entry) return undefined;
    let bytes = this.raw.get(entry.name);
    if (!bytes) {
      bytes = inflateEntry(this.zip, entry);
      this.raw.set(entry.name, bytes);
    }
    return bytes;
  }

  /** The part's text, scanned (with `onTag`) and counted once; undefined when the archive has no such entry. */
  text(name: string, onTag?: (tag: XmlTag, xml: string) => void): string | undefined {
    const entry = findEntry(this.zip, name);
    if (!entry) return undefined;
    const cached = this.texts.get(entry.name);
    if (cached !== undefined) return cached;
    const xml = utf8.decode(this.bytes(name));
    try {
      scanXml(xml, XML_LIMITS, (t, x) => {
        onTag?.(t, x);
        this.count(t);
      });
    } catch (err) {
      if (err instanceof XmlError) throw invalidXlsx('malformed_xml', entry.name);
      throw err;
    }
    this.texts.set(entry.name, xml);
    return xml;
  }

  /** Counts one element into the workbook-wide budget (use as, or inside, a scan callback). */
  count = (tag: XmlTag): void => {
    if (tag.kind !== 'close' && ++this.elements > MAX_XML_ELEMENTS) throw workbookTooComplex('xml_elements', this.elements, MAX_XML_ELEMENTS);
  };

  /** Drops what is kept of a part once it is no longer needed (its text, and its bytes unless `keepBytes`). */
  forget(name: string, keepBytes = false): void {
    const entry = findEntry(this.zip, name);
    if (!entry) return;
    this.texts.delete(entry.name);
    if (!keepBytes) this.raw.delete(entry.name);
  }

  /** Re-walks a part already read with `text` (no second count). */
  walk(xml: string, onTag: (tag: XmlTag, xml: string) => void): void {
    scanXml(xml, XML_LIMITS, onTag);
  }
}

/** Resolves a relationship target against the folder of the part that owns the .rels file. */
function resolveTarget(baseDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : `${baseDir}${target}`;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

function tagText(xml: string, t: XmlTag): string {
  return xml.slice(t.start, t.end);
}

function relationships(parts: PartReader, xml: string, baseDir: string): Map<string, { type: string; target: string }> {
  const rels = new Map<string, { type: string; target: string }>();
  parts.walk(xml, (t, x) => {
    if (t.local !== 'Relationship' || t.kind === 'close') return;
    const a = parseAttributes(tagText(x, t));
    const id = a.get('Id');
    const target = a.get('Target');
    if (!id || !target || a.get('TargetMode') === 'External') return;
    rels.set(id, { type: a.get('Type') ?? '', target: resolveTarget(baseDir, target) });
  });
  return rels;
}

/** Entries that belong to other spreadsheet formats SheetJS would otherwise switch to. */
const FOREIGN_PARTS: Array<[RegExp, ForeignFormat]> = [
  [/^meta-inf\/manifest\.xml$/, 'ods'],
  [/^mimetype$/, 'ods'],
  [/^content\.xml$/, 'ods'],
  [/^objectdata\.xml$/, 'uoc'],
  [/^index\//, 'numbers'],
  [/^index\.(zip|xml|xml\.gz)$/, 'numbers'],
  [/\.bin$/, 'xlsb'],
];
/** Binary parts an ordinary .xlsx/.xlsm may carry (VBA project, printer settings, embedded objects). */
const ALLOWED_BIN = /^(xl\/vbaproject\.bin|xl\/printersettings\/[^/]+\.bin|xl\/embeddings\/[^/]+\.bin|xl\/activex\/[^/]+\.bin|customui\/[^/]+\.bin)$/;
const WORKBOOK_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.ms-excel.sheet.macroenabled.main+xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
  'application/vnd.ms-excel.template.macroenabled.main+xml',
]);

/**
 * The package decides its format: [Content_Types].xml must name an OOXML spreadsheet workbook
 * (.xlsx/.xlsm/.xltx/.xltm, not XLSB) that the root relationship points to, and no entry may
 * belong to another format. Returns the workbook part name.
 */
function decideFormat(parts: PartReader): string {
  for (const e of parts.zip.entries) {
    const name = e.name.toLowerCase();
    for (const [re, what] of FOREIGN_PARTS) {
      if (re.test(name) && !(what === 'xlsb' && ALLOWED_BIN.test(name))) throw mixedPackage(what);
    }
  }
  const ct = parts.text('[Content_Types].xml');
  if (ct === undefined) throw invalidXlsx('no_content_types');
  let mainPart: string | null = null;
  parts.walk(ct, (t, x) => {
    if (t.local !== 'Override' || t.kind === 'close') return;
    const a = parseAttributes(tagText(x, t));
    const type = (a.get('ContentType') ?? '').toLowerCase();
    if (type.includes('sheet.binary') || type.includes('ms-excel.sheet.binary')) throw mixedPackage('xlsb');
    if (WORKBOOK_TYPES.has(type)) {
      if (mainPart !== null) throw invalidXlsx('two_workbooks');
      mainPart = resolveTarget('', a.get('PartName') ?? '');
    }
  });
  if (mainPart === null) throw invalidXlsx('no_workbook_type');
  const rootRels = parts.text('_rels/.rels');
  if (rootRels !== undefined) {
    for (const rel of relationships(parts, rootRels, '').values()) {
      if (rel.type.endsWith('/officeDocument') && rel.target.toLowerCase() !== (mainPart as string).toLowerCase()) {
        throw invalidXlsx('package_mismatch');
      }
    }
  }
  return mainPart;
}

interface DefinedName {
  name: string;
  localSheet: number | null;
  ref: string;
}

interface Structure {
  workbookPart: string;
  sheets: SheetEntry[];
  definedNames: DefinedName[];
  date1904: boolean;
  sharedStrings: string | undefined;
  styles: string | undefined;
}

function readStructure(parts: PartReader): Structure {
  const wbPart = decideFormat(parts);
  const wbXml = parts.text(wbPart);
  if (!wbXml) throw invalidXlsx('no_workbook_part');
  const dir = wbPart.includes('/') ? wbPart.slice(0, wbPart.lastIndexOf('/') + 1) : '';
  const relsName = `${dir}_rels/${wbPart.slice(dir.length)}.rels`;
  const rels = relationships(parts, parts.text(relsName) ?? '', dir);
  const sheets: SheetEntry[] = [];
  const definedNames: DefinedName[] = [];
  let date1904 = false;
  let openName: { attrs: Map<string, string>; contentStart: number } | null = null;
  parts.walk(wbXml, (t, x) => {
    if (t.local === 'sheet' && t.kind !== 'close') {
      const a = parseAttributes(tagText(x, t));
      const relId = prefixedAttr(a, 'id');
      const state = a.get('state') ?? 'visible';
      const rel = relId ? rels.get(relId) : undefined;
      sheets.push({ name: a.get('name') ?? '', hidden: state !== 'visible', partName: rel?.target });
    } else if (t.local === 'workbookPr' && t.kind !== 'close') {
      const v = parseAttributes(tagText(x, t)).get('date1904');
      date1904 = v === '1' || v === 'true';
    } else if (t.local === 'definedName') {
      if (t.kind === 'open') openName = { attrs: parseAttributes(tagText(x, t)), contentStart: t.end };
      else if (t.kind === 'close' && openName) {
        const local = openName.attrs.get('localSheetId');
        definedNames.push({ name: openName.attrs.get('name') ?? '', localSheet: local === undefined ? null : Number(local), ref: textBetween(x, openName.contentStart, t.start) });
        openName = null;
      }
    }
  });
  if (sheets.length > MAX_SHEETS) throw workbookTooComplex('sheets', sheets.length, MAX_SHEETS);
  let sharedStrings: string | undefined;
  let styles: string | undefined;
  for (const rel of rels.values()) {
    if (rel.type.endsWith('/sharedStrings')) sharedStrings = rel.target;
    else if (rel.type.endsWith('/styles')) styles = rel.target;
  }
  return { workbookPart: wbPart, sheets, definedNames, date1904, sharedStrings, styles };
}

/**
 * Start tags with one local name (any prefix), counted on the raw bytes before the part is decoded
 * into a string at all: a 60 KB upload can inflate into 24 MB of tiny elements.
 */
export function countStartTags(bytes: Uint8Array, local: string): number {
  const name = [...local].map((ch) => ch.charCodeAt(0));
  let count = 0;
  for (let i = bytes.indexOf(0x3c); i >= 0; i = bytes.indexOf(0x3c, i + 1)) {
    let j = i + 1;
    // optional prefix: name characters up to a colon
    let k = j;
    while (k < bytes.length && k - j < 64 && isNameByte(bytes[k]!)) k++;
    if (bytes[k] === 0x3a) j = k + 1;
    let m = 0;
    while (m < name.length && bytes[j + m] === name[m]) m++;
    if (m < name.length) continue;
    const after = bytes[j + m];
    if (after === 0x3e || after === 0x2f || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d) count++;
  }
  return count;
}

function isNameByte(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2e || b === 0x2d;
}

/** Counts shared strings and their characters before SheetJS turns each into objects. */
function measureSharedStrings(parts: PartReader, name: string): string | undefined {
  const raw = parts.bytes(name);
  if (raw === undefined) return undefined;
  const tags = countStartTags(raw, 'si');
  if (tags > MAX_SHARED_STRINGS) throw workbookTooComplex('shared_strings', tags, MAX_SHARED_STRINGS);
  if (raw.length > MAX_SHARED_STRING_CHARS * 3) throw workbookTooComplex('shared_string_chars', raw.length, MAX_SHARED_STRING_CHARS);
  let count = 0;
  let chars = 0;
  let prevEnd = 0;
  return parts.text(name, (t) => {
    chars += t.start - prevEnd;
    prevEnd = t.end;
    if (t.local === 'si' && t.kind !== 'close' && ++count > MAX_SHARED_STRINGS) throw workbookTooComplex('shared_strings', count, MAX_SHARED_STRINGS);
    if (chars > MAX_SHARED_STRING_CHARS) throw workbookTooComplex('shared_string_chars', chars, MAX_SHARED_STRING_CHARS);
  });
}

function cellRef(ref: string | undefined): { col: number; row: number } | null {
  const m = ref === undefined ? null : /^([A-Za-z]{1,4})(\d{1,9})$/.exec(ref);
  return m ? { col: columnNumber(m[1]!), row: Number(m[2]) } : null;
}

/**
 * Rows with values, and how far down and right values reach (1-based). The model is a dense grid,
 * so its memory follows the extent, not the number of values: one value at A1048576 would cost a
 * million rows. Measured on the XML in one pass before SheetJS parses anything. A value is a
 * `<v>` or `<t>` with text.
 */
export function measureSheet(sheetXml: string, onTag?: (tag: XmlTag, xml: string) => void): { rowsWithValues: number; maxRow: number; maxCol: number; formulas: Set<number> } {
  const formulas = new Set<number>();
  let rowsWithValues = 0;
  let maxRow = 0;
  let maxCol = 0;
  let rowIndex = 0;
  let rowOpen = false;
  let rowHasValue = false;
  let colIndex = 0;
  let cellRow: number | null = null;
  let cellCol = 0;
  let cellHasValue = false;
  // a formula is an <f> of the cell's own namespace inside a <c> (not x14's <xm:f> of a dropdown)
  let inCell = false;
  let cellPrefix = '';
  const endCell = () => {
    if (!cellHasValue) return;
    maxCol = Math.max(maxCol, cellCol);
    if (cellRow !== null) maxRow = Math.max(maxRow, cellRow);
    cellHasValue = false;
  };
  const endRow = () => {
    if (rowOpen && rowHasValue) {
      rowsWithValues++;
      maxRow = Math.max(maxRow, rowIndex);
    }
    rowOpen = false;
    rowHasValue = false;
  };
  const visit = (t: XmlTag, x: string) => {
    onTag?.(t, x);
    if (t.local === 'row') {
      if (t.kind === 'close') return endRow();
      const declared = Number(attributeValue(x, t.start, t.end, 'r'));
      rowIndex = Number.isInteger(declared) && declared > 0 ? declared : rowIndex + 1;
      colIndex = 0;
      if (t.kind === 'open') {
        rowOpen = true;
        rowHasValue = false;
      }
    } else if (t.local === 'c') {
      inCell = t.kind === 'open';
      cellPrefix = t.prefix;
      if (t.kind === 'close') return endCell();
      const ref = cellRef(attributeValue(x, t.start, t.end, 'r'));
      colIndex = ref ? ref.col : colIndex + 1;
      cellCol = colIndex;
      cellRow = ref ? ref.row : null;
      cellHasValue = false;
    } else if (t.local === 'f' && t.kind !== 'close' && inCell && t.prefix === cellPrefix && rowIndex > 0 && colIndex > 0) {
      // where SheetJS puts the cell: the row element's number, the cell's own column
      formulas.add(cellKey(rowIndex - 1, colIndex - 1));
    } else if ((t.local === 'v' || t.local === 't') && t.kind === 'open') {
      const next = x.charCodeAt(t.end);
      if (t.end < x.length && next !== 0x3c) {
        cellHasValue = true;
        rowHasValue = true;
      }
    }
  };
  try {
    scanXml(sheetXml, XML_LIMITS, visit);
  } catch (err) {
    if (err instanceof XmlError) throw invalidXlsx('malformed_xml', 'worksheet');
    throw err;
  }
  return { rowsWithValues, maxRow, maxCol, formulas };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

interface RawValidation {
  sqref: string;
  formula: string;
}

/**
 * List validations of a worksheet: classic `<dataValidation>` and Excel 2010's x14 extension,
 * collected tag by tag during the sheet's measuring pass (no second scan, no regex over the part).
 */
class ListValidationCollector {
  readonly found: RawValidation[] = [];
  private current: { attrs: Map<string, string>; formula: string | null; sqref: string | null } | null = null;
  private textStart = -1;
  /** `budget.ranges`: ranges of list validations so far, over the workbook (MAX_VALIDATION_RANGES). */
  constructor(private readonly budget: { ranges: number }) {}

  visit = (t: XmlTag, x: string): void => {
    if (t.local === 'dataValidation') {
      if (t.kind === 'open') this.current = { attrs: parseAttributes(tagText(x, t)), formula: null, sqref: null };
      else if (t.kind === 'close' && this.current) {
        const { attrs, formula, sqref: sqrefText } = this.current;
        const sqref = attrs.get('sqref') ?? sqrefText ?? '';
        if (attrs.get('type') === 'list' && formula !== null && sqref) {
          // counted before anything splits the list: one sqref can name millions of ranges
          this.budget.ranges += countWords(sqref);
          if (this.budget.ranges > MAX_VALIDATION_RANGES) throw workbookTooComplex('validation_ranges', this.budget.ranges, MAX_VALIDATION_RANGES);
          this.found.push({ sqref, formula });
        }
        this.current = null;
      }
      return;
    }
    if (!this.current || (t.local !== 'formula1' && t.local !== 'sqref')) return;
    if (t.kind === 'open') this.textStart = t.end;
    else if (t.kind === 'close' && this.textStart >= 0) {
      const text = textBetween(x, this.textStart, t.start);
      if (t.local === 'formula1') this.current.formula ??= text;
      else this.current.sqref ??= text;
      this.textStart = -1;
    }
  };
}

/** Whitespace-separated words of a text (the ranges of an sqref), in one pass. */
function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 0x20;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * What SheetJS gets of a worksheet, collected in the sheet's measuring pass: its `<sheetData>` and
 * nothing else, without the formula elements (cached values stay). SheetJS expanded what lies
 * outside the cells (a `<hyperlink ref="A1:Z400000">` cell by cell), re-wrote a shared formula's
 * text into every cell that shares it and scanned every array formula for every cell after it;
 * kaitou only needs to know which cells hold a formula, and `measureSheet` records that itself.
 * Merged ranges are read here instead (bounded by MAX_MERGED_RANGES over the workbook), and the
 * `<col>` spans are summed (MAX_COLUMN_SPAN per sheet) before the protection reader expands them.
 */
class SheetJSView {
  /** Start and end offsets of `<sheetData>`'s content, then of each formula element in it (to leave out). */
  private content: [number, number] | null = null;
  private readonly skip: number[] = [];
  private formulaStart = -1;
  private inSheetData = false;
  private columns = 0;
  readonly merges: CellRange[] = [];
  /** Merged ranges and formula elements so far, over the workbook. */
  constructor(private readonly budget: { merges: number; formulas: number }) {}

  visit = (t: XmlTag, x: string): void => {
    if (t.local === 'sheetData' && this.content === null) {
      if (t.kind === 'open') {
        this.inSheetData = true;
        this.content = [t.end, t.end];
      } else if (t.kind === 'empty') this.content = [t.end, t.end];
      return;
    }
    if (this.inSheetData) {
      if (t.local === 'sheetData' && t.kind === 'close') {
        this.inSheetData = false;
        if (this.content) this.content[1] = t.start;
      } else if (t.local === 'f') {
        if (t.kind !== 'close' && ++this.budget.formulas > MAX_FORMULA_CELLS) throw workbookTooComplex('formula_cells', this.budget.formulas, MAX_FORMULA_CELLS);
        if (t.kind === 'empty') this.skip.push(t.start, t.end);
        else if (t.kind === 'open') this.formulaStart = t.start;
        else if (this.formulaStart >= 0) {
          this.skip.push(this.formulaStart, t.end);
          this.formulaStart = -1;
        }
      }
      return;
    }
    if (t.kind === 'close') return;
    if (t.local === 'mergeCell') {
      if (++this.budget.merges > MAX_MERGED_RANGES) throw workbookTooComplex('merged_ranges', this.budget.merges, MAX_MERGED_RANGES);
      const range = parseRangeRef(attributeValue(x, t.start, t.end, 'ref') ?? '');
      if (range) this.merges.push(range);
    } else if (t.local === 'col') {
      const min = Math.max(1, Number(attributeValue(x, t.start, t.end, 'min')));
      const max = Math.min(16_384, Number(attributeValue(x, t.start, t.end, 'max')));
      if (Number.isFinite(min) && Number.isFinite(max) && max >= min) this.columns += max - min + 1;
      if (this.columns > MAX_COLUMN_SPAN) throw workbookTooComplex('column_spans', this.columns, MAX_COLUMN_SPAN);
    }
  };

  /**
   * The worksheet SheetJS parses, written straight into bytes (no intermediate strings): at most
   * `maxBytes` (the part's own size) of content, since parts are only left out.
   */
  bytes(x: string, maxBytes: number): Uint8Array {
    const head = encoder.encode('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    const tail = encoder.encode('</sheetData></worksheet>');
    const out = new Uint8Array(head.length + maxBytes + tail.length);
    out.set(head);
    let pos = head.length;
    const copy = (from: number, to: number) => {
      if (to > from) pos += encoder.encodeInto(x.slice(from, to), out.subarray(pos)).written;
    };
    if (this.content) {
      let from = this.content[0];
      for (let i = 0; i < this.skip.length; i += 2) {
        copy(from, this.skip[i]!);
        from = this.skip[i + 1]!;
      }
      copy(from, this.content[1]);
    }
    out.set(tail, pos);
    return out.subarray(0, pos + tail.length);
  }
}

/** Splits "'My Sheet'!$A$1:$A$4" into sheet and range; a bare range refers to `ownSheet`. */
function splitSheetRef(ref: string, ownSheet: string): { sheet: string; range: string } {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) return { sheet: ownSheet, range: ref };
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replaceAll("''", "'");
  return { sheet, range: ref.slice(bang + 1) };
}

/** Splits an Excel literal list ("はい,いいえ") honouring doubled quotes. */
function literalChoices(inner: string): string[] {
  return inner
    .replaceAll('""', '"')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function resolveChoices(
  formula: string,
  ownSheet: string,
  ownIndex: number,
  cellsBySheet: Map<string, string[][]>,
  definedNames: DefinedName[],
  budget: { cells: number },
  depth = 0,
  /** Collects the other sheets a list is read from (the sheet of the dropdowns' lists). */
  sources?: Set<string>,
): string[] | null {
  const f = formula.trim().replace(/^=/, '');
  if (f.startsWith('"') && f.endsWith('"') && f.length >= 2) return literalChoices(f.slice(1, -1));
  const { sheet, range } = splitSheetRef(f, ownSheet);
  const rg = parseRangeRef(range, 9_999);
  if (rg) {
    const cells = cellsBySheet.get(sheet);
    if (!cells) return null;
    if (sheet !== ownSheet) sources?.add(sheet);
    const out: string[] = [];
    // Bounded by the cells that exist: a list source like A1:XFD1048576 must not cost its area.
    for (let r = rg.s.r; r <= rg.e.r && r < cells.length; r++) {
      const row = cells[r] ?? [];
      for (let c = rg.s.c; c <= rg.e.c && c < row.length; c++) {
        // thousands of validations may each name the whole grid
        if (++budget.cells > MAX_LIST_CELLS_READ) throw workbookTooComplex('list_cells', budget.cells, MAX_LIST_CELLS_READ);
        const v = row[c]?.trim();
        if (v) out.push(v);
      }
    }
    return out.length > 0 ? out : null;
  }
  if (depth > 2 || !/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(f)) return null; // INDIRECT(...) etc.
  const dn = definedNames.find((d) => d.name === f && d.localSheet === ownIndex) ?? definedNames.find((d) => d.name === f && d.localSheet === null);
  return dn ? resolveChoices(dn.ref, ownSheet, ownIndex, cellsBySheet, definedNames, budget, depth + 1, sources) : null;
}

/** Bounds what SheetJS built (rows and cells over all sheets) before anything walks the grid. */
export function checkParsedExtent(wb: XLSX.WorkBook): void {
  let parsedRows = 0;
  let parsedCells = 0;
  for (const name of wb.SheetNames) {
    const data = (wb.Sheets[name] as XLSX.DenseWorkSheet | undefined)?.['!data'] ?? [];
    parsedRows += data.length;
    // Checked before walking the rows: a sparse array can claim a length of billions.
    if (parsedRows > MAX_GRID_ROWS) throw sheetsTooLarge(parsedRows, parsedCells);
    for (let r = 0; r < data.length; r++) parsedCells += data[r]?.length ?? 0;
    if (parsedCells > MAX_GRID_CELLS) throw sheetsTooLarge(parsedRows, parsedCells);
  }
}

/** Style indexes (cellXfs) whose protection unlocks the cell; every other style is locked (Excel's default). */
function unlockedStyles(parts: PartReader, stylesPart: string | undefined): Set<number> {
  const out = new Set<number>();
  if (stylesPart === undefined) return out;
  let inCellXfs = false;
  let index = -1;
  const xml = parts.text(stylesPart); // scanned and counted once (cached); walked again here
  if (xml === undefined) return out;
  scanXml(xml, XML_LIMITS, (t, x) => {
    if (t.local === 'cellXfs') inCellXfs = t.kind === 'open';
    else if (inCellXfs && t.local === 'xf' && t.kind !== 'close') index++;
    else if (inCellXfs && t.local === 'protection' && t.kind !== 'close') {
      const locked = attributeValue(x, t.start, t.end, 'locked');
      if (locked === '0' || locked === 'false') out.add(index);
    }
  });
  return out;
}

/**
 * Sheet protection (Excel's Protect Sheet), read in the same pass as the sheet measure: whether the
 * sheet is protected, and which cells and columns a style unlocks. Only unlocked cells and cells in
 * unlocked columns are remembered (a protected sheet's default is locked).
 */
class ProtectionCollector {
  private protectedSheet = false;
  private readonly cellLocked = new Map<number, boolean>();
  private readonly unlockedCols = new Set<number>();
  constructor(private readonly unlocked: ReadonlySet<number>) {}

  visit = (t: XmlTag, x: string): void => {
    if (t.kind === 'close') return;
    if (t.local === 'sheetProtection') {
      const sheet = attributeValue(x, t.start, t.end, 'sheet');
      this.protectedSheet = sheet === '1' || sheet === 'true';
    } else if (t.local === 'col') {
      if (!this.unlocked.has(Number(attributeValue(x, t.start, t.end, 'style') ?? '0'))) return;
      const min = Number(attributeValue(x, t.start, t.end, 'min'));
      const max = Math.min(Number(attributeValue(x, t.start, t.end, 'max')), min + 16_384);
      for (let c = min; c <= max && c <= 16_384; c++) this.unlockedCols.add(c - 1);
    } else if (t.local === 'c') {
      if (this.unlocked.size === 0 && this.unlockedCols.size === 0) return;
      const ref = parseCellRef(attributeValue(x, t.start, t.end, 'r') ?? '');
      if (!ref) return;
      const open = this.unlocked.has(Number(attributeValue(x, t.start, t.end, 's') ?? '0'));
      if (open || this.unlockedCols.has(ref.c)) this.cellLocked.set(cellKey(ref.r, ref.c), !open);
    }
  };

  result(): SheetProtection | null {
    return this.protectedSheet ? { cellLocked: this.cellLocked, unlockedCols: this.unlockedCols } : null;
  }
}

/**
 * Formula cells read from the worksheet XML itself, in the same pass as the sheet measure: every
 * `<c>` that holds an `<f>` element, whatever its cached value (`<v></v>`, `<v/>`, no `<v>` at all,
 * with or without `t="str"`). SheetJS drops a formula cell that has no cached value, so its view
 * alone let such a cell be written over. `text` is the formula as stored (its `<f>` tag and body),
 * for the write check: a formula cell must come back with the same formula.
 */
export class FormulaCollector {
  readonly cells = new Set<number>();
  readonly text = new Map<number, string>();
  private row = 0;
  /** `<c>` tags seen in the current row (the position of a cell written without `r`). */
  private cellsInRow = 0;
  /** Offsets of the open `<c>` tag, read only when it holds a formula (most cells do not). */
  private cellTag: { start: number; end: number } | null = null;

  visit = (t: XmlTag, x: string): void => {
    const local = t.local;
    if (local === 'c') {
      if (t.kind === 'close') this.cellTag = null;
      else {
        this.cellsInRow++;
        this.cellTag = t.kind === 'open' ? { start: t.start, end: t.end } : null;
      }
    } else if (local === 'f') {
      if (t.kind === 'close' || this.cellTag === null) return;
      const ref = parseCellRef(attributeValue(x, this.cellTag.start, this.cellTag.end, 'r') ?? '');
      const key = ref ? cellKey(ref.r, ref.c) : cellKey(this.row, this.cellsInRow - 1);
      this.cells.add(key);
      const body = t.kind === 'open' ? x.slice(t.end, Math.max(t.end, x.indexOf('<', t.end))) : '';
      this.text.set(key, `${x.slice(t.start, t.end)}${body}`);
    } else if (local === 'row' && t.kind !== 'close') {
      const declared = Number(attributeValue(x, t.start, t.end, 'r'));
      this.row = Number.isInteger(declared) && declared > 0 ? declared - 1 : this.row + 1;
      this.cellsInRow = 0;
    }
  };
}

export function cellsOf(ws: XLSX.WorkSheet): string[][] {
  const data = (ws as XLSX.DenseWorkSheet)['!data'] ?? [];
  const rows: string[][] = [];
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    const row: string[] = [];
    if (src) {
      for (let c = 0; c < src.length; c++) {
        const cell = src[c];
        if (!cell || cell.v === undefined || cell.v === null) {
          row[c] = '';
          continue;
        }
        row[c] = cell.w ?? String(cell.v);
      }
    }
    rows[r] = row;
  }
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return rows;
}

/**
 * The only styles SheetJS needs to show values as Excel does: number formats and which one each
 * cell format uses. Written here from the customer's styles part instead of handing it over
 * (fonts, fills and borders are parsed by SheetJS whatever the options: 400,000 cell formats in a
 * 66 KB upload took 167 MB). Counted on the raw bytes before decoding.
 */
function numberFormatStyles(parts: PartReader, name: string): string | undefined {
  const raw = parts.bytes(name);
  if (raw === undefined) return undefined;
  const xfs = countStartTags(raw, 'xf');
  if (xfs > MAX_CELL_FORMATS) throw workbookTooComplex('cell_formats', xfs, MAX_CELL_FORMATS);
  const numFmts = countStartTags(raw, 'numFmt');
  if (numFmts > MAX_NUMBER_FORMATS) throw workbookTooComplex('number_formats', numFmts, MAX_NUMBER_FORMATS);
  const xml = parts.text(name);
  if (xml === undefined) return undefined;
  const formats: string[] = [];
  const cellXfs: string[] = [];
  let inCellXfs = false;
  parts.walk(xml, (t, x) => {
    if (t.local === 'cellXfs') inCellXfs = t.kind === 'open';
    else if (t.local === 'numFmt' && t.kind !== 'close') {
      const a = parseAttributes(tagText(x, t));
      formats.push(`<numFmt numFmtId="${escapeXmlAttr(a.get('numFmtId') ?? '0')}" formatCode="${escapeXmlAttr(a.get('formatCode') ?? 'General')}"/>`);
    } else if (t.local === 'xf' && t.kind !== 'close' && inCellXfs) {
      const a = parseAttributes(tagText(x, t));
      const apply = a.get('applyNumberFormat');
      cellXfs.push(`<xf numFmtId="${escapeXmlAttr(a.get('numFmtId') ?? '0')}"${apply === undefined ? '' : ` applyNumberFormat="${escapeXmlAttr(apply)}"`}/>`);
    }
  });
  return `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="${formats.length}">${formats.join('')}</numFmts><cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs></styleSheet>`;
}

/** The package SheetJS parses: a content-types part, workbook and relationships written here, the measured parts. */
function packageForSheetJS(structure: Structure, sheetXml: ReadonlyArray<{ name: string; xml: Uint8Array }>, styles: string | undefined, parts: PartReader): unknown {
  const CFB = (XLSX as unknown as { CFB: { utils: { cfb_new(): unknown; cfb_add(cfb: unknown, name: string, content: Uint8Array, opts: { unsafe: boolean }): void } } }).CFB;
  const container = CFB.utils.cfb_new();
  const add = (name: string, content: string | Uint8Array) => CFB.utils.cfb_add(container, name, typeof content === 'string' ? encoder.encode(content) : content, { unsafe: true });
  const ML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const overrides = [`<Override PartName="/xl/workbook.xml" ContentType="${ML}.sheet.main+xml"/>`];
  const rels: string[] = [];
  sheetXml.forEach((s, i) => {
    overrides.push(`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ML}.worksheet+xml"/>`);
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
    add(`xl/worksheets/sheet${i + 1}.xml`, s.xml);
  });
  const sst = structure.sharedStrings === undefined ? undefined : parts.bytes(structure.sharedStrings);
  if (sst) {
    overrides.push(`<Override PartName="/xl/sharedStrings.xml" ContentType="${ML}.sharedStrings+xml"/>`);
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    add('xl/sharedStrings.xml', sst);
  }
  if (styles) {
    overrides.push(`<Override PartName="/xl/styles.xml" ContentType="${ML}.styles+xml"/>`);
    rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`);
    add('xl/styles.xml', styles);
  }
  add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  );
  add(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  add(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><workbookPr${structure.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetXml
      .map((s, i) => `<sheet name="${escapeXmlAttr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  add('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  return container;
}

export function readXlsx(bytes: Uint8Array): { model: WorkbookModel; pkg: XlsxPackage } {
  const zip = readZip(bytes);
  verifyZipExpansion(zip);
  const parts = new PartReader(zip);
  const structure = readStructure(parts);
  const { sheets: entries, definedNames } = structure;
  if (entries.length === 0) throw invalidXlsx('no_sheets');
  const usedParts = new Set<string>();
  for (const e of entries) {
    // one part parsed twice would cost twice what was measured once
    if (e.partName !== undefined && usedParts.has(e.partName.toLowerCase())) throw invalidXlsx('shared_sheet_part');
    if (e.partName !== undefined) usedParts.add(e.partName.toLowerCase());
  }
  if (structure.sharedStrings !== undefined) {
    measureSharedStrings(parts, structure.sharedStrings);
    parts.forget(structure.sharedStrings, true); // SheetJS gets the bytes; the text is not kept twice
  }
  // counted on the raw bytes first (numberFormatStyles), then read once for both uses, then dropped
  const styles = structure.styles === undefined ? undefined : numberFormatStyles(parts, structure.styles);
  const unlocked = unlockedStyles(parts, structure.styles);
  if (structure.styles !== undefined) parts.forget(structure.styles);

  const forSheetJS: Array<{ name: string; xml: Uint8Array }> = [];
  const mergesBySheet = new Map<string, CellRange[]>();
  const validationBudget = { ranges: 0 };
  const mergeBudget = { merges: 0, formulas: 0 };
  const validationsBySheet = new Map<string, RawValidation[]>();
  const protectionBySheet = new Map<string, SheetProtection | null>();
  const formulasBySheet = new Map<string, FormulaCollector>();
  let rowsWithValues = 0;
  let gridRows = 0;
  let gridCells = 0;
  let cellElements = 0;
  let rowElements = 0;
  for (const e of entries) {
    if (!e.partName) continue;
    const raw = parts.bytes(e.partName);
    if (raw === undefined) continue;
    // counted on the bytes first, so an oversized sheet is refused before it is decoded
    cellElements += countStartTags(raw, 'c');
    rowElements += countStartTags(raw, 'row');
    if (cellElements > MAX_CELL_ELEMENTS) throw workbookTooComplex('cell_elements', cellElements, MAX_CELL_ELEMENTS);
    if (rowElements > MAX_ROW_ELEMENTS) throw workbookTooComplex('row_elements', rowElements, MAX_ROW_ELEMENTS);
    const collector = new ListValidationCollector(validationBudget);
    const protection = new ProtectionCollector(unlocked);
    const formulas = new FormulaCollector();
    const view = new SheetJSView(mergeBudget);
    const text = utf8.decode(raw);
    const extent = measureSheet(text, (t, x) => {
      parts.count(t);
      view.visit(t, x); // first: bounds the <col> spans before the protection reader expands them
      collector.visit(t, x);
      protection.visit(t, x);
      formulas.visit(t, x);
    });
    parts.forget(e.partName);
    forSheetJS.push({ name: e.name, xml: view.bytes(text, raw.length) });
    mergesBySheet.set(e.name, view.merges);
    // the measure's formula cells and the collector's (which also keeps each formula's text for the write check)
    for (const key of extent.formulas) formulas.cells.add(key);
    formulasBySheet.set(e.name, formulas);
    validationsBySheet.set(e.name, collector.found);
    protectionBySheet.set(e.name, protection.result());
    if (!e.hidden) rowsWithValues += extent.rowsWithValues;
    // Hidden sheets are parsed too: they count for memory.
    gridRows += extent.maxRow;
    gridCells += extent.maxRow * extent.maxCol;
  }
  if (rowsWithValues > MAX_ROWS) throw tooManyRows(rowsWithValues);
  if (gridRows > MAX_GRID_ROWS || gridCells > MAX_GRID_CELLS) throw sheetsTooLarge(gridRows, gridCells);

  let wb: XLSX.WorkBook;
  try {
    const parseZip = (XLSX as unknown as { parse_zip(zip: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip;
    wb = parseZip(packageForSheetJS(structure, forSheetJS, styles, parts), { type: 'array', dense: true, cellFormula: false, cellHTML: false, cellStyles: false, cellDates: false, bookVBA: false });
  } catch {
    throw invalidXlsx('unreadable');
  }

  // Second line of defence, on what the parser actually built: a damaged reference the XML
  // measure could not read must not turn into a billion-row grid either.
  checkParsedExtent(wb);

  const cellsBySheet = new Map<string, string[][]>();
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (ws) cellsBySheet.set(name, cellsOf(ws));
  }

  const sheetParts = new Map<string, string>();
  const listSources = new Set<string>();
  const listBudget = { cells: 0 };
  let rangeRows = 0;
  const sheets: SheetModel[] = entries.map((e, index) => {
    const merges: CellRange[] = mergesBySheet.get(e.name) ?? [];
    const validations: ListValidation[] = [];
    for (const raw of validationsBySheet.get(e.name) ?? []) {
      const choices = resolveChoices(raw.formula, e.name, index, cellsBySheet, definedNames, listBudget, 0, listSources);
      if (!choices) continue;
      const ranges = raw.sqref
        .split(/\s+/)
        .map((ref) => parseRangeRef(ref))
        .filter((r): r is CellRange => r !== null);
      validations.push({ ranges, choices });
    }
    if (e.partName) sheetParts.set(e.name, e.partName);
    const protection = protectionBySheet.get(e.name) ?? null;
    const sheet: SheetModel = {
      name: e.name,
      hidden: e.hidden,
      cells: cellsBySheet.get(e.name) ?? [],
      merges,
      validations,
      partName: e.partName,
      // the XML's own formula cells: SheetJS gets the cells without their formulas (bounded reading)
      formulas: formulasBySheet.get(e.name)?.cells ?? new Set<number>(),
      formulaText: formulasBySheet.get(e.name)?.text ?? new Map<number, string>(),
      ...(protection ? { protection } : {}),
    };
    // the row index of merges and dropdowns (model.ts) is this size: bounded before it is built
    for (const m of merges) rangeRows += indexedRowSpan(m, sheet);
    for (const v of validations) for (const rg of v.ranges) rangeRows += indexedRowSpan(rg, sheet);
    if (rangeRows > MAX_RANGE_ROWS) throw workbookTooComplex('range_rows', rangeRows, MAX_RANGE_ROWS);
    return sheet;
  });
  return { model: { format: 'xlsx', sheets, listSources }, pkg: { zip, sheetParts } };
}
