// npm run fit [-- --write]: fits the ranking and verdict numbers marked "fitted" in
// src/search/options.ts on the labelled sets, leave-one-set-out (issue 10): for each set, fit on
// the others and report the held-out figures; then fit on all sets and, with --write, ship the
// result as data (src/search/fitted-options.json). Ranking: coordinate ascent over small grids,
// objective mean MRR@5 + recall@3 of the training sets. Verdict: logistic regression of "the
// first answer is right" on the verdict features, then the lowest `answeredMin` that keeps
// answered-precision ≥ 95 % on the pooled training rows.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createEngine, type CorpusArtifact } from '../src/search/engine';
import type { SearchArtifact } from '../src/index/fields';
import { VERDICT_FEATURES, type DeepPartial, type RankingOptions, type VerdictFeature } from '../src/search/options';
import type { Explained } from '../src/search/engine';
import { EVAL_SETS, isAnswerable, loadLabelledRows, metrics, runRows, type LabelledRow, type Outcome } from './lib/evaluate';

const ROOT = path.resolve(import.meta.dirname, '..');
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'src/generated/corpus.json'), 'utf8')) as CorpusArtifact;
const artifact = JSON.parse(readFileSync(path.join(ROOT, 'src/generated/search-index.json'), 'utf8')) as SearchArtifact;
const available = EVAL_SETS.filter((s) => existsSync(s.file)).map((s) => ({ name: s.name, fit: s.fit !== false, rows: loadLabelledRows(s.file) }));
/** Training sets (leave-one-set-out runs over these); report-only sets (`fit: false`) are never trained on. */
const sets = available.filter((s) => s.fit);
const reportOnly = available.filter((s) => !s.fit);

/**
 * The grids: each entry is a path into RankingOptions and the values tried. Kept small on purpose:
 * adding bigramWeight, synonymWeight, topicMissFactor and productOwnBoost to the grid made every
 * held-out figure worse (e.g. real-ja-dev top-1 51.5 % → 45.5 %, holdout 81.9 % → 77.1 %): overfitting.
 */
const RANKING_GRID: readonly [string, readonly number[]][] = [
  ['rank.questionSimilarityWeight', [0, 0.5, 1, 2, 4]],
  ['rank.coverageWeight', [0, 0.5, 1, 2, 4]],
  ['query.emphasis.title', [0.4, 0.7, 1]],
  ['query.emphasis.detail', [0.3, 0.6, 1]],
  ['query.emphasis.example', [0.2, 0.4, 0.7]],
  ['query.emphasis.condition', [0.4, 0.7, 1]],
  ['query.emphasis.followUp', [0.2, 0.5, 1]],
  ['fields.headingBoost', [1, 1.6, 2.5]],
  ['fields.declarativeHeadingFactor', [1, 2, 3]],
];
const ANSWERED_MIN = Array.from({ length: 99 }, (_, i) => 0.01 * (i + 1));
const TARGET_PRECISION = 0.95;
/** L2 penalty of the logistic regression: the sets are small (≈ 280 rows), the model must stay simple. */
const L2 = 0.002;

type Flat = Record<string, number>;
function toOptions(flat: Flat): DeepPartial<RankingOptions> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let o = out;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts.at(-1)!] = value;
  }
  return out as DeepPartial<RankingOptions>;
}

const explained = new WeakMap<object, Explained>();
function run(flat: Flat | DeepPartial<RankingOptions>, rows: readonly LabelledRow[]): Outcome[] {
  const engine = createEngine(corpus, artifact, isFlat(flat) ? toOptions(flat) : flat);
  return runRows(rows, (req) => {
    const e = engine.lookupExplained(req);
    explained.set(e.response, e);
    return e.response;
  });
}
const isFlat = (x: object): x is Flat => Object.values(x).every((v) => typeof v === 'number');

function rankingScore(flat: Flat, train: readonly { rows: LabelledRow[] }[]): number {
  let s = 0;
  for (const t of train) {
    const m = metrics(run(flat, t.rows));
    s += m.mrr5 + m.recall3;
  }
  return s / train.length;
}

/** Logistic regression (gradient descent, L2) of "the first answer is right" on the verdict features of the rows that could be `answered`. */
/**
 * The features the shipped model uses (FIT_FEATURES=a,b,… to try others; VERDICT_FEATURES lists all).
 * Leave-one-set-out, the full list did worse held out than this subset (answered-precision on the
 * held-out set: holdout 84 % vs 97 %, real-ja-dev 44 % vs 56 %, real-en-dev 37 % vs 47 %): the lead
 * margin, second-candidate share, product's own document and the kind-of-item features (structured,
 * number of concepts) tell the sets apart more than right from wrong.
 */
const SHIPPED_FEATURES: readonly VerdictFeature[] = ['confidence', 'coverage', 'groupCoverage', 'bigrams', 'questionSimilarity', 'topic', 'knownShare', 'english'];
const FEATURES: readonly VerdictFeature[] = process.env.FIT_FEATURES ? (process.env.FIT_FEATURES.split(',') as VerdictFeature[]) : SHIPPED_FEATURES;
function fitVerdictModel(outcomes: readonly Outcome[]): { bias: number; weights: Partial<Record<VerdictFeature, number>> } {
  const data = outcomes.flatMap((o) => {
    const f = explained.get(o.res)?.features;
    return f ? [{ x: FEATURES.map((k) => f[k]), y: isAnswerable(o.row) && o.rank === 1 ? 1 : 0 }] : [];
  });
  const w = new Array<number>(VERDICT_FEATURES.length).fill(0);
  let b = 0;
  const rate = 2;
  for (let iter = 0; iter < 20000; iter++) {
    const gw = new Array<number>(w.length).fill(0);
    let gb = 0;
    for (const { x, y } of data) {
      const p = 1 / (1 + Math.exp(-(b + x.reduce((s, xi, i) => s + xi * w[i]!, 0))));
      const e = p - y;
      gb += e;
      x.forEach((xi, i) => (gw[i]! += e * xi));
    }
    b -= (rate * gb) / data.length;
    w.forEach((wi, i) => (w[i] = wi - rate * (gw[i]! / data.length + L2 * wi)));
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { bias: round(b), weights: Object.fromEntries(FEATURES.map((k, i) => [k, round(w[i]!)])) };
}

/** The lowest threshold at which answered-precision reaches the target on every training set (not only pooled). */
function fitThreshold(outcomesBySet: readonly (readonly Outcome[])[]): number {
  const precisionHolds = (outcomes: readonly Outcome[], t: number) => {
    const claimed = outcomes.filter((o) => (explained.get(o.res)?.answerConfidence ?? 0) >= t);
    return claimed.length === 0 || claimed.filter((o) => isAnswerable(o.row) && o.rank === 1).length / claimed.length >= TARGET_PRECISION;
  };
  for (const t of ANSWERED_MIN) if (outcomesBySet.every((o) => precisionHolds(o, t))) return t;
  return 1;
}

function fit(train: readonly { name: string; rows: LabelledRow[] }[]): DeepPartial<RankingOptions> {
  const flat: Flat = {};
  for (let pass = 0; pass < 2; pass++)
    for (const [key, values] of RANKING_GRID) {
      let bestValue = values[0]!;
      let bestScore = -Infinity;
      for (const v of values) {
        const s = rankingScore({ ...flat, [key]: v }, train);
        if (s > bestScore + 1e-9) [bestScore, bestValue] = [s, v];
      }
      flat[key] = bestValue;
    }
  // Labels a careful reader might dispute (sure: false) do not set the verdict: it is fitted on
  // the undisputed rows (the ranking grid above uses every row).
  const pooled = train.flatMap((t) => t.rows).filter((r) => r.sure !== false);
  const model = fitVerdictModel(run(flat, pooled));
  const options = toOptions(flat);
  options.verdict = { ...options.verdict, model };
  const answeredMin = fitThreshold(train.map((t) => run(options, t.rows.filter((r) => r.sure !== false))));
  options.verdict.answeredMin = answeredMin;
  return options;
}

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
console.log('leave-one-set-out: fitted on the other sets, figures on the held-out set');
console.log('| held out | top-1 | recall@3 | MRR@5 | answered | answered-precision | unanswerable flagged | fitted |\n|---|---|---|---|---|---|---|---|');
for (const held of sets) {
  const flat = fit(sets.filter((s) => s !== held));
  const m = metrics(run(flat, held.rows));
  console.log(`| ${held.name} | ${pct(m.top1)} | ${pct(m.recall3)} | ${m.mrr5.toFixed(3)} | ${pct(m.answered)} | ${pct(m.answeredPrecision)} | ${pct(m.flagged / m.unanswerable)} | ${JSON.stringify(flat)} |`);
}
const final = fit(sets);
console.log(`\nfitted on all sets: ${JSON.stringify(final)}`);
if (reportOnly.length) {
  console.log('\nreport-only sets (never fitted on), under the model fitted on all sets; sure-only = without sure:false rows');
  console.log('| set | rows | top-1 | recall@3 | MRR@5 | answered | answered-precision | unanswerable flagged |\n|---|---|---|---|---|---|---|---|');
  for (const r of reportOnly) {
    for (const [label, rows] of [[r.name, r.rows], [`${r.name} (sure-only)`, r.rows.filter((x) => x.sure !== false)]] as const) {
      const m = metrics(run(final, rows));
      console.log(`| ${label} | ${rows.length} | ${pct(m.top1)} | ${pct(m.recall3)} | ${m.mrr5.toFixed(3)} | ${pct(m.answered)} | ${pct(m.answeredPrecision)} | ${pct(m.flagged / m.unanswerable)} |`);
    }
  }
}
if (process.argv.includes('--write')) {
  writeFileSync(
    path.join(ROOT, 'src/search/fitted-options.json'),
    `${JSON.stringify({ note: 'Written by scripts/fit-options.ts (npm run fit -- --write) on every labelled set; leave-one-set-out figures are printed by the same script.', sets: sets.map((s) => s.name), options: final }, null, 2)}\n`,
  );
  console.log('wrote src/search/fitted-options.json');
}
