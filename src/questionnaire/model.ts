// The in-memory view of an uploaded questionnaire shared by the CSV and XLSX readers, detection,
// answering and the writers. Rows and columns are 0-based here; everything user-facing (JSON,
// CLI, error messages) is 1-based rows and column letters, converted at the edges.

export interface CellAddress {
  r: number;
  c: number;
}
export interface CellRange {
  s: CellAddress;
  e: CellAddress;
}

export interface ListValidation {
  ranges: CellRange[];
  /** The dropdown's options in list order, exactly as the file spells them. */
  choices: string[];
}

export interface SheetModel {
  name: string;
  hidden: boolean;
  /** Display text of each cell ("" for empty), [row][col]; rows may be ragged. */
  cells: string[][];
  merges: CellRange[];
  validations: ListValidation[];
  /** Zip entry of the worksheet (XLSX only). */
  partName?: string;
  /** Cells holding a formula (cellKey), whatever their cached value: customer content, never written. */
  formulas?: ReadonlySet<number>;
  /** XLSX: each formula cell's `<f>` as stored (tag and body), so the write check can see a formula change. */
  formulaText?: ReadonlyMap<number, string>;
  /**
   * Set when the sheet is protected (Excel's "Protect Sheet"): only cells whose style unlocks them
   * may be written; every other cell is the customer's locked content.
   */
  protection?: SheetProtection;
}

export interface SheetProtection {
  /** Locked state of the cells present in the sheet XML, by their own style. */
  cellLocked: ReadonlyMap<number, boolean>;
  /** Columns whose default style unlocks new cells. */
  unlockedCols: ReadonlySet<number>;
}

export type WorkbookFormat = 'xlsx' | 'csv' | 'text16';

export interface WorkbookModel {
  format: WorkbookFormat;
  sheets: SheetModel[];
  /** Sheets other sheets' dropdown lists are read from (XLSX): lookup tables, not questionnaires. */
  listSources?: ReadonlySet<string>;
}

/** One number per cell (Excel has 16,384 columns), for sets of cells. */
export function cellKey(r: number, c: number): number {
  return r * 16_384 + c;
}

export function isFormulaCell(sheet: SheetModel, r: number, c: number): boolean {
  return sheet.formulas?.has(cellKey(r, c)) ?? false;
}

/** True when the sheet is protected and this cell is not unlocked by its (or its column's) style. */
export function isLockedCell(sheet: SheetModel, r: number, c: number): boolean {
  const p = sheet.protection;
  if (!p) return false;
  return p.cellLocked.get(cellKey(r, c)) ?? !p.unlockedCols.has(c);
}

export function columnLetters(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "C" → 2; "aa" → 26; returns -1 for anything that is not 1–3 letters. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "$D$7" / "D7" → {r: 6, c: 3}. */
export function parseCellRef(ref: string): CellAddress | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m || !m[1] || !m[2]) return null;
  return { r: Number(m[2]) - 1, c: columnIndex(m[1]) };
}

/** "D7:D54", "D7", "A:A" (whole column, bounded by maxRow) → range. */
export function parseRangeRef(ref: string, maxRow = 1_048_575): CellRange | null {
  const [a, b] = ref.trim().split(':');
  if (a === undefined) return null;
  const wholeColumn = /^\$?([A-Za-z]{1,3})$/;
  if (b !== undefined && wholeColumn.test(a) && wholeColumn.test(b)) {
    return { s: { r: 0, c: columnIndex(a.replaceAll('$', '')) }, e: { r: maxRow, c: columnIndex(b.replaceAll('$', '')) } };
  }
  const s = parseCellRef(a);
  const e = b === undefined ? s : parseCellRef(b);
  if (!s || !e) return null;
  return { s: { r: Math.min(s.r, e.r), c: Math.min(s.c, e.c) }, e: { r: Math.max(s.r, e.r), c: Math.max(s.c, e.c) } };
}

export function rangeContains(range: CellRange, r: number, c: number): boolean {
  return r >= range.s.r && r <= range.e.r && c >= range.s.c && c <= range.e.c;
}

export function cellText(sheet: SheetModel, r: number, c: number): string {
  return sheet.cells[r]?.[c] ?? '';
}

/**
 * Rows a range covers within the sheet's grid (plus one row below it): the rows detection and
 * answering ever ask about. Summed over a sheet's merges or dropdown ranges, this is the size of
 * their row index, bounded when the file is read (xlsx.ts, `range_rows`).
 */
export function indexedRowSpan(range: CellRange, sheet: SheetModel): number {
  const last = Math.min(range.e.r, sheet.cells.length);
  return last < range.s.r ? 0 : last - range.s.r + 1;
}

/**
 * Per row, the entries whose range covers it, in their original order: a lookup scans only the
 * ranges of its own row, not every range of the sheet per row (which made detection quadratic in
 * merges and dropdown ranges). Rows past the grid fall back to the linear scan.
 */
class RowIndex<T> {
  private readonly byRow = new Map<number, Array<{ range: CellRange; item: T }>>();
  constructor(
    private readonly sheet: SheetModel,
    entries: Iterable<{ range: CellRange; item: T }>,
  ) {
    for (const e of entries) {
      const last = Math.min(e.range.e.r, sheet.cells.length);
      for (let r = Math.max(0, e.range.s.r); r <= last; r++) {
        const list = this.byRow.get(r);
        if (list) list.push(e);
        else this.byRow.set(r, [e]);
      }
    }
  }

  /** The first entry (in original order) whose range contains the cell; `all` for rows past the grid. */
  first(r: number, c: number, all: () => Iterable<{ range: CellRange; item: T }>): T | undefined {
    const list = r <= this.sheet.cells.length ? (this.byRow.get(r) ?? []) : all();
    for (const e of list) if (rangeContains(e.range, r, c)) return e.item;
    return undefined;
  }
}

const mergeIndexes = new WeakMap<SheetModel, RowIndex<CellRange>>();
const choiceIndexes = new WeakMap<SheetModel, RowIndex<string[]>>();

function* mergeEntries(sheet: SheetModel): Iterable<{ range: CellRange; item: CellRange }> {
  for (const m of sheet.merges) yield { range: m, item: m };
}

function* choiceEntries(sheet: SheetModel): Iterable<{ range: CellRange; item: string[] }> {
  for (const v of sheet.validations) for (const rg of v.ranges) yield { range: rg, item: v.choices };
}

/** The dropdown options of a cell, or null when it has no list validation. */
export function choicesAt(sheet: SheetModel, r: number, c: number): string[] | null {
  let index = choiceIndexes.get(sheet);
  if (!index) {
    index = new RowIndex(sheet, choiceEntries(sheet));
    choiceIndexes.set(sheet, index);
  }
  return index.first(r, c, () => choiceEntries(sheet)) ?? null;
}

/** The merged range a cell belongs to, if any. */
export function mergeAt(sheet: SheetModel, r: number, c: number): CellRange | undefined {
  let index = mergeIndexes.get(sheet);
  if (!index) {
    index = new RowIndex(sheet, mergeEntries(sheet));
    mergeIndexes.set(sheet, index);
  }
  return index.first(r, c, () => mergeEntries(sheet));
}
