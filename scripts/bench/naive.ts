// Child process: the naive baselines kaitou is compared with, on the same units and questions.
//  - "minisearch-default": MiniSearch's default tokenizer over the raw heading + answer texts,
//    no kuromoji, no lexicon, no synonyms (Japanese has no spaces, so terms are whole clauses);
//  - "kuromoji-runtime": what the Worker would do without the build step: load the kuromoji
//    dictionary, tokenize every unit and build the index at startup, tokenize each question.
// Timings are of the bare search call (no HTTP handler), which flatters the baselines.
//   node --expose-gc --import tsx scripts/bench/naive.ts --rounds 20
import MiniSearch from 'minisearch';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNaiveRanker } from '../lib/naive-ranker';
import { arg, heapUsed, loadQuestions, printResult, ROOT, stats, type HoldoutQuestion, type Stats } from './util';

interface Unit {
  id: string;
  heading: string;
  answer: string;
  products: string[];
}
interface BaselineResult {
  startupMs: number;
  indexBytes: number | null;
  latency: Stats;
  hitAt1: number;
  heapAfterStartup: number;
}

const rounds = Number(arg('rounds', '20'));
const corpus = JSON.parse(await readFile(path.join(ROOT, 'src/generated/corpus.json'), 'utf8')) as { units: Unit[] };
const units = corpus.units;
const byId = new Map(units.map((u) => [u.id, u]));
const questions = await loadQuestions();

function measure(search: (q: HoldoutQuestion) => string | null): { latency: Stats; hitAt1: number } {
  let hits = 0;
  let answerable = 0;
  for (const q of questions) {
    const top = search(q);
    if (q.gold.length === 0) continue;
    answerable++;
    if (top !== null && q.gold.includes(top)) hits++;
  }
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      search(q);
      samples.push(performance.now() - t);
    }
  }
  return { latency: stats(samples), hitAt1: answerable ? hits / answerable : 0 };
}

const productFilter = (q: HoldoutQuestion) => (r: { id: unknown }) => q.product === null || (byId.get(String(r.id))?.products.includes(q.product) ?? false);

// ---- MiniSearch with its defaults -----------------------------------------------------------
async function minisearchDefault(): Promise<BaselineResult> {
  const built = new MiniSearch<Unit>({ fields: ['heading', 'answer'] });
  built.addAll(units);
  const json = JSON.stringify(built);
  const heap0 = heapUsed();
  // Startup as the Worker would do it: parse the serialized index and load it.
  const t0 = performance.now();
  const mini = MiniSearch.loadJSON<Unit>(json, { fields: ['heading', 'answer'] });
  const startupMs = performance.now() - t0;
  const heapAfterStartup = heapUsed() - heap0;
  const m = measure((q) => String(mini.search(q.question, { filter: productFilter(q) })[0]?.id ?? '') || null);
  return { startupMs, indexBytes: Buffer.byteLength(json), heapAfterStartup, ...m };
}

// ---- kuromoji at runtime ------------------------------------------------------------------
async function kuromojiRuntime(): Promise<BaselineResult> {
  const heap0 = heapUsed();
  const t0 = performance.now();
  const ranker = await createNaiveRanker(units);
  const startupMs = performance.now() - t0;
  const heapAfterStartup = heapUsed() - heap0;
  const m = measure((q) => ranker.rank(q.question, q.product ?? undefined, 1)[0] ?? null);
  return { startupMs, indexBytes: null, heapAfterStartup, ...m };
}

printResult({ minisearchDefault: await minisearchDefault(), kuromojiRuntime: await kuromojiRuntime() });
