// XLSX questionnaires → WorkbookModel. The zip is bounded and verified first (limits.ts, zip.ts);
// cell text comes from SheetJS (shared strings, rich text, number and date formats), while the
// package structure SheetJS community edition does not expose (sheet part names, data
// validations incl. the x14 extension, defined names) is read from the XML here.
import * as XLSX from '@e965/xlsx';
import { invalidXlsx, MAX_GRID_CELLS, MAX_GRID_ROWS, MAX_ROWS, sheetsTooLarge, tooManyRows } from './limits';
import { findEntry, inflateEntry, readZip, verifyZipExpansion, type ZipArchive } from './zip';
import { decodeXmlEntities, parseAttributes, prefixedAttr, startTags } from './xml';
import { parseRangeRef, type CellRange, type ListValidation, type SheetModel, type WorkbookModel } from './model';

const utf8 = new TextDecoder('utf-8');

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

function readText(zip: ZipArchive, name: string): string | undefined {
  const entry = findEntry(zip, name);
  return entry ? utf8.decode(inflateEntry(zip, entry)) : undefined;
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

function relationships(xml: string, baseDir: string): Map<string, { type: string; target: string }> {
  const rels = new Map<string, { type: string; target: string }>();
  for (const tag of startTags(xml, 'Relationship')) {
    const a = parseAttributes(tag);
    const id = a.get('Id');
    const target = a.get('Target');
    if (!id || !target || a.get('TargetMode') === 'External') continue;
    rels.set(id, { type: a.get('Type') ?? '', target: resolveTarget(baseDir, target) });
  }
  return rels;
}

function workbookPartName(zip: ZipArchive): string {
  const rootRels = readText(zip, '_rels/.rels');
  if (rootRels) {
    for (const rel of relationships(rootRels, '').values()) {
      if (rel.type.endsWith('/officeDocument')) return rel.target;
    }
  }
  return 'xl/workbook.xml';
}

interface DefinedName {
  name: string;
  localSheet: number | null;
  ref: string;
}

function readStructure(zip: ZipArchive): { sheets: SheetEntry[]; definedNames: DefinedName[] } {
  const wbPart = workbookPartName(zip);
  const wbXml = readText(zip, wbPart);
  if (!wbXml) throw invalidXlsx('no_workbook_part');
  const dir = wbPart.includes('/') ? wbPart.slice(0, wbPart.lastIndexOf('/') + 1) : '';
  const relsName = `${dir}_rels/${wbPart.slice(dir.length)}.rels`;
  const rels = relationships(readText(zip, relsName) ?? '', dir);
  const sheets: SheetEntry[] = startTags(wbXml, 'sheet').map((tag) => {
    const a = parseAttributes(tag);
    const relId = prefixedAttr(a, 'id');
    const state = a.get('state') ?? 'visible';
    return { name: a.get('name') ?? '', hidden: state !== 'visible', partName: relId ? rels.get(relId)?.target : undefined };
  });
  const definedNames: DefinedName[] = [];
  for (const m of wbXml.matchAll(/<(?:[\w.-]+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:[\w.-]+:)?definedName>/g)) {
    const a = parseAttributes(m[1] ?? '');
    const local = a.get('localSheetId');
    definedNames.push({ name: a.get('name') ?? '', localSheet: local === undefined ? null : Number(local), ref: decodeXmlEntities(m[2] ?? '') });
  }
  return { sheets, definedNames };
}

/** Rows of a worksheet XML that carry at least one value (styled empty rows do not count). */
export function countRowsWithValues(sheetXml: string): number {
  return measureSheet(sheetXml).rowsWithValues;
}

const VALUE = /<(?:[\w.-]+:)?(?:v|t)\b[^>]*>[^<]/;

/**
 * Rows with values, and how far down and right values reach (1-based). The model is a dense grid,
 * so its memory follows the extent, not the number of values: one value at A1048576 would cost a
 * million rows. Measured on the XML before SheetJS parses anything.
 */
export function measureSheet(sheetXml: string): { rowsWithValues: number; maxRow: number; maxCol: number } {
  let rowsWithValues = 0;
  let maxRow = 0;
  let maxCol = 0;
  let rowIndex = 0;
  for (const m of sheetXml.matchAll(/<(?:[\w.-]+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g)) {
    const declared = /\br="(\d+)"/.exec(m[1] ?? '');
    rowIndex = declared ? Number(declared[1]) : rowIndex + 1;
    const body = m[2];
    if (!body || !VALUE.test(body)) continue;
    rowsWithValues++;
    maxRow = Math.max(maxRow, rowIndex);
  }
  // Cells on their own as well: a cell's reference places it wherever its row tag says otherwise
  // (or when the row tag is damaged), and that is where the parser puts it.
  let colIndex = 0;
  for (const c of sheetXml.matchAll(/<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g)) {
    const ref = /\br="([A-Za-z]{1,4})(\d+)"/.exec(c[1] ?? '');
    colIndex = ref ? columnNumber(ref[1]!) : colIndex + 1;
    if (!c[2] || !VALUE.test(c[2])) continue;
    maxCol = Math.max(maxCol, colIndex);
    if (ref) maxRow = Math.max(maxRow, Number(ref[2]));
  }
  return { rowsWithValues, maxRow, maxCol };
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

/** List validations of a worksheet: classic `<dataValidation>` and Excel 2010's x14 extension. */
function rawListValidations(sheetXml: string): RawValidation[] {
  const out: RawValidation[] = [];
  for (const m of sheetXml.matchAll(/<(?:[\w.-]+:)?dataValidation\b([^>]*)>([\s\S]*?)<\/(?:[\w.-]+:)?dataValidation>/g)) {
    const attrs = parseAttributes(m[1] ?? '');
    if (attrs.get('type') !== 'list') continue;
    const body = m[2] ?? '';
    const f = /<(?:[\w.-]+:)?formula1\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?formula1>/.exec(body);
    if (!f) continue;
    const formula = decodeXmlEntities((f[1] ?? '').replace(/<[^>]+>/g, ''));
    const sqrefTag = /<(?:[\w.-]+:)?sqref\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?sqref>/.exec(body);
    const sqref = attrs.get('sqref') ?? (sqrefTag ? decodeXmlEntities(sqrefTag[1] ?? '') : '');
    if (sqref) out.push({ sqref, formula });
  }
  return out;
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
  depth = 0,
): string[] | null {
  const f = formula.trim().replace(/^=/, '');
  if (f.startsWith('"') && f.endsWith('"') && f.length >= 2) return literalChoices(f.slice(1, -1));
  const { sheet, range } = splitSheetRef(f, ownSheet);
  const rg = parseRangeRef(range, 9_999);
  if (rg) {
    const cells = cellsBySheet.get(sheet);
    if (!cells) return null;
    const out: string[] = [];
    // Bounded by the cells that exist: a list source like A1:XFD1048576 must not cost its area.
    for (let r = rg.s.r; r <= rg.e.r && r < cells.length; r++) {
      const row = cells[r] ?? [];
      for (let c = rg.s.c; c <= rg.e.c && c < row.length; c++) {
        const v = row[c]?.trim();
        if (v) out.push(v);
      }
    }
    return out.length > 0 ? out : null;
  }
  if (depth > 2 || !/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(f)) return null; // INDIRECT(...) etc.
  const dn =
    definedNames.find((d) => d.name === f && d.localSheet === ownIndex) ?? definedNames.find((d) => d.name === f && d.localSheet === null);
  return dn ? resolveChoices(dn.ref, ownSheet, ownIndex, cellsBySheet, definedNames, depth + 1) : null;
}

function cellsOf(ws: XLSX.WorkSheet): string[][] {
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

export function readXlsx(bytes: Uint8Array): { model: WorkbookModel; pkg: XlsxPackage } {
  const zip = readZip(bytes);
  verifyZipExpansion(zip);
  const { sheets: entries, definedNames } = readStructure(zip);
  if (entries.length === 0) throw invalidXlsx('no_sheets');

  const sheetXml = new Map<string, string>();
  let rowsWithValues = 0;
  let gridRows = 0;
  let gridCells = 0;
  for (const e of entries) {
    if (!e.partName) continue;
    const xml = readText(zip, e.partName);
    if (xml === undefined) continue;
    sheetXml.set(e.name, xml);
    const extent = measureSheet(xml);
    if (!e.hidden) rowsWithValues += extent.rowsWithValues;
    // Hidden sheets are parsed too: they count for memory.
    gridRows += extent.maxRow;
    gridCells += extent.maxRow * extent.maxCol;
  }
  if (rowsWithValues > MAX_ROWS) throw tooManyRows(rowsWithValues);
  if (gridRows > MAX_GRID_ROWS || gridCells > MAX_GRID_CELLS) throw sheetsTooLarge(gridRows, gridCells);

  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellFormula: false, cellHTML: false, cellStyles: false, cellDates: false, bookVBA: false });
  } catch {
    throw invalidXlsx('unreadable');
  }

  // Second line of defence, on what the parser actually built: a damaged reference the XML
  // measure could not read must not turn into a billion-row grid either.
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

  const cellsBySheet = new Map<string, string[][]>();
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (ws) cellsBySheet.set(name, cellsOf(ws));
  }

  const sheetParts = new Map<string, string>();
  const sheets: SheetModel[] = entries.map((e, index) => {
    const ws = wb.Sheets[e.name];
    const xml = sheetXml.get(e.name) ?? '';
    const merges: CellRange[] = (ws?.['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
    const validations: ListValidation[] = [];
    for (const raw of rawListValidations(xml)) {
      const choices = resolveChoices(raw.formula, e.name, index, cellsBySheet, definedNames);
      if (!choices) continue;
      const ranges = raw.sqref
        .split(/\s+/)
        .map((ref) => parseRangeRef(ref))
        .filter((r): r is CellRange => r !== null);
      validations.push({ ranges, choices });
    }
    if (e.partName) sheetParts.set(e.name, e.partName);
    return { name: e.name, hidden: e.hidden, cells: cellsBySheet.get(e.name) ?? [], merges, validations, partName: e.partName };
  });
  return { model: { format: 'xlsx', sheets }, pkg: { zip, sheetParts } };
}

