// The real, published questionnaire templates (test/fixtures/real): what kaitou reads and writes on
// each, and how long it takes in process. For every filled file: the cells that differ from the
// upload, the formula cells before/after and the cells outside the plan, counted by an independent
// reader (Python zipfile + ElementTree, test/readback/xlsx_readback.py), not by kaitou's own code.
//   npm run bench:templates            (table)
//   tsx scripts/bench/real-templates.ts --json
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src/messages/error';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { median, RESULT_PREFIX, ROOT } from './util';
import { changedCells, plannedCells, readBack } from '../../test/readback/readback';

const DIR = path.join(ROOT, 'test/fixtures/real');
const PRODUCT = 'LeySer System';
const RUNS = 5;

export interface TemplateResult {
  file: string;
  outcome: string;
  sheets?: string;
  skipped?: number;
  questions?: number;
  answered?: number;
  needsReview?: number;
  noMatch?: number;
  cellsWritten?: number;
  answeredNotWritten?: number;
  dropdownValues?: number;
  /** Independent reader: cells whose text differs between upload and filled file. */
  cellsChanged?: number;
  formulaCellsBefore?: number;
  formulaCellsAfter?: number;
  /** Independent reader: changed cells that are not planned answer/remarks cells (must be 0). */
  unplannedChanges?: number;
  medianMs?: number;
}

function measure(name: string): TemplateResult {
  const bytes = new Uint8Array(readFileSync(path.join(DIR, name)));
  const runOnce = () => processQuestionnaire({ bytes, fileName: name, contentType: '', product: PRODUCT });
  let outcome;
  try {
    outcome = runOnce();
  } catch (e) {
    if (e instanceof AppError) return { file: name, outcome: `${e.status} ${e.code}` };
    throw e;
  }
  const { layout, totals, rows } = outcome.response;
  const filled = outcome.filledFile();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    runOnce().filledFile();
    times.push(performance.now() - t);
  }
  const result: TemplateResult = {
    file: name,
    outcome: '200',
    sheets: layout.sheets.map((s) => `${s.sheet}[${s.questionColumn}→${s.answerColumn ?? '-'}/${s.remarksColumn ?? '-'}]`).join(' '),
    skipped: layout.skippedSheets.length,
    questions: totals.questions,
    answered: totals.answered,
    needsReview: totals.needs_review,
    noMatch: totals.no_match,
    cellsWritten: totals.cells_written,
    answeredNotWritten: totals.answered_not_written,
    dropdownValues: rows.filter((r) => r.filled.answer !== null && !r.filled.answer.startsWith('【要確認】') && !r.filled.answer.startsWith('[REVIEW')).length,
    medianMs: median(times),
  };
  if (name.endsWith('.xlsx')) {
    const before = readBack(bytes);
    const after = readBack(filled.bytes);
    const planned = plannedCells({ layout, rows });
    const cells = changedCells(before, after);
    const changed = cells.length;
    const unplanned = cells.filter((c) => !planned.has(c)).length;
    Object.assign(result, {
      cellsChanged: changed,
      formulaCellsBefore: before.sheets.reduce((n, s) => n + s.formulas, 0),
      formulaCellsAfter: after.sheets.reduce((n, s) => n + s.formulas, 0),
      unplannedChanges: unplanned,
    });
  }
  return result;
}

export function realTemplates(): TemplateResult[] {
  return readdirSync(DIR)
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .sort()
    .map(measure);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = realTemplates();
  if (process.argv.includes('--json')) console.log(`${RESULT_PREFIX}${JSON.stringify(results)}`);
  else {
    console.log(
      '| template | result | questions | answered / review / no match | cells written (changed, independent reader) | answered, not writable | dropdown values | formula cells before → after | unplanned changes | median ms (read+answer+write+check) |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      if (r.outcome !== '200') {
        console.log(`| ${r.file} | ${r.outcome} | | | | | | | | |`);
        continue;
      }
      const fx = r.formulaCellsBefore === undefined ? 'n/a (CSV)' : `${r.formulaCellsBefore} → ${r.formulaCellsAfter}`;
      console.log(
        `| ${r.file} | 200: ${r.sheets} (${r.skipped} skipped) | ${r.questions} | ${r.answered} / ${r.needsReview} / ${r.noMatch} | ${r.cellsWritten} (${r.cellsChanged ?? 'n/a'}) | ${r.answeredNotWritten} | ${r.dropdownValues} | ${fx} | ${r.unplannedChanges ?? 'n/a'} | ${r.medianMs?.toFixed(0)} |`,
      );
    }
  }
}
