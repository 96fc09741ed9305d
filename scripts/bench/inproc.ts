// Child process: server-side lookup latency of a bundled Worker. Imports the bundle (the same
// JavaScript wrangler deploys) into a fresh V8 heap and times its fetch handler for POST
// /api/lookup over the held-out questions: routing, validation, analysis, search, JSON. Node runs
// the same V8 as workerd, and unlike workerd it lets the code read a fine-grained clock while it
// runs (workerd only advances timers on I/O), so per-request timings are taken here.
// With --source <project root>, the bare lookup() of that project's sources is timed as well
// (after the bundle figures, so it does not disturb them): the search without HTTP and JSON.
//   node --expose-gc --import tsx scripts/bench/inproc.ts --bundle <worker.js> --source <root> --rounds 20
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, baseUnitId, heapUsed, loadQuestions, printResult, stats } from './util';

interface FetchHandler {
  fetch(req: Request, env: Record<string, unknown>, ctx: { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void }): Promise<Response> | Response;
}

const bundle = arg('bundle');
const rounds = Number(arg('rounds', '20'));
const questions = await loadQuestions();
const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined };

const heapBefore = heapUsed();
const t0 = performance.now();
const worker = ((await import(pathToFileURL(bundle).href)) as { default: FetchHandler }).default;
const importMs = performance.now() - t0;
const heapAfterImport = heapUsed();

async function ask(q: (typeof questions)[number]): Promise<{ ms: number; top: string | null }> {
  const req = new Request('http://bench.local/api/lookup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: q.question, ...(q.product ? { product: q.product } : {}) }),
  });
  const t = performance.now();
  const res = await worker.fetch(req, {}, ctx);
  const body = (await res.json()) as { matches?: Array<{ id: string }> };
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`lookup ${q.id} answered ${res.status}`);
  return { ms, top: body.matches?.[0]?.id ?? null };
}

// One untimed pass: JIT warm-up, and the top-1 quality figure.
let hits = 0;
let answerable = 0;
for (const q of questions) {
  const { top } = await ask(q);
  if (q.gold.length === 0) continue;
  answerable++;
  if (top !== null && q.gold.includes(baseUnitId(top))) hits++;
}
const samples: number[] = [];
for (let r = 0; r < rounds; r++) for (const q of questions) samples.push((await ask(q)).ms);

const heapAfterLookups = heapUsed() - heapBefore;

// The bare lookup() of the same sources: analysis + search + ranking, no routing or JSON.
let lookupOnly: ReturnType<typeof stats> | null = null;
const source = process.argv.includes('--source') ? arg('source') : null;
if (source) {
  type LookupFn = (req: unknown) => unknown;
  const { lookup } = (await import(pathToFileURL(path.join(source, 'src/search/lookup.ts')).href)) as { lookup: LookupFn };
  const { LookupRequestSchema } = (await import(pathToFileURL(path.join(source, 'src/search/contract.ts')).href)) as { LookupRequestSchema: { parse(v: unknown): unknown } };
  const parsed = questions.map((q) => LookupRequestSchema.parse({ question: q.question, ...(q.product ? { product: q.product } : {}) }));
  for (const p of parsed) lookup(p);
  const bare: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const p of parsed) {
      const t = performance.now();
      lookup(p);
      bare.push(performance.now() - t);
    }
  }
  lookupOnly = stats(bare);
}

printResult({
  importMs,
  lookupOnly,
  latency: stats(samples),
  hitAt1: answerable ? hits / answerable : 0,
  answerable,
  heapAfterImport: heapAfterImport - heapBefore,
  heapAfterLookups,
  rssAfter: process.memoryUsage().rss,
});
