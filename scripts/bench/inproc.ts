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
import { localD1, syntheticApprovalLines } from './approvals';
import { ApprovalStore } from '../../src/approvals/store';
import { makeApproval } from '../../src/approvals/approve';
import { ApprovalLibrary } from '../../src/approvals/library';
import type { Approval } from '../../src/approvals/schema';

interface FetchHandler {
  fetch(req: Request, env: Record<string, unknown>, ctx: { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void }): Promise<Response> | Response;
}

const bundle = arg('bundle');
const rounds = Number(arg('rounds', '20'));
const questions = await loadQuestions();
const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined };

// tsx turns on Node's source-map support, which would read and keep worker.js.map (≈ 6 MB at 1×,
// 20 MB at 10×) next to the bundle; workerd never loads it, so neither does this measurement.
process.setSourceMapsEnabled(false);
const heapBefore = heapUsed();
const t0 = performance.now();
const worker = ((await import(pathToFileURL(bundle).href)) as { default: FetchHandler }).default;
const importMs = performance.now() - t0;
const heapAfterImport = heapUsed();

async function ask(q: (typeof questions)[number], env: Record<string, unknown> = {}): Promise<{ ms: number; top: string | null; approved: boolean }> {
  const req = new Request('http://bench.local/api/lookup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: q.question, ...(q.product ? { product: q.product } : {}) }),
  });
  const t = performance.now();
  const res = await worker.fetch(req, env, ctx);
  const body = (await res.json()) as { matches?: Array<{ id: string; approval?: unknown }> };
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`lookup ${q.id} answered ${res.status}`);
  return { ms, top: body.matches?.[0]?.id ?? null, approved: body.matches?.[0]?.approval !== undefined };
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

// With --approvals N: the same lookups with N approvals in a real local D1 (read once, then served
// from the isolate's copy), every tenth question replaced by an approved one (exact match).
let approvals: { count: number; seedMs: number; firstLookupMs: number; latency: ReturnType<typeof stats>; exactAsked: number; exactApproved: number; heapAfter: number } | null = null;
if (process.argv.includes('--approvals')) {
  const count = Number(arg('approvals'));
  const { db, dispose } = await localD1();
  const lines = await syntheticApprovalLines(count);
  let n = 0;
  const t = performance.now();
  await new ApprovalStore(db).upsertAll(lines.map((l) => makeApproval({ ...l, unitIds: l.gold, approvedBy: 'bench' }, () => `apr_bench${++n}`)));
  const seedMs = performance.now() - t;
  const env = { DB: db };
  const probes = questions.map((q, i) => (i % 10 === 0 ? { ...q, question: lines[(i * 37) % lines.length]!.question, product: lines[(i * 37) % lines.length]!.product ?? null } : q));
  const first = await ask(probes[1]!, env);
  let exactApproved = 0;
  for (const q of probes) await ask(q, env);
  const timed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of probes.entries()) {
      const a = await ask(q, env);
      timed.push(a.ms);
      if (r === 0 && i % 10 === 0 && a.approved) exactApproved++;
    }
  }
  // What the isolate's copy weighs: the same approvals, read back and indexed again on their own
  // (the process heap also holds Miniflare, which runs in this process for the D1 proxy).
  const json = JSON.stringify((await new ApprovalStore(db).loadAll()).approvals);
  lines.length = 0;
  await dispose();
  const h0 = heapUsed();
  const library = new ApprovalLibrary(JSON.parse(json) as Approval[]);
  const heapAfter = heapUsed() - h0;
  if (library.size !== count) throw new Error(`library holds ${library.size} approvals`);
  approvals = { count, seedMs, firstLookupMs: first.ms, latency: stats(timed), exactAsked: probes.filter((_, i) => i % 10 === 0).length, exactApproved, heapAfter };
}

printResult({
  approvals,
  importMs,
  lookupOnly,
  latency: stats(samples),
  hitAt1: answerable ? hits / answerable : 0,
  answerable,
  heapAfterImport: heapAfterImport - heapBefore,
  heapAfterLookups,
  rssAfter: process.memoryUsage().rss,
});
