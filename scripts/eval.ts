// npm run eval [-- path/to/labelled.jsonl]: runs every labelled question through the same lookup
// as /api/lookup and prints retrieval and verdict quality. Default set: ../shared/eval/dev.jsonl.
import path from 'node:path';
import { isAnswerable, loadLabelledRows, metrics, runRows, type Outcome } from './lib/evaluate';

const file = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/eval/dev.jsonl');
const outcomes = runRows(loadLabelledRows(file));

const pct = (x: number) => (Number.isNaN(x) ? '   –  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
function report(label: string, subset: Outcome[]) {
  const m = metrics(subset);
  console.log(
    `${label.padEnd(10)} n=${String(m.n).padStart(3)}  top1 ${pct(m.top1)}  recall@3 ${pct(m.recall3)}  MRR@5 ${Number.isNaN(m.mrr5) ? '–' : m.mrr5.toFixed(3)}  answered ${pct(m.answered)}  unanswerable flagged ${pct(m.unanswerable ? m.flagged / m.unanswerable : NaN)} (${m.flagged}/${m.unanswerable})  answered-precision ${pct(m.answeredPrecision)}  leaks ${m.leaks}`,
  );
}

console.log(`kaitou eval: ${outcomes.length} questions from ${path.relative(process.cwd(), file)}`);
report('all', outcomes);
for (const lang of [...new Set(outcomes.map((o) => o.row.lang ?? 'ja'))]) report(lang, outcomes.filter((o) => (o.row.lang ?? 'ja') === lang));

// Calibration: how often the top match is right, per confidence band (answerable questions only).
console.log('\nconfidence of top match → share correct (answerable) | share of unanswerable');
for (const [lo, hi] of [[0, 0.3], [0.3, 0.55], [0.55, 0.75], [0.75, 1.01]] as const) {
  const band = outcomes.filter((o) => (o.res.matches[0]?.confidence ?? 0) >= lo && (o.res.matches[0]?.confidence ?? 0) < hi);
  const a = band.filter((o) => isAnswerable(o.row));
  console.log(`  [${lo.toFixed(2)}, ${Math.min(hi, 1).toFixed(2)})  ${pct(a.length ? a.filter((o) => o.rank === 1).length / a.length : NaN)} of ${a.length}  | ${band.length - a.length} unanswerable`);
}

const misses = outcomes.filter((o) => (isAnswerable(o.row) ? o.rank !== 1 || o.res.verdict !== 'answered' : o.res.verdict === 'answered') || o.leak);
if (misses.length) {
  console.log(`\nmisses (${misses.length}):`);
  for (const o of misses) {
    const top = o.res.matches.slice(0, 3).map((m) => `${m.id}(${m.confidence})`).join(' ');
    console.log(`  ${o.row.id} [${o.row.product ?? '-'}] ${o.res.verdict} rank=${o.rank || '-'}${o.leak ? ' LEAK' : ''} ${o.row.question}\n      gold: ${o.row.gold.join(' ') || '(none)'}\n      got:  ${top || '(nothing)'}`);
  }
}
