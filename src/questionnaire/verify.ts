// The write check: every filled file is read back with the format's own reader and compared with
// the upload before it is returned. Only the planned answer/remarks cells may differ, each holding
// exactly the planned text; sheets (names, order, visibility), every other cell value, formulas,
// merges and dropdowns must be as uploaded. Any other difference is an error: a damaged file is
// never handed to the customer. (XLSX parts other than the edited worksheets are also checked to
// be the uploaded bytes, in write-xlsx's caller.)
import { AppError } from '../messages/error';
import type { CellEdit } from './answer';
import { cellKey, cellText, columnLetters, type SheetModel, type WorkbookModel } from './model';

export interface WriteCheckOptions {
  /** The text a reader should find in an edited cell. */
  expected(edit: CellEdit): string;
  /** Edited cells whose text may legitimately differ (characters the file's encoding lacks). */
  lossy?: (edit: CellEdit) => boolean;
}

/** Differences between the upload and the filled file other than the planned edits (empty: the file is safe). */
export function writeDifferences(before: WorkbookModel, after: WorkbookModel, edits: readonly CellEdit[], opts: WriteCheckOptions): string[] {
  const diffs: string[] = [];
  const describe = (s: SheetModel) => `${s.name}${s.hidden ? ' (hidden)' : ''}`;
  if (before.sheets.map(describe).join('\u0000') !== after.sheets.map(describe).join('\u0000')) diffs.push('the sheets (names, order or visibility) changed');
  const editsBySheet = new Map<string, Map<number, CellEdit>>();
  for (const e of edits) {
    const m = editsBySheet.get(e.sheet) ?? new Map<number, CellEdit>();
    m.set(cellKey(e.r, e.c), e);
    editsBySheet.set(e.sheet, m);
  }
  for (const a of before.sheets) {
    const b = after.sheets.find((s) => s.name === a.name);
    if (!b) continue;
    const planned = editsBySheet.get(a.name) ?? new Map<number, CellEdit>();
    const rows = Math.max(a.cells.length, b.cells.length);
    for (let r = 0; r < rows && diffs.length < 20; r++) {
      const cols = Math.max(a.cells[r]?.length ?? 0, b.cells[r]?.length ?? 0);
      for (let c = 0; c < cols; c++) {
        const edit = planned.get(cellKey(r, c));
        const got = cellText(b, r, c);
        const where = `${a.name}!${columnLetters(c)}${r + 1}`;
        if (edit) {
          if (got !== opts.expected(edit) && !opts.lossy?.(edit)) diffs.push(`${where} does not hold the planned text`);
        } else if (got !== cellText(a, r, c)) diffs.push(`${where} changed`);
      }
    }
    diffs.push(...formulaDifferences(a, b, planned));
    if (JSON.stringify(a.merges) !== JSON.stringify(b.merges)) diffs.push(`${a.name}: merged ranges changed`);
    if (JSON.stringify(a.validations) !== JSON.stringify(b.validations)) diffs.push(`${a.name}: dropdowns changed`);
  }
  return diffs;
}

/**
 * Formula cells are the customer's, whatever their cached value: none may be in the plan, and each
 * must come back with the same formula (the stored `<f>`, when the reader keeps it). The cell-by-cell
 * walk above only reaches cells the grid holds; a formula without a cached value may not be there.
 */
function formulaDifferences(a: SheetModel, b: SheetModel, planned: ReadonlyMap<number, CellEdit>): string[] {
  const diffs: string[] = [];
  const where = (key: number) => `${a.name}!${columnLetters(key % 16_384)}${Math.floor(key / 16_384) + 1}`;
  for (const key of planned.keys()) if (a.formulas?.has(key)) diffs.push(`${where(key)}: a formula cell was planned to be written`);
  for (const key of a.formulas ?? []) if (!b.formulas?.has(key)) diffs.push(`${where(key)}: formula lost`);
  for (const key of b.formulas ?? []) if (!a.formulas?.has(key)) diffs.push(`${where(key)}: formula added`);
  if (a.formulaText && b.formulaText) {
    for (const [key, f] of a.formulaText) {
      const g = b.formulaText.get(key);
      if (g !== undefined && g !== f) diffs.push(`${where(key)}: formula changed`);
    }
  }
  return [...new Set(diffs)].slice(0, 20);
}

export function writeCheckFailed(diffs: string[]): AppError {
  return new AppError('write_check_failed', { differences: diffs });
}

/** Throws write_check_failed unless the filled file differs from the upload only in the planned cells. */
export function checkWrite(before: WorkbookModel, after: WorkbookModel, edits: readonly CellEdit[], opts: WriteCheckOptions): void {
  const diffs = writeDifferences(before, after, edits, opts);
  if (diffs.length > 0) throw writeCheckFailed(diffs);
}
