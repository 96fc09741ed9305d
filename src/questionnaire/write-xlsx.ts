// Writes answers back into the customer's XLSX by patching the original package: only the target
// cells of the affected worksheet XML change (as inline strings, so sharedStrings stays as it is);
// every other zip entry is copied byte for byte (zip.ts). SheetJS community edition would drop
// styles and data validations on write, so it is never used to write.
import type { CellEdit } from './answer';
import { columnLetters, parseCellRef, parseRangeRef } from './model';
import { neutralizeFormula } from './sanitize';
import { attributeList, escapeXmlAttr, escapeXmlText, parseAttributes } from './xml';
import { findEntry, inflateEntry, rewriteZip } from './zip';
import type { XlsxPackage } from './xlsx';

// ignoreBOM keeps a leading BOM in the string, so the rewritten part keeps it too
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** A formula element inside a cell (`<f>…</f>`, `<f/>`, a shared formula's `<f t="shared" si="0"/>`). */
const FORMULA_TAG = /<(?:[\w.-]+:)?f[\s/>]/;

/** Attributes of the original cell that describe its old value and must not survive the rewrite. */
const VALUE_ATTRS = new Set(['t', 'cm', 'vm', 'ph']);

interface ColumnStyle {
  min: number;
  max: number;
  style: string;
}

function columnStyles(xml: string): ColumnStyle[] {
  const out: ColumnStyle[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?col\b([^>]*)\/?>/g)) {
    const a = parseAttributes(m[1] ?? '');
    const style = a.get('style');
    if (style) out.push({ min: Number(a.get('min')) - 1, max: Number(a.get('max')) - 1, style });
  }
  return out;
}

function cellXml(prefix: string, ref: string, keptAttrs: string, text: string, boolean = false): string {
  if (boolean) return `<${prefix}c r="${ref}"${keptAttrs} t="b"><${prefix}v>${text === 'TRUE' ? 1 : 0}</${prefix}v></${prefix}c>`;
  const t = `${prefix}t`;
  return `<${prefix}c r="${ref}"${keptAttrs} t="inlineStr"><${prefix}is><${t} xml:space="preserve">${escapeXmlText(text)}</${t}></${prefix}is></${prefix}c>`;
}

/** Text as it goes into the cell: Excel line breaks are LF; free text is formula-neutralized. */
function cellValue(edit: CellEdit): string {
  const text = edit.text.replace(/\r\n?/g, '\n');
  if (edit.boolean) return edit.text === 'TRUE' ? 'TRUE' : 'FALSE';
  return edit.isChoice ? text : neutralizeFormula(text);
}

/** The text a reader finds in the cell after the write (what the write check compares against). */
export function writtenCellText(edit: CellEdit): string {
  return cellValue(edit).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function keptAttributes(tagAttrs: string): string {
  let out = '';
  // attributeList is one forward pass: a regex here was quadratic in a long attribute name
  for (const a of attributeList(tagAttrs)) {
    if (a.name === 'r' || VALUE_ATTRS.has(a.name)) continue;
    out += ` ${a.name}=${a.raw}`;
  }
  return out;
}

interface ParsedCell {
  col: number;
  start: number;
  end: number;
  attrs: string;
}

function cellsOfRow(content: string): ParsedCell[] {
  const cells: ParsedCell[] = [];
  const re = /<((?:[\w.-]+:)?)c\b([^>]*?)(\/?)>/g;
  let prevCol = -1;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const prefix = m[1] ?? '';
    const attrs = m[2] ?? '';
    let end = m.index + m[0].length;
    if (m[3] !== '/') {
      const close = content.indexOf(`</${prefix}c>`, end);
      end = close < 0 ? content.length : close + `</${prefix}c>`.length;
    }
    const ref = parseAttributes(attrs).get('r');
    const col = ref ? (parseCellRef(ref)?.c ?? prevCol + 1) : prevCol + 1;
    cells.push({ col, start: m.index, end, attrs });
    prevCol = col;
    re.lastIndex = end;
  }
  return cells;
}

function widenSpans(rowTag: string, maxCol1: number): string {
  return rowTag.replace(/\bspans="(\d+):(\d+)"/, (all, a: string, b: string) => (Number(b) < maxCol1 ? `spans="${a}:${maxCol1}"` : all));
}

/**
 * Applies the edits of one worksheet to its XML. Returns the new XML and the edits that could not
 * be placed (their row is missing from the sheet; cannot happen for detected question rows).
 */
export function patchSheetXml(xml: string, edits: readonly CellEdit[]): { xml: string; unplaced: CellEdit[]; formulaCells: CellEdit[] } {
  const formulaCells: CellEdit[] = [];
  const byRow = groupBy(edits, (e) => e.r);
  const sheetData = /<((?:[\w.-]+:)?)sheetData\b[^>]*?>/.exec(xml);
  if (!sheetData || sheetData[0].endsWith('/>')) return { xml, unplaced: [...edits], formulaCells };
  const prefix = sheetData[1] ?? '';
  const styles = columnStyles(xml.slice(0, sheetData.index));
  const placed = new Set<CellEdit>();
  let maxRow = -1;
  let maxCol = -1;

  const out: string[] = [];
  let cursor = 0;
  const rowRe = /<((?:[\w.-]+:)?)row\b([^>]*?)(\/?)>/g;
  rowRe.lastIndex = sheetData.index + sheetData[0].length;
  const dataEnd = xml.indexOf(`</${prefix}sheetData>`, rowRe.lastIndex);
  let prevRow = -1;
  for (let m = rowRe.exec(xml); m && m.index < dataEnd; m = rowRe.exec(xml)) {
    const rowPrefix = m[1] ?? '';
    const attrs = parseAttributes(m[2] ?? '');
    const rowIndex = attrs.has('r') ? Number(attrs.get('r')) - 1 : prevRow + 1;
    prevRow = rowIndex;
    const selfClosing = m[3] === '/';
    const tagEnd = m.index + m[0].length;
    const closeTag = `</${rowPrefix}row>`;
    const closeAt = selfClosing ? tagEnd : xml.indexOf(closeTag, tagEnd);
    // An unclosed last row (malformed XML) would send the scan back to its start forever.
    if (closeAt < 0) break;
    const rowEnd = selfClosing ? tagEnd : closeAt + closeTag.length;
    rowRe.lastIndex = rowEnd;
    const rowEdits = byRow.get(rowIndex);
    if (!rowEdits) continue;

    const content = selfClosing ? '' : xml.slice(tagEnd, closeAt);
    const cells = cellsOfRow(content);
    const rowStyle = attrs.get('customFormat') === '1' ? attrs.get('s') : undefined;
    let newContent = '';
    let pos = 0;
    const sorted = [...rowEdits].sort((a, b) => a.c - b.c);
    let ci = 0;
    for (const edit of sorted) {
      const ref = `${columnLetters(edit.c)}${rowIndex + 1}`;
      while (ci < cells.length && (cells[ci]?.col ?? 0) < edit.c) ci++;
      const existing = cells[ci];
      if (existing && existing.col === edit.c && FORMULA_TAG.test(content.slice(existing.start, existing.end))) {
        // the customer's formula (whatever its cached value): never replaced, whatever the plan says
        formulaCells.push(edit);
        ci++;
        continue;
      }
      if (existing && existing.col === edit.c) {
        newContent += content.slice(pos, existing.start) + cellXml(rowPrefix, ref, keptAttributes(existing.attrs), cellValue(edit), edit.boolean);
        pos = existing.end;
        ci++;
      } else {
        // a new cell: before the first cell to its right; styled like its column (or row)
        const insertAt = existing ? existing.start : content.length;
        const style = styles.find((s) => edit.c >= s.min && edit.c <= s.max)?.style ?? rowStyle;
        newContent += content.slice(pos, insertAt) + cellXml(rowPrefix, ref, style ? ` s="${escapeXmlAttr(style)}"` : '', cellValue(edit), edit.boolean);
        pos = insertAt;
      }
      placed.add(edit);
      maxCol = Math.max(maxCol, edit.c);
      maxRow = Math.max(maxRow, rowIndex);
    }
    newContent += content.slice(pos);
    let openTag = widenSpans(m[0], Math.max(...sorted.map((e) => e.c + 1)));
    if (selfClosing) openTag = openTag.replace(/\s*\/>$/, '>');
    out.push(xml.slice(cursor, m.index), openTag, newContent, closeTag);
    cursor = rowEnd;
  }
  out.push(xml.slice(cursor));
  let result = out.join('');
  if (maxCol >= 0) result = widenDimension(result, maxRow, maxCol);
  return { xml: result, unplaced: edits.filter((e) => !placed.has(e) && !formulaCells.includes(e)), formulaCells };
}

/** Keeps `<dimension ref>` covering the written cells (only ever grows it). */
function widenDimension(xml: string, maxRow: number, maxCol: number): string {
  return xml.replace(/(<(?:[\w.-]+:)?dimension\b[^>]*\bref=")([^"]*)(")/, (all, pre: string, ref: string, post: string) => {
    const range = parseRangeRef(ref);
    if (!range || (range.e.r >= maxRow && range.e.c >= maxCol)) return all;
    const e = { r: Math.max(range.e.r, maxRow), c: Math.max(range.e.c, maxCol) };
    return `${pre}${columnLetters(range.s.c)}${range.s.r + 1}:${columnLetters(e.c)}${e.r + 1}${post}`;
  });
}

/** Edits grouped by a key, in order (appending, not copying: a sheet can carry 10,000 edits). */
function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

/** The filled workbook: the original package with only the edited worksheets replaced. */
export function writeXlsx(pkg: XlsxPackage, edits: readonly CellEdit[]): { bytes: Uint8Array; unplaced: CellEdit[]; formulaCells: CellEdit[] } {
  const bySheet = groupBy(edits, (e) => e.sheet);
  const replacements = new Map<string, Uint8Array>();
  const unplaced: CellEdit[] = [];
  const formulaCells: CellEdit[] = [];
  for (const [sheet, sheetEdits] of bySheet) {
    const partName = pkg.sheetParts.get(sheet);
    const entry = partName ? findEntry(pkg.zip, partName) : undefined;
    if (!entry) {
      unplaced.push(...sheetEdits);
      continue;
    }
    const patched = patchSheetXml(utf8Decoder.decode(inflateEntry(pkg.zip, entry)), sheetEdits);
    unplaced.push(...patched.unplaced);
    formulaCells.push(...patched.formulaCells);
    replacements.set(entry.name, utf8Encoder.encode(patched.xml));
  }
  return { bytes: rewriteZip(pkg.zip, replacements), unplaced, formulaCells };
}
