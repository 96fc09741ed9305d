// Regression guard for matching quality: every labelled set runs through the same lookup and the
// same scoring as `npm run eval`. Floors sit a little under the figures README reports (one or two
// rows of slack), so a change that makes matching worse fails here; npm run eval is where quality
// is reported, with the naive baseline beside it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVAL_SETS, loadLabelledRows, metrics, runRows } from '../../scripts/lib/evaluate';

interface Floors {
  top1: number;
  recall3: number;
  /** Share of answerable rows `answered`. */
  answered: number;
  answeredPrecision: number;
  /** Share of unanswerable rows not `answered`. */
  flagged: number;
  /** Answerable rows with no candidate at all. */
  maxNoCandidate: number;
}

// The learned reranker and its calibrated verdict (issue 10) moved the floors: ranking floors up
// (real-ja-dev recall@3, real-en-dev top-1 and recall@3, holdout), answered-precision up on dev and
// holdout; `answered` and unanswerable-flagged down on the real sets (the calibrated verdict
// answers fewer real rows in-sample; see README and npm run fit for the held-out figures).
const FLOORS: Record<string, Floors> = {
  dev: { top1: 0.91, recall3: 0.98, answered: 0.67, answeredPrecision: 0.95, flagged: 1, maxNoCandidate: 0 },
  'real-ja-dev': { top1: 0.54, recall3: 0.72, answered: 0.12, answeredPrecision: 0.7, flagged: 0.85, maxNoCandidate: 0 },
  'real-en-dev': { top1: 0.6, recall3: 0.78, answered: 0.07, answeredPrecision: 0.8, flagged: 0.9, maxNoCandidate: 1 },
  holdout: { top1: 0.81, recall3: 0.93, answered: 0.45, answeredPrecision: 0.95, flagged: 0.9, maxNoCandidate: 0 },
  // Report-only held-out probe (19 answerable rows, test/eval/README.md): floors one row under
  // today's figures. Its answered-precision is 0 % (both `answered` rows are disputable labels), so
  // that floor guards nothing yet; unanswerable items are all flagged.
  probe: { top1: 0.26, recall3: 0.5, answered: 0.05, answeredPrecision: 0, flagged: 0.95, maxNoCandidate: 1 },
};

describe('matching quality', () => {
  for (const set of EVAL_SETS) {
    const floors = FLOORS[set.name]!;
    it.skipIf(!existsSync(set.file))(`${set.name} (${set.file.split('/').slice(-3).join('/')})`, () => {
      const m = metrics(runRows(loadLabelledRows(set.file)));
      expect(m.leaks).toBe(0);
      expect(m.top1).toBeGreaterThanOrEqual(floors.top1);
      expect(m.recall3).toBeGreaterThanOrEqual(floors.recall3);
      expect(m.answered).toBeGreaterThanOrEqual(floors.answered);
      expect(m.answeredPrecision).toBeGreaterThanOrEqual(floors.answeredPrecision);
      expect(m.flagged / m.unanswerable).toBeGreaterThanOrEqual(floors.flagged);
      expect(m.noCandidate).toBeLessThanOrEqual(floors.maxNoCandidate);
    });
  }
});
