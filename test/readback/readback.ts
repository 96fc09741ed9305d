// The independent reader (Python standard library, xlsx_readback.py) from TypeScript, and the one
// comparison of an upload with its filled file: which cells changed, and which were planned (the
// answer/remarks cells of the rows kaitou filled). Used by the real-template tests and
// `npm run bench:templates`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QuestionnaireResponse } from '../../src/questionnaire/schema';

export interface Readback {
  parts: number;
  sheets: Array<{ name: string; state: string; formulas: number; cells: Record<string, string> }>;
}

const SCRIPT = path.resolve(import.meta.dirname, 'xlsx_readback.py');

export function readBack(bytes: Uint8Array): Readback {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kaitou-readback-')), 'f.xlsx');
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('python3', [SCRIPT, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Readback;
}

/** `Sheet!A1` of every answer/remarks cell the response says it filled (side-by-side blocks included). */
export function plannedCells(response: Pick<QuestionnaireResponse, 'layout' | 'rows'>): Set<string> {
  const planned = new Set<string>();
  for (const r of response.rows) {
    const l = response.layout.sheets.find((s) => s.sheet === r.sheet && (r.key === `${r.sheet}!${r.row}` ? s.block === 0 : r.key.startsWith(`${r.sheet}!${s.questionColumn}`)))!;
    if (r.filled.answer !== null) planned.add(`${r.sheet}!${l.answerColumn}${r.row}`);
    if (r.filled.remarks !== null) planned.add(`${r.sheet}!${l.remarksColumn}${r.row}`);
  }
  return planned;
}

/** `Sheet!A1` of every cell whose text differs between the two read-backs (sheets in the same order). */
export function changedCells(before: Readback, after: Readback): string[] {
  const changed: string[] = [];
  for (const [i, s] of after.sheets.entries()) {
    const b = before.sheets[i]!;
    for (const cell of new Set([...Object.keys(s.cells), ...Object.keys(b.cells)])) {
      if ((s.cells[cell] ?? '') !== (b.cells[cell] ?? '')) changed.push(`${s.name}!${cell}`);
    }
  }
  return changed;
}
