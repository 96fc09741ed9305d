// npm run fit [-- --write]: fits the ranking and verdict numbers marked "fitted" in
// src/search/options.ts on the labelled sets, leave-one-set-out (issue 10): for each set, fit on
// the others and report the held-out figures; then fit on all sets and, with --write, ship the
// result as data (src/search/fitted-options.json). Ranking: a linear reranker over the first
// retrieval candidates, listwise logistic loss (fitReranker), inside a coordinate ascent over
// small grids of query emphasis and field boosts (objective mean MRR@5 + recall@3 of the training
// sets). Verdict: logistic regression of "the first answer is right" on the verdict features of
// the reranked lists, then the lowest `answeredMin` that keeps answered-precision ≥ 95 % on every training set.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createEngine, type CorpusArtifact } from '../src/search/engine';
import type { SearchArtifact } from '../src/index/fields';
import { DEFAULT_OPTIONS, RERANK_FEATURES, type DeepPartial, type RankingOptions, type RerankFeature, type VerdictFeature } from '../src/search/options';
import type { Explained } from '../src/search/engine';
import { EVAL_SETS, isAnswerable, isCorrectId, loadLabelledRows, metrics, pct, runRows, type LabelledRow, type Outcome } from './lib/evaluate';

const ROOT = path.resolve(import.meta.dirname, '..');
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'src/generated/corpus.json'), 'utf8')) as CorpusArtifact;
const artifact = JSON.parse(readFileSync(path.join(ROOT, 'src/generated/search-index.json'), 'utf8')) as SearchArtifact;
const available = EVAL_SETS.filter((s) => existsSync(s.file)).map((s) => ({ name: s.name, fit: s.fit !== false, rows: loadLabelledRows(s.file) }));
/** Training sets (leave-one-set-out runs over these); report-only sets (`fit: false`) are never trained on. */
const sets = available.filter((s) => s.fit);
const reportOnly = available.filter((s) => !s.fit);

/**
 * The grid: each entry is a path into RankingOptions and the values tried; for each value the
 * reranker is fitted anew (the query's emphasis and the field boosts change its features).
 * FIT_GRID=0 skips it: the shipped values (fitted-options.json) stay.
 */
const RANKING_GRID: readonly [string, readonly number[]][] = [
  ['query.emphasis.title', [0.4, 0.7, 1]],
  ['query.emphasis.detail', [0.3, 0.6, 1]],
  ['query.emphasis.example', [0.2, 0.4, 0.7]],
  ['query.emphasis.condition', [0.4, 0.7, 1]],
  ['query.emphasis.followUp', [0.2, 0.5, 1]],
  ['fields.headingBoost', [1, 1.6, 2.5]],
  ['fields.declarativeHeadingFactor', [1, 2, 3]],
];
/** Thresholds tried: (i + 1) / 100 is the double nearest the decimal, so the value tried is the value shipped (0.01 × 82 wrote 0.8200000000000001, which acted as 0.83 on the 2-decimal confidences). */
const ANSWERED_MIN = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
/*
 * Tried and not shipped (leave-one-set-out, 2026-11-25; the experiment switches were not kept):
 * the old hand-made score as a reranker feature (real-en precision 72.7 → 69.6 %, unanswerable English
 * not answered 89.5 → 84.2 %); a pairwise or listwise+pairwise loss (real-ja top-1 up 1–2 rows,
 * real-en and holdout down); L2 0.0001 or 0.01 (worse on real-en or holdout); a separate English
 * threshold (real-en answered 29 → 13 % with precision 72.2 → 71.4 %: right and wrong English firsts
 * have nearly the same features once the glossary reduced the question to 1–3 Japanese terms).
 */
/** answered-precision every training set must keep (FIT_PRECISION to try others). */
const TARGET_PRECISION = Number(process.env.FIT_PRECISION ?? 0.95);
/** L2 penalties: the sets are small (≈ 280 rows), the models must stay simple. RERANK_L2 chosen leave-one-set-out. */
const RERANK_L2 = Number(process.env.RERANK_L2 ?? 0.001);
const VERDICT_L2 = Number(process.env.VERDICT_L2 ?? 0.002);
/** Reranker features used (RERANK_FEATURES=a,b,… to try others). */
const RERANK_USED: readonly RerankFeature[] = process.env.RERANK_FEATURES ? (process.env.RERANK_FEATURES.split(',') as RerankFeature[]) : RERANK_FEATURES;
/**
 * Verdict features used (VERDICT_FEATURES=a,b,… to try others). Leave-one-set-out (FIT_GRID=0),
 * held-out answered / answered-precision: this list dev 74 % / 98 %, real-ja-dev 24 % / 67 %
 * (sure rows 46 % / 100 %), real-en-dev 22 % / 53 %, holdout 51 % / 95 %. Without `topic`:
 * real-ja-dev 15 % / 56 %, holdout 47 % / 97 %. The raw reranker score in place of its softmax
 * share: real-ja-dev precision 44 %. The hand-made model's features on the reranked lists
 * (quality, coverage, groupCoverage, bigrams, questionSimilarity, topic, knownShare, english):
 * real-ja-dev 24 % / 46 %, holdout 54 % / 93 %.
 * With the question library (issue 17, leave-one-source-out, FIT_GRID=0): `libraryRank` added
 * (dev held out 94.4 → 96.2 % precision and its unanswerable row no longer answered; probe 66.7 →
 * 75 %); tried and not kept: an English-only library-lead feature (no held-out change), the
 * threshold fitted at 97 % instead of 95 % (no held-out change), a promoted own-document unit
 * keeping its own score for the verdict (dev's unanswerable row answered).
 * Tried, not kept: `untranslatedWords`, the number of an English question's content words the
 * glossary left untranslated. FIT_GRID=0 held out answered / precision, before → after:
 * dev 76 / 95.5 → 59 / 97.1 %, real-ja-dev 24 / 70 → 18 / 86 %, real-en-dev 36 / 73 → 38 / 74 %,
 * holdout 58 / 94 → 58 / 94 %; but with the full grid real-en-dev 29 / 72.2 → 29 / 70.6 % and
 * real-ja-dev 21 / 87.5 → 18 / 85.7 % (one row each way: noise). Its share of the content words
 * (translatedShare) left real-en-dev unchanged and lowered dev and holdout precision.
 */
const VERDICT_USED: readonly VerdictFeature[] = process.env.VERDICT_FEATURES
  ? (process.env.VERDICT_FEATURES.split(',') as VerdictFeature[])
  : ['softmax', 'margin', 'groupCoverage', 'bigrams', 'questionSimilarity', 'topic', 'knownShare', 'english', 'librarySimilarity', 'libraryLead', 'libraryCoverage', 'libraryRank'];

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
function run(options: DeepPartial<RankingOptions>, rows: readonly LabelledRow[]): Outcome[] {
  const engine = createEngine(corpus, artifact, options);
  return runRows(rows, (req) => {
    const e = engine.lookupExplained(req);
    explained.set(e.response, e);
    return e.response;
  });
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The reranker: a linear score over the reranker features, fitted with a listwise logistic
 * (softmax) loss — −log of the probability mass the right units get among a question's
 * candidates —, L2-regularized, each training set weighing the same (the real sets are small).
 * Questions with no right unit among the candidates teach nothing about order and are left out.
 */
function fitReranker(train: readonly { rows: LabelledRow[] }[], base: DeepPartial<RankingOptions>): Partial<Record<RerankFeature, number>> {
  const lists: { x: number[][]; gold: boolean[]; weight: number }[] = [];
  for (const t of train) {
    const outcomes = run(base, t.rows);
    const useful = outcomes.flatMap((o) => {
      const cands = explained.get(o.res)!.candidates;
      const gold = cands.map((c) => isCorrectId(o.row, c.id, c.answer));
      return gold.some(Boolean) && !gold.every(Boolean) ? [{ x: cands.map((c) => RERANK_USED.map((k) => c.features[k])), gold }] : [];
    });
    for (const u of useful) lists.push({ ...u, weight: 1 / useful.length / train.length });
  }
  const d = RERANK_USED.length;
  const w = new Array<number>(d).fill(0);
  // Adam: the features have different scales and the loss is smooth.
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  const rate = 0.05;
  for (let iter = 1; iter <= 1500; iter++) {
    const g = w.map((wi) => 2 * RERANK_L2 * wi);
    for (const { x, gold, weight } of lists) {
      const s = x.map((xi) => xi.reduce((acc, f, j) => acc + f * w[j]!, 0));
      const mx = Math.max(...s);
      const e = s.map((si) => Math.exp(si - mx));
      const z = e.reduce((a, b) => a + b, 0);
      const zg = e.reduce((a, b, i) => a + (gold[i] ? b : 0), 0);
      x.forEach((xi, i) => {
        const coef = e[i]! / z - (gold[i] ? e[i]! / zg : 0);
        if (coef !== 0) for (let j = 0; j < d; j++) g[j]! += weight * coef * xi[j]!;
      });
    }
    for (let j = 0; j < d; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * g[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * g[j]! ** 2;
      w[j]! -= (rate * (m[j]! / (1 - 0.9 ** iter))) / (Math.sqrt(v[j]! / (1 - 0.999 ** iter)) + 1e-8);
    }
  }
  return Object.fromEntries(RERANK_USED.map((k, i) => [k, round(w[i]!)]));
}

/** Logistic regression (gradient descent, L2) of "the first answer is right" on the verdict features of the rows that could be `answered`. */
function fitVerdictModel(outcomesBySet: readonly (readonly Outcome[])[]): { bias: number; weights: Partial<Record<VerdictFeature, number>> } {
  // Each row weighs the same (each set weighing the same did worse held out on both real sets:
  // answered-precision real-ja-dev 69 % → 61 %, real-en-dev 58 % → 54 %).
  const data = outcomesBySet.flat().flatMap((o) => {
    const f = explained.get(o.res)?.features;
    return f ? [{ x: VERDICT_USED.map((k) => f[k]), y: isAnswerable(o.row) && o.rank === 1 ? 1 : 0 }] : [];
  });
  const total = data.length;
  const w = new Array<number>(VERDICT_USED.length).fill(0);
  let b = 0;
  const rate = 0.5;
  for (let iter = 0; iter < 20000; iter++) {
    const gw = new Array<number>(w.length).fill(0);
    let gb = 0;
    for (const { x, y } of data) {
      const e = sigmoid(b + x.reduce((s, xi, i) => s + xi * w[i]!, 0)) - y;
      gb += e;
      x.forEach((xi, i) => (gw[i]! += e * xi));
    }
    b -= (rate * gb) / total;
    w.forEach((wi, i) => (w[i] = wi - rate * (gw[i]! / total + VERDICT_L2 * wi)));
  }
  return { bias: round(b), weights: Object.fromEntries(VERDICT_USED.map((k, i) => [k, round(w[i]!)])) };
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

/** The ranking options for a grid point, with the reranker fitted on the training sets. */
function withReranker(flat: Flat, train: readonly { rows: LabelledRow[] }[]): DeepPartial<RankingOptions> {
  const options = toOptions(flat);
  if (process.env.RERANK_K) options.rerank = { candidates: Number(process.env.RERANK_K) };
  options.rerank = { ...options.rerank, weights: fitReranker(train, options) };
  return options;
}

function rankingScore(options: DeepPartial<RankingOptions>, train: readonly { rows: LabelledRow[] }[]): number {
  let s = 0;
  for (const t of train) {
    const m = metrics(run(options, t.rows));
    s += m.mrr5 + m.recall3;
  }
  return s / train.length;
}

function fit(train: readonly { name: string; rows: LabelledRow[] }[]): DeepPartial<RankingOptions> {
  const flat: Flat = {};
  const current = (key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], DEFAULT_OPTIONS) as number;
  if (process.env.FIT_GRID === '0') for (const [key] of RANKING_GRID) flat[key] = current(key);
  else
    for (let pass = 0; pass < 2; pass++)
      for (const [key, values] of RANKING_GRID) {
        let bestValue = values[0]!;
        let bestScore = -Infinity;
        for (const v of values) {
          const s = rankingScore(withReranker({ ...flat, [key]: v }, train), train);
          if (s > bestScore + 1e-9) [bestScore, bestValue] = [s, v];
        }
        flat[key] = bestValue;
      }
  const options = withReranker(flat, train);
  // Labels a careful reader might dispute (sure: false) do not set the verdict: it is fitted on
  // the undisputed rows (the reranker uses every row).
  const model = fitVerdictModel(
    train.map((t) =>
      run(
        options,
        t.rows.filter((r) => r.sure !== false),
      ),
    ),
  );
  options.verdict = { ...options.verdict, model };
  options.verdict.answeredMin = fitThreshold(
    train.map((t) =>
      run(
        options,
        t.rows.filter((r) => r.sure !== false),
      ),
    ),
  );
  return options;
}

/**
 * Leave-one-source-out (issue 17): a questionnaire source never both trains and tests. The sources
 * are the families of the rows' `source` (CAIQ, HECVAT, VSAQ, the OWASP ASVS of the probe); a set
 * without per-row sources (dev, holdout) is one source, and so is real-ja-dev (21 small Japanese
 * sources, none of which occurs in another set). Holding out a source removes its rows from every
 * training set (real-en-dev trains on its other sources) and tests on its rows in every set, the
 * report-only probe included.
 */
export function sourceOf(setName: string, row: LabelledRow): string {
  const family = /^(CAIQ|HECVAT|VSAQ|OWASP)/i.exec(row.source ?? '')?.[1]?.toUpperCase();
  if (family) return family;
  if (setName === 'probe') return 'OWASP';
  return setName;
}
const folds = [...new Set(sets.flatMap((s) => s.rows.map((r) => sourceOf(s.name, r))))];
const heldOut: { set: string; source: string; outcomes: Outcome[] }[] = [];
console.log('leave-one-source-out: fitted without the held-out source, figures on its rows in every set');
console.log('| held out | set | rows | top-1 | recall@3 | MRR@5 | answered | answered-precision | unanswerable flagged |\n|---|---|---|---|---|---|---|---|---|');
for (const source of folds) {
  const train = sets.map((s) => ({ name: s.name, rows: s.rows.filter((r) => sourceOf(s.name, r) !== source) })).filter((s) => s.rows.length > 0);
  const options = fit(train);
  for (const s of available) {
    const rows = s.rows.filter((r) => sourceOf(s.name, r) === source);
    if (!rows.length) continue;
    const outcomes = run(options, rows);
    heldOut.push({ set: s.name, source, outcomes });
    const m = metrics(outcomes);
    console.log(`| ${source} | ${s.name} | ${rows.length} | ${pct(m.top1)} | ${pct(m.recall3)} | ${m.mrr5.toFixed(3)} | ${pct(m.answered)} | ${pct(m.answeredPrecision)} | ${pct(m.flagged / m.unanswerable)} |`);
  }
}
const final = fit(sets);
console.log(`\nfitted on all sets: ${JSON.stringify(final)}`);
// Report-only rows of a source no training set has (the probe's OWASP ASVS items): held out already under the final model.
for (const s of reportOnly) {
  const rows = s.rows.filter((r) => !folds.includes(sourceOf(s.name, r)));
  if (rows.length) heldOut.push({ set: s.name, source: 'none trained', outcomes: run(final, rows) });
}
console.log('\nheld-out figures per set (each row under a model fitted without its source); sure-only = without sure:false rows');
console.log('| set | rows | top-1 | recall@3 | MRR@5 | answered | answered-precision | unanswerable flagged |\n|---|---|---|---|---|---|---|---|');
for (const s of available) {
  const outcomes = heldOut.filter((h) => h.set === s.name).flatMap((h) => h.outcomes);
  if (!outcomes.length) continue;
  for (const [label, os] of [
    [s.name, outcomes],
    [`${s.name} (sure only)`, outcomes.filter((o) => o.row.sure !== false)],
  ] as const) {
    const m = metrics(os);
    console.log(`| ${label} | ${os.length} | ${pct(m.top1)} | ${pct(m.recall3)} | ${m.mrr5.toFixed(3)} | ${pct(m.answered)} | ${pct(m.answeredPrecision)} | ${pct(m.flagged / m.unanswerable)} |`);
  }
}
if (process.argv.includes('--write')) {
  writeFileSync(
    path.join(ROOT, 'src/search/fitted-options.json'),
    `${JSON.stringify({ note: 'Written by scripts/fit-options.ts (npm run fit -- --write) on every labelled set; leave-one-source-out figures are printed by the same script.', sets: sets.map((s) => s.name), options: final }, null, 2)}\n`,
  );
  console.log('wrote src/search/fitted-options.json');
}
