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

// The question library (issue 17) moved the floors: ranking up on every set (real-en-dev top-1
// 61.8 → 69.1 %, probe 31.6 → 47.4 %), `answered` up (dev 69 → 88 %, real-ja-dev 12 → 24 %,
// real-en-dev 9 → 27 %, holdout 47 → 78 %). These are in-sample figures (the model is fitted on
// these sets): the held-out, leave-one-source-out figures are in README (npm run fit). Floors sit
// one or two rows under today's.
const FLOORS: Record<string, Floors> = {
  dev: { top1: 0.94, recall3: 0.98, answered: 0.84, answeredPrecision: 0.95, flagged: 1, maxNoCandidate: 0 },
  'real-ja-dev': { top1: 0.63, recall3: 0.75, answered: 0.2, answeredPrecision: 0.85, flagged: 0.9, maxNoCandidate: 0 },
  'real-en-dev': { top1: 0.66, recall3: 0.8, answered: 0.23, answeredPrecision: 0.85, flagged: 0.94, maxNoCandidate: 0 },
  holdout: { top1: 0.92, recall3: 0.97, answered: 0.74, answeredPrecision: 0.94, flagged: 0.9, maxNoCandidate: 0 },
  // Report-only held-out probe (19 answerable rows, test/eval/README.md): floors one row under
  // today's figures; one of its five `answered` rows is a disputable label's miss, one an unsure
  // unanswerable row.
  probe: { top1: 0.42, recall3: 0.57, answered: 0.15, answeredPrecision: 0.5, flagged: 0.94, maxNoCandidate: 0 },
};

describe('matching quality', () => {
  for (const set of EVAL_SETS) {
    const floors = FLOORS[set.name]!;
    it.skipIf(!existsSync(set.file))(
      `${set.name} (${set.file.split('/').slice(-3).join('/')})${existsSync(set.file) ? '' : " — skipped: the set is not on this machine (../shared is beside the repository on the team's machines and in CI)"}`,
      () => {
        const m = metrics(runRows(loadLabelledRows(set.file)));
        expect(m.leaks).toBe(0);
        expect(m.top1).toBeGreaterThanOrEqual(floors.top1);
        expect(m.recall3).toBeGreaterThanOrEqual(floors.recall3);
        expect(m.answered).toBeGreaterThanOrEqual(floors.answered);
        expect(m.answeredPrecision).toBeGreaterThanOrEqual(floors.answeredPrecision);
        expect(m.flagged / m.unanswerable).toBeGreaterThanOrEqual(floors.flagged);
        expect(m.noCandidate).toBeLessThanOrEqual(floors.maxNoCandidate);
      },
    );
  }
});
