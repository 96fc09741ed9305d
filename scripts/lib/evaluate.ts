// Scoring of labelled question sets, shared by `npm run eval` (scripts/eval.ts), the weight fitting
// (scripts/fit-verdict.ts) and the matching-quality regression test. Rules (issue 3): a match
// counts when its id is in `gold` or its answer contains a `gold_text` string; an empty `gold` with
// no `gold_text` means the right verdict is not `answered`. `sure: false` marks a label a careful
// reader might dispute (issue 10): figures are reported with and without those rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { lookup as defaultLookup } from '../../src/search/lookup';
import { LookupRequestSchema, type LookupResponse, type Match, type ParsedLookupRequest } from '../../src/search/contract';

export const LabelledRowSchema = z.object({
  id: z.string(),
  question: z.string(),
  lang: z.string().optional(),
  product: z.string().nullish(),
  gold: z.array(z.string()),
  gold_text: z.array(z.string()).nullish(),
  sure: z.boolean().optional(),
  source: z.string().optional(),
});
export type LabelledRow = z.infer<typeof LabelledRowSchema>;

export function loadLabelledRows(file: string): LabelledRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = LabelledRowSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.message}`);
      return r.data;
    });
}

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * Every labelled set, by name. The shared sets live next to the repository (../shared/eval).
 * `fit: false` marks a report-only set: `npm run fit` never trains on it and only prints its figures
 * under the model fitted on all the other sets (see test/eval/README.md).
 */
export interface EvalSet {
  name: string;
  file: string;
  /** Whether `npm run fit` may train on this set (default true). */
  fit?: boolean;
}
export const EVAL_SETS: readonly EvalSet[] = [
  { name: 'dev', file: path.resolve(ROOT, '../shared/eval/dev.jsonl') },
  { name: 'real-ja-dev', file: path.resolve(ROOT, '../shared/eval/real-ja-dev.jsonl') },
  { name: 'real-en-dev', file: path.resolve(ROOT, '../shared/eval/real-en-dev.jsonl') },
  { name: 'holdout', file: path.resolve(ROOT, 'test/eval/holdout.jsonl') },
  // Held-out probe of real CAIQ/HECVAT items, selected by a fixed stride (test/eval/README.md): never fitted on.
  { name: 'probe', file: path.resolve(ROOT, 'test/eval/probe-real.jsonl'), fit: false },
];

export const isCorrectId = (row: LabelledRow, id: string, answer?: string) => row.gold.includes(id) || (answer !== undefined && (row.gold_text ?? []).some((t) => answer.includes(t)));
export const isCorrect = (row: LabelledRow, m: Match) => isCorrectId(row, m.id, m.answer);
export const isAnswerable = (row: LabelledRow) => row.gold.length > 0 || (row.gold_text ?? []).length > 0;

export interface Outcome {
  row: LabelledRow;
  res: LookupResponse;
  /** 1-based rank of the first correct match within the first five, 0 if none. */
  rank: number;
  /** A match outside the question's product. */
  leak: boolean;
  /** Same, for the naive ranker (when one was given). */
  naiveRank?: number;
}

export type LookupFn = (req: ParsedLookupRequest) => LookupResponse;
export type RankFn = (question: string, product: string | undefined, limit: number) => string[];

/** Runs each row through the same lookup as /api/lookup (limit 5), and the naive ranker beside it. */
export function runRows(rows: readonly LabelledRow[], lookup: LookupFn = defaultLookup, naive?: RankFn, answerOf?: (id: string) => string | undefined): Outcome[] {
  return rows.map((row) => {
    const res = lookup(LookupRequestSchema.parse({ question: row.question, product: row.product ?? undefined, limit: 5 }));
    const rank = res.matches.findIndex((m) => isCorrect(row, m)) + 1;
    const leak = !!row.product && res.matches.some((m) => !m.products.includes(row.product!));
    const naiveRank = naive ? naive(row.question, row.product ?? undefined, 5).findIndex((id) => isCorrectId(row, id, answerOf?.(id))) + 1 : undefined;
    return { row, res, rank, leak, ...(naiveRank !== undefined ? { naiveRank } : {}) };
  });
}

export interface RankingFigures {
  top1: number;
  recall3: number;
  mrr5: number;
}
export interface Metrics extends RankingFigures {
  n: number;
  answerable: number;
  unanswerable: number;
  /** Share of answerable questions with verdict `answered`. */
  answered: number;
  /** Unanswerable questions not marked `answered`. */
  flagged: number;
  /** Of the questions marked `answered`, the share whose first answer is right. */
  answeredPrecision: number;
  /** Answerable questions that got no candidate at all. */
  noCandidate: number;
  leaks: number;
  /** The naive ranker's figures on the same rows (when it ran). */
  naive?: RankingFigures;
}

const share = (n: number, d: number) => (d === 0 ? NaN : n / d);
function ranking(ranks: readonly number[]): RankingFigures {
  return {
    top1: share(ranks.filter((r) => r === 1).length, ranks.length),
    recall3: share(ranks.filter((r) => r >= 1 && r <= 3).length, ranks.length),
    mrr5: share(
      ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0),
      ranks.length,
    ),
  };
}

/** A share as the eval tables print it: one decimal, `–` when undefined (no rows). */
export const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

export function metrics(outcomes: readonly Outcome[]): Metrics {
  const ans = outcomes.filter((o) => isAnswerable(o.row));
  const unans = outcomes.filter((o) => !isAnswerable(o.row));
  const claimed = outcomes.filter((o) => o.res.verdict === 'answered');
  const naiveRanks = ans.map((o) => o.naiveRank);
  return {
    n: outcomes.length,
    answerable: ans.length,
    unanswerable: unans.length,
    ...ranking(ans.map((o) => o.rank)),
    answered: share(ans.filter((o) => o.res.verdict === 'answered').length, ans.length),
    flagged: unans.filter((o) => o.res.verdict !== 'answered').length,
    answeredPrecision: share(claimed.filter((o) => isAnswerable(o.row) && o.rank === 1).length, claimed.length),
    noCandidate: ans.filter((o) => o.res.matches.length === 0).length,
    leaks: outcomes.filter((o) => o.leak).length,
    ...(naiveRanks.length && naiveRanks.every((r) => r !== undefined) ? { naive: ranking(naiveRanks as number[]) } : {}),
  };
}
