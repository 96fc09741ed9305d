// Scoring of labelled question sets, shared by `npm run eval` (scripts/eval.ts) and the
// matching-quality regression test. Rules (issue 3): a match counts when its id is in `gold` or its
// answer contains a `gold_text` string; an empty `gold` with no `gold_text` means the right
// verdict is not `answered`.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lookup } from '../../src/search/lookup';
import { LookupRequestSchema, type LookupResponse, type Match } from '../../src/search/contract';

export const LabelledRowSchema = z.object({
  id: z.string(),
  question: z.string(),
  lang: z.string().optional(),
  product: z.string().nullish(),
  gold: z.array(z.string()),
  gold_text: z.array(z.string()).nullish(),
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

export const isCorrect = (row: LabelledRow, m: Match) => row.gold.includes(m.id) || (row.gold_text ?? []).some((t) => m.answer.includes(t));
export const isAnswerable = (row: LabelledRow) => row.gold.length > 0 || (row.gold_text ?? []).length > 0;

export interface Outcome {
  row: LabelledRow;
  res: LookupResponse;
  /** 1-based rank of the first correct match within the first five, 0 if none. */
  rank: number;
  /** A match outside the question's product. */
  leak: boolean;
}

/** Runs each row through the same lookup as /api/lookup (limit 5). */
export function runRows(rows: readonly LabelledRow[]): Outcome[] {
  return rows.map((row) => {
    const res = lookup(LookupRequestSchema.parse({ question: row.question, product: row.product ?? undefined, limit: 5 }));
    const rank = res.matches.findIndex((m) => isCorrect(row, m)) + 1;
    const leak = !!row.product && res.matches.some((m) => !m.products.includes(row.product!));
    return { row, res, rank, leak };
  });
}

export interface Metrics {
  n: number;
  answerable: number;
  unanswerable: number;
  top1: number;
  recall3: number;
  mrr5: number;
  /** Share of answerable questions with verdict `answered`. */
  answered: number;
  /** Unanswerable questions not marked `answered`. */
  flagged: number;
  /** Of the questions marked `answered`, the share whose first answer is right. */
  answeredPrecision: number;
  leaks: number;
}

export function metrics(outcomes: readonly Outcome[]): Metrics {
  const ans = outcomes.filter((o) => isAnswerable(o.row));
  const unans = outcomes.filter((o) => !isAnswerable(o.row));
  const claimed = outcomes.filter((o) => o.res.verdict === 'answered');
  const share = (n: number, d: number) => (d === 0 ? NaN : n / d);
  return {
    n: outcomes.length,
    answerable: ans.length,
    unanswerable: unans.length,
    top1: share(ans.filter((o) => o.rank === 1).length, ans.length),
    recall3: share(ans.filter((o) => o.rank >= 1 && o.rank <= 3).length, ans.length),
    mrr5: share(ans.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0), ans.length),
    answered: share(ans.filter((o) => o.res.verdict === 'answered').length, ans.length),
    flagged: unans.filter((o) => o.res.verdict !== 'answered').length,
    answeredPrecision: share(claimed.filter((o) => isAnswerable(o.row) && o.rank === 1).length, claimed.length),
    leaks: outcomes.filter((o) => o.leak).length,
  };
}
