// Placeholders: a template that ships every answer cell pre-filled with the same default (未確認 on
// all 157 rows, FALSE on all 69, the score "1" on all 436, the first item of the cell's list) is
// not answered yet. Such a column is recognised here, said once at the top of the result, and
// written over only when the caller asks for it (overwritePlaceholders); a cell holding anything
// else is never touched.
import type { PlaceholderColumn } from '../messages/catalog';
import type { SheetLayout } from './detect';
import { cellText, choicesAt, columnLetters, isFormulaCell, type SheetModel } from './model';

/** Fewer question rows than this and a repeated value says nothing. */
const MIN_ROWS = 3;

/** Words templates pre-fill an answer cell with, compared after NFKC + lower case + no spaces. */
const DEFAULT_WORDS = new Set(
  [
    '未確認',
    '未回答',
    '未記入',
    '未入力',
    '未選択',
    '未実施',
    '選択してください',
    '選択して下さい',
    '選択',
    '▼選択',
    '要選択',
    '要回答',
    '回答してください',
    'false',
    'select',
    'selectone',
    'pleaseselect',
    'choose',
    'chooseone',
    'tbd',
    'pending',
    'notanswered',
    'unanswered',
    '-',
    '－',
    'ー',
    '―',
    '?',
    '？',
  ].map(norm),
);

function norm(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '');
}

/**
 * The one value every question row holds in `col`, when it reads as a template default: a known
 * default word, FALSE, a bare number (a score pre-set to "1"), or the first item of the cells' own
 * list. Formula cells are the customer's and take no part; a column with any other value, or with
 * an empty cell, holds answers (or nothing) and is not a placeholder column.
 */
export function placeholderValue(sheet: SheetModel, rows: readonly number[], col: number): string | null {
  const cells = rows.filter((r) => !isFormulaCell(sheet, r, col));
  if (cells.length < MIN_ROWS) return null;
  const first = cellText(sheet, cells[0]!, col).trim();
  if (first === '' || first.startsWith('【要確認】') || first.startsWith('[REVIEW NEEDED]')) return null;
  if (!cells.every((r) => cellText(sheet, r, col).trim() === first)) return null;
  if (DEFAULT_WORDS.has(norm(first))) return first;
  if (/^\d{1,3}(\.\d+)?$/.test(first)) return first; // a score or level pre-set on every row
  const list = choicesAt(sheet, cells[0]!, col);
  if (list && list[0] !== undefined && norm(list[0]) === norm(first)) return first;
  return null;
}

/** The answer and remarks columns of a layout whose cells are all one template default. */
export function placeholdersOf(sheet: SheetModel, layout: SheetLayout): Array<PlaceholderColumn & { col: number }> {
  const out: Array<PlaceholderColumn & { col: number }> = [];
  for (const [what, col] of [
    ['answer', layout.answerCol],
    ['remarks', layout.remarksCol],
  ] as const) {
    if (col === null) continue;
    const value = placeholderValue(sheet, layout.questionRows, col);
    if (value !== null) out.push({ sheet: sheet.name, column: columnLetters(col), col, what, value, rows: layout.questionRows.length });
  }
  return out;
}
