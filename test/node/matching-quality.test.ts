// Regression guard for matching quality: the labelled sets run through the same lookup as the API.
// Floors sit a little under the figures `npm run eval` reports, so a change that makes matching
// worse fails here; the eval script is where quality is measured and reported.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LookupRequestSchema } from '../../src/search/contract';
import { lookup } from '../../src/search/lookup';

interface Row {
  question: string;
  product?: string | null;
  lang?: string;
  gold: string[];
  gold_text?: string[] | null;
}

function evaluate(file: string) {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
  let answerable = 0, top1 = 0, top3 = 0, answered = 0, unanswerable = 0, flagged = 0, leaks = 0;
  for (const row of rows) {
    const res = lookup(LookupRequestSchema.parse({ question: row.question, product: row.product ?? undefined }));
    if (row.product && res.matches.some((m) => !m.products.includes(row.product!))) leaks++;
    const ok = (i: number) => {
      const m = res.matches[i];
      return !!m && (row.gold.includes(m.id) || (row.gold_text ?? []).some((t) => m.answer.includes(t)));
    };
    if (row.gold.length || row.gold_text?.length) {
      answerable++;
      if (ok(0)) top1++;
      if (ok(0) || ok(1) || ok(2)) top3++;
      if (res.verdict === 'answered') answered++;
    } else {
      unanswerable++;
      if (res.verdict !== 'answered') flagged++;
    }
  }
  return { top1: top1 / answerable, recall3: top3 / answerable, answered: answered / answerable, flagged: flagged / Math.max(1, unanswerable), leaks };
}

const devSet = path.resolve(import.meta.dirname, '../../../shared/eval/dev.jsonl');

describe('matching quality', () => {
  it.skipIf(!existsSync(devSet))('dev set (../shared/eval/dev.jsonl)', () => {
    const r = evaluate(devSet);
    expect(r.leaks).toBe(0);
    expect(r.top1).toBeGreaterThanOrEqual(0.9);
    expect(r.recall3).toBeGreaterThanOrEqual(0.98);
    expect(r.answered).toBeGreaterThanOrEqual(0.9);
    expect(r.flagged).toBeGreaterThanOrEqual(0.9);
  });

  it('held-out set (test/eval/holdout.jsonl, written independently of the dev set)', () => {
    const r = evaluate(path.resolve(import.meta.dirname, '../eval/holdout.jsonl'));
    expect(r.leaks).toBe(0);
    expect(r.top1).toBeGreaterThanOrEqual(0.78);
    expect(r.recall3).toBeGreaterThanOrEqual(0.86);
    expect(r.flagged).toBeGreaterThanOrEqual(0.85);
  });
});
