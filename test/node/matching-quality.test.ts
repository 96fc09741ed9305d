// Regression guard for matching quality: the labelled sets run through the same lookup and the
// same scoring as `npm run eval`. Floors sit a little under the reported figures (README), so a
// change that makes matching worse fails here; the eval script is where quality is reported.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabelledRows, metrics, runRows } from '../../scripts/lib/evaluate';

const devSet = path.resolve(import.meta.dirname, '../../../shared/eval/dev.jsonl');
const holdout = path.resolve(import.meta.dirname, '../eval/holdout.jsonl');

describe('matching quality', () => {
  it.skipIf(!existsSync(devSet))('dev set (../shared/eval/dev.jsonl)', () => {
    const m = metrics(runRows(loadLabelledRows(devSet)));
    expect(m.leaks).toBe(0);
    expect(m.top1).toBeGreaterThanOrEqual(0.9);
    expect(m.recall3).toBeGreaterThanOrEqual(0.98);
    expect(m.answered).toBeGreaterThanOrEqual(0.9);
    expect(m.flagged / m.unanswerable).toBeGreaterThanOrEqual(0.9);
    expect(m.answeredPrecision).toBeGreaterThanOrEqual(0.9);
  });

  it('held-out set (test/eval/holdout.jsonl, written independently of the dev set)', () => {
    const m = metrics(runRows(loadLabelledRows(holdout)));
    expect(m.leaks).toBe(0);
    expect(m.top1).toBeGreaterThanOrEqual(0.8);
    expect(m.recall3).toBeGreaterThanOrEqual(0.85);
    expect(m.answered).toBeGreaterThanOrEqual(0.75);
    expect(m.flagged / m.unanswerable).toBeGreaterThanOrEqual(0.85);
    expect(m.answeredPrecision).toBeGreaterThanOrEqual(0.85);
  });
});
