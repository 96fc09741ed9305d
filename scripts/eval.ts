// npm run eval [-- --misses] [-- path/to/labelled.jsonl …]: runs every labelled set (or the files
// given) through the same lookup as /api/lookup and prints, per set and language, ranking and
// verdict quality beside the naive MiniSearch + kuromoji ranker, with and without the rows marked
// `sure: false`, and the ranking options it ran with.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { allUnits, getUnit } from '../src/corpus/store';
import { defaultEngine } from '../src/search/lookup';
import { EVAL_SETS, isAnswerable, loadLabelledRows, metrics, pct, runRows, type Metrics, type Outcome } from './lib/evaluate';
import { createNaiveRanker } from './lib/naive-ranker';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const files = args.filter((a) => !a.startsWith('--'));
const sets = files.length ? files.map((f) => ({ name: path.basename(f, '.jsonl'), file: path.resolve(f) })) : EVAL_SETS.filter((s) => existsSync(s.file));

const naive = await createNaiveRanker(allUnits());
const frac = (a: number, b: number) => (b === 0 ? '–' : `${pct(a / b)} (${a}/${b})`);

const header = ['set', 'lang', 'rows', 'n', 'top-1', 'naive top-1', 'recall@3', 'naive r@3', 'MRR@5', 'naive MRR@5', 'answered', 'answered-precision', 'unanswerable flagged', 'no candidate', 'leaks'];
const lines: string[][] = [];
function row(set: string, lang: string, rows: string, m: Metrics) {
  lines.push([
    set,
    lang,
    rows,
    String(m.n),
    pct(m.top1),
    pct(m.naive?.top1 ?? NaN),
    pct(m.recall3),
    pct(m.naive?.recall3 ?? NaN),
    Number.isNaN(m.mrr5) ? '–' : m.mrr5.toFixed(3),
    m.naive ? m.naive.mrr5.toFixed(3) : '–',
    frac(Math.round(m.answered * m.answerable), m.answerable),
    pct(m.answeredPrecision),
    frac(m.flagged, m.unanswerable),
    `${m.noCandidate}/${m.answerable}`,
    String(m.leaks),
  ]);
}

const all: Outcome[] = [];
for (const set of sets) {
  const outcomes = runRows(loadLabelledRows(set.file), defaultEngine.lookup, naive.rank, (id) => getUnit(id)?.answer);
  all.push(...outcomes);
  const langs = [...new Set(outcomes.map((o) => o.row.lang ?? 'ja'))].sort();
  for (const lang of langs.length > 1 ? ['all', ...langs] : langs) {
    const inLang = outcomes.filter((o) => lang === 'all' || (o.row.lang ?? 'ja') === lang);
    row(set.name, lang, 'all', metrics(inLang));
    const sure = inLang.filter((o) => o.row.sure !== false);
    if (sure.length < inLang.length) row(set.name, lang, 'sure only', metrics(sure));
  }
}

console.log(`kaitou eval: ${all.length} labelled questions, ${sets.map((s) => s.name).join(', ')} (npm run eval)`);
console.log(`naive = MiniSearch defaults over kuromoji base forms of the same units, product filter only (scripts/lib/naive-ranker.ts)\n`);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const l of lines) console.log(`| ${l.join(' | ')} |`);

// Calibration: how often the top match is right, per confidence band of the answer.
console.log('\nconfidence of the first match → share right (answerable) | unanswerable in band, all sets');
for (const [lo, hi] of [
  [0, 0.3],
  [0.3, 0.5],
  [0.5, 0.6],
  [0.6, 0.7],
  [0.7, 0.8],
  [0.8, 0.9],
  [0.9, 1.01],
] as const) {
  const band = all.filter((o) => (o.res.matches[0]?.confidence ?? 0) >= lo && (o.res.matches[0]?.confidence ?? 0) < hi);
  const a = band.filter((o) => isAnswerable(o.row));
  console.log(`  [${lo.toFixed(2)}, ${Math.min(hi, 1).toFixed(2)})  ${pct(a.length ? a.filter((o) => o.rank === 1).length / a.length : NaN).padStart(6)} of ${String(a.length).padStart(3)}  | ${band.length - a.length} unanswerable`);
}

console.log('\noptions (src/search/options.ts):');
console.log(JSON.stringify(defaultEngine.options, null, 1).replace(/\n\s*/g, ' '));

if (showMisses) {
  const misses = all.filter((o) => (isAnswerable(o.row) ? o.rank !== 1 || o.res.verdict !== 'answered' : o.res.verdict === 'answered') || o.leak);
  console.log(`\nmisses (${misses.length}):`);
  for (const o of misses) {
    const top = o.res.matches
      .slice(0, 3)
      .map((m) => `${m.id}(${m.confidence})`)
      .join(' ');
    console.log(
      `  ${o.row.id}${o.row.sure === false ? '?' : ''} [${o.row.product ?? '-'}] ${o.res.verdict} rank=${o.rank || '-'} naive=${o.naiveRank || '-'}${o.leak ? ' LEAK' : ''} ${o.row.question.replace(/\s+/g, ' ')}\n      gold: ${o.row.gold.join(' ') || '(none)'}\n      got:  ${top || '(nothing)'}`,
    );
  }
}
