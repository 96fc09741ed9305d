// npm run eval [-- path/to/labelled.jsonl]: runs every labelled question through the same lookup
// as /api/lookup and prints retrieval and verdict quality. Default set: ../shared/eval/dev.jsonl.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { lookup } from '../src/search/lookup';
import { LookupRequestSchema, type LookupResponse, type Match } from '../src/search/contract';

const RowSchema = z.object({
  id: z.string(),
  question: z.string(),
  lang: z.string().optional(),
  product: z.string().nullish(),
  gold: z.array(z.string()),
  gold_text: z.array(z.string()).nullish(),
});
type Row = z.infer<typeof RowSchema>;

const file = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/eval/dev.jsonl');
const rows = (await readFile(file, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l, i) => {
    const r = RowSchema.safeParse(JSON.parse(l));
    if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.message}`);
    return r.data;
  });

const isCorrect = (row: Row, m: Match) => row.gold.includes(m.id) || (row.gold_text ?? []).some((t) => m.answer.includes(t));
const answerable = (row: Row) => row.gold.length > 0 || (row.gold_text ?? []).length > 0;

interface Outcome {
  row: Row;
  res: LookupResponse;
  rank: number; // 1-based rank of the first correct match within 5, 0 if none
  leak: boolean;
}
const outcomes: Outcome[] = rows.map((row) => {
  const res = lookup(LookupRequestSchema.parse({ question: row.question, product: row.product ?? undefined, limit: 5 }));
  const rank = res.matches.findIndex((m) => isCorrect(row, m)) + 1;
  const leak = !!row.product && res.matches.some((m) => !m.products.includes(row.product!));
  return { row, res, rank, leak };
});

const pct = (n: number, d: number) => (d === 0 ? '   –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
function report(label: string, subset: Outcome[]) {
  const ans = subset.filter((o) => answerable(o.row));
  const unans = subset.filter((o) => !answerable(o.row));
  const top1 = ans.filter((o) => o.rank === 1).length;
  const r3 = ans.filter((o) => o.rank >= 1 && o.rank <= 3).length;
  const mrr = ans.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / Math.max(1, ans.length);
  const answered = ans.filter((o) => o.res.verdict === 'answered').length;
  const flagged = unans.filter((o) => o.res.verdict !== 'answered').length;
  // Of the questions we claim to answer, how often the answer shown first is a right one.
  const claimed = subset.filter((o) => o.res.verdict === 'answered');
  const claimedRight = claimed.filter((o) => answerable(o.row) && o.rank === 1).length;
  console.log(
    `${label.padEnd(10)} n=${String(subset.length).padStart(3)}  top1 ${pct(top1, ans.length)}  recall@3 ${pct(r3, ans.length)}  MRR@5 ${mrr.toFixed(3)}  answered ${pct(answered, ans.length)}  unanswerable flagged ${pct(flagged, unans.length)} (${flagged}/${unans.length})  answered-precision ${pct(claimedRight, claimed.length)}  leaks ${subset.filter((o) => o.leak).length}`,
  );
}

console.log(`kaitou eval: ${rows.length} questions from ${path.relative(process.cwd(), file)}`);
report('all', outcomes);
for (const lang of [...new Set(rows.map((r) => r.lang ?? 'ja'))]) report(lang, outcomes.filter((o) => (o.row.lang ?? 'ja') === lang));

// Calibration: how often the top match is right, per confidence band (answerable questions only).
console.log('\nconfidence of top match → share correct (answerable) | share of unanswerable');
for (const [lo, hi] of [[0, 0.3], [0.3, 0.55], [0.55, 0.75], [0.75, 1.01]] as const) {
  const band = outcomes.filter((o) => (o.res.matches[0]?.confidence ?? 0) >= lo && (o.res.matches[0]?.confidence ?? 0) < hi);
  const a = band.filter((o) => answerable(o.row));
  console.log(`  [${lo.toFixed(2)}, ${Math.min(hi, 1).toFixed(2)})  ${pct(a.filter((o) => o.rank === 1).length, a.length)} of ${a.length}  | ${band.length - a.length} unanswerable`);
}

const misses = outcomes.filter((o) => (answerable(o.row) ? o.rank !== 1 || o.res.verdict !== 'answered' : o.res.verdict === 'answered') || o.leak);
if (misses.length) {
  console.log(`\nmisses (${misses.length}):`);
  for (const o of misses) {
    const top = o.res.matches.slice(0, 3).map((m) => `${m.id}(${m.confidence})`).join(' ');
    console.log(`  ${o.row.id} [${o.row.product ?? '-'}] ${o.res.verdict} rank=${o.rank || '-'}${o.leak ? ' LEAK' : ''} ${o.row.question}\n      gold: ${o.row.gold.join(' ') || '(none)'}\n      got:  ${top || '(nothing)'}`);
  }
}
