// npm run bench [-- --quick]: reliability and speed figures anyone can rerun (issue 6), printed as
// one table. Everything runs locally; all load stays on 127.0.0.1; every loop is bounded.
//
//  1. bundle      wrangler deploy --dry-run: the exact upload, raw and gzip;
//  2. startup     that bundle in workerd (Miniflare): compile + global scope incl. corpus + index;
//  3. latency     server-side lookup p50/p95: the bundle's fetch handler in a fresh Node/V8
//                 process over the held-out questions (workerd freezes clocks while code runs);
//  4. baselines   MiniSearch's default tokenizer on the raw texts; kuromoji at runtime;
//  5. 10× corpus  every unit ten times: build, artifacts, bundle, startup, latency, heap;
//     heap        the isolate's V8 heap in workerd (inspector, after a full GC), 1× and 10×;
//  6. load        wrangler dev on 127.0.0.1, autocannon 64 connections × 30 s (5 s with --quick)
//                 POST /api/lookup, workerd RSS sampled throughout;
//  7. 1,000 rows  an XLSX questionnaire through wrangler dev, filled file back;
//  8. log scan    wrangler/workerd output searched for the marker the upload carried;
//  9. approvals    10,000 approvals: lookup latency in-process (real local D1, isolate cache), the
//                 load and the questionnaire above run with them imported into wrangler dev's D1,
//                 and they must survive a restart of wrangler dev (persisted local D1).
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { dryRunBundle, workerdHeap, workerdStartup, type Bundle, type Startup, type WorkerdHeap } from './bench/bundle';
import { benchConfig, lookupLoad, migrateLocalD1, sampleWorkerdMemory, startWranglerDev, type DevServer, type LoadResult, type MemorySample } from './bench/load';
import { syntheticApprovalLines } from './bench/approvals';
import { questionnaireXlsx, runQuestionnaire, type QuestionnaireRun } from './bench/questionnaire';
import type { TemplateResult } from './bench/real-templates';
import { fmtBytes, fmtMb, fmtMs, loadQuestions, ROOT, runChild, type Stats } from './bench/util';
import { runHostileHeap, type HostileHeap, type HostileTimes } from './bench/hostile';

const quick = process.argv.includes('--quick');
/** `npm run bench -- --hostile`: only the hostile-file figures (≈ 1 min). */
const hostileOnly = process.argv.includes('--hostile');
/** `npm run bench -- --scale`: only bundle, startup, latency and heap at 1× and 10× (≈ 2 min). */
const scaleOnly = process.argv.includes('--scale');
let benchSummary: string | undefined;
const LOAD_SECONDS = quick ? 5 : 30;
const CONNECTIONS = 64;
const ROUNDS = quick ? 5 : 20;
const STARTUP_RUNS = quick ? 3 : 5;
const QUESTIONNAIRE_RUNS = quick ? 2 : 3;
const QUESTIONNAIRE_ROWS = 1_000;
const PRODUCT = 'LeySerKids';
const MARKER = `KAITOU-BENCH-MARKER-${Date.now().toString(36)}`;
const APPROVALS = 10_000;

interface InProc {
  approvals: { count: number; seedMs: number; firstLookupMs: number; latency: Stats; exactAsked: number; exactApproved: number; heapAfter: number } | null;
  importMs: number;
  lookupOnly: Stats | null;
  latency: Stats;
  hitAt1: number;
  answerable: number;
  heapAfterImport: number;
  heapAfterLookups: number;
}
/** scripts/bench/startup-peak.ts: the heap's peak while the global scope runs, in Node. */
interface StartupPeak {
  peakBytes: number;
  afterBytes: number;
  collections: number;
}
const startupPeak = (bundle: Bundle) => runChild<StartupPeak>('scripts/bench/startup-peak.ts', ['--bundle', bundle.file], 120_000, ['--max-semi-space-size=1']);
interface Baseline {
  startupMs: number;
  indexBytes: number | null;
  latency: Stats;
  hitAt1: number;
  heapAfterStartup: number;
}
interface Built {
  units: number;
  buildMs: number;
  corpusBytes: number;
  indexBytes: number;
}

const rows: Array<[string, string, string]> = [];
const row = (measure: string, result: string, target = '') => rows.push([measure, result, target]);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(a / b < 10 ? 1 : 0)}×` : 'n/a');
const step = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** A scratch copy of the project (sources + configs, node_modules linked) for the 10× corpus. */
async function scratchProject(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await cp(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json']) await cp(path.join(ROOT, f), path.join(dir, f));
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** The 10× project: a scratch copy of the sources with the synthetic corpus built into it, configured like wrangler.toml. */
async function build10x(tmp: string, config: { compatibilityDate: string; compatibilityFlags: string[] }): Promise<{ project: string; built: Built }> {
  const project = path.join(tmp, 'project-10x');
  await scratchProject(project);
  const built = await runChild<Built>('scripts/bench/build-corpus.ts', ['--factor', '10', '--out', project]);
  await writeFile(
    path.join(project, 'wrangler.toml'),
    `name = "kaitou-bench-10x"\nmain = "src/worker.ts"\ncompatibility_date = "${config.compatibilityDate}"\ncompatibility_flags = [${config.compatibilityFlags.map((f) => JSON.stringify(f)).join(', ')}]\nminify = true\n`,
  );
  return { project, built };
}

/** `--scale`: what grows with the corpus, 1× against 10×, nothing else. */
async function scaleBench(): Promise<void> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'kaitou-bench-'));
  try {
    const questions = await loadQuestions();
    const config = await benchConfig(path.join(tmp, 'config'));
    const probe = JSON.stringify({ question: questions[0]?.question ?? 'バックアップ', product: questions[0]?.product ?? undefined });
    const bodies = questions.map((q) => JSON.stringify({ question: q.question, ...(q.product ? { product: q.product } : {}) }));
    step('1×: bundle, startup, workerd heap, latency');
    const bundle = await dryRunBundle(ROOT, path.join(tmp, 'dist-1x'));
    const startup = await workerdStartup(bundle, STARTUP_RUNS, config.compatibilityDate, config.compatibilityFlags, probe);
    const heap = await workerdHeap(bundle, config.compatibilityDate, config.compatibilityFlags, bodies);
    const peak = await startupPeak(bundle);
    const inproc = await runChild<InProc>('scripts/bench/inproc.ts', ['--bundle', bundle.file, '--source', ROOT, '--rounds', String(ROUNDS)]);
    step('10×: build, bundle, startup, workerd heap, latency');
    const { project, built } = await build10x(tmp, config);
    const bundle10 = await dryRunBundle(project, path.join(tmp, 'dist-10x'));
    const startup10 = await workerdStartup(bundle10, STARTUP_RUNS, config.compatibilityDate, config.compatibilityFlags, probe);
    const heap10 = await workerdHeap(bundle10, config.compatibilityDate, config.compatibilityFlags, bodies);
    const peak10 = await startupPeak(bundle10);
    const inproc10 = await runChild<InProc>('scripts/bench/inproc.ts', ['--bundle', bundle10.file, '--source', project, '--rounds', String(ROUNDS)]);
    const lat = (s: Stats) => `${fmtMs(s.p50)} / ${fmtMs(s.p95)}`;
    for (const [label, b, st, h, pk, ip] of [
      ['1×', bundle, startup, heap, peak, inproc],
      ['10×', bundle10, startup10, heap10, peak10, inproc10],
    ] as const) {
      row(`${label} corpus: bundle`, `${fmtBytes(b.bytes)} raw, ${fmtBytes(b.gzipBytes)} gzip`, '≤ 64 MiB');
      row(`${label} corpus: startup in workerd (median of ${st.samples.length})`, `${fmtMs(st.medianMs)}  [${st.samples.map((x) => x.toFixed(0)).join(', ')}]`, label === '1×' ? '≤ 100 ms (limit 1 s)' : 'limit 1 s');
      row(`${label} corpus: lookup p50 / p95 (handler; lookup() alone)`, `${lat(ip.latency)}; ${ip.lookupOnly ? lat(ip.lookupOnly) : 'n/a'}`, label === '1×' ? 'p50 ≤ 1 ms' : '');
      heapRows(label, h, pk, ip);
    }
    row('10× corpus: build', `${fmtMs(built.buildMs)}, ${built.units} units, artifacts ${fmtBytes(built.corpusBytes)} + ${fmtBytes(built.indexBytes)}`);
    print();
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The isolate heap in workerd (what the limit counts), and the same bundle's heap in Node for comparison. */
function heapRows(label: string, h: WorkerdHeap, pk: StartupPeak, ip: InProc): void {
  row(`${label} corpus: Worker heap in workerd after startup / after lookups (V8 inspector, after GC)`, `${fmtMb(h.afterStartup)} / ${fmtMb(h.afterLookups)}`, '≤ 64 MB (limit 128 MB)');
  row(`  of which before the global scope ran (the bundle's source text, kept by V8, + runtime)`, fmtMb(h.beforeImport));
  row(`  ${label} in Node, the bundle's own allocations: peak during startup (1 MB young generation) / after startup / after lookups`, `${fmtMb(pk.peakBytes)} / ${fmtMb(ip.heapAfterImport)} / ${fmtMb(ip.heapAfterLookups)}`);
}

async function main(): Promise<void> {
  if (hostileOnly) {
    hostileRows(await hostileBench());
    print();
    return;
  }
  if (scaleOnly) {
    await scaleBench();
    return;
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'kaitou-bench-'));
  let dev: DevServer | null = null;
  const onSignal = () => {
    void (dev?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const questions = await loadQuestions();
    const config = await benchConfig(path.join(tmp, 'config'));
    const probe = JSON.stringify({ question: questions[0]?.question ?? 'バックアップ', product: questions[0]?.product ?? undefined });

    step('bundle (wrangler deploy --dry-run)');
    const bundle = await dryRunBundle(ROOT, path.join(tmp, 'dist-1x'));
    step('startup in workerd');
    const startup = await workerdStartup(bundle, STARTUP_RUNS, config.compatibilityDate, config.compatibilityFlags, probe);
    const bodies = questions.map((q) => JSON.stringify({ question: q.question, ...(q.product ? { product: q.product } : {}) }));
    const heap = await workerdHeap(bundle, config.compatibilityDate, config.compatibilityFlags, bodies);
    const peak = await startupPeak(bundle);
    step('server-side latency');
    const inproc = await runChild<InProc>('scripts/bench/inproc.ts', ['--bundle', bundle.file, '--source', ROOT, '--rounds', String(ROUNDS), '--approvals', String(APPROVALS)]);
    step('naive baselines');
    const naive = await runChild<{ minisearchDefault: Baseline; kuromojiRuntime: Baseline }>('scripts/bench/naive.ts', ['--rounds', String(ROUNDS)]);

    step('build step, 1× and synthetic 10× corpus');
    const built1 = await runChild<Built>('scripts/bench/build-corpus.ts', ['--factor', '1', '--out', path.join(tmp, 'build-1x')]);
    const { project: project10, built: built10 } = await build10x(tmp, config);
    const bundle10 = await dryRunBundle(project10, path.join(tmp, 'dist-10x'));
    const startup10 = await workerdStartup(bundle10, STARTUP_RUNS, config.compatibilityDate, config.compatibilityFlags, probe);
    const heap10 = await workerdHeap(bundle10, config.compatibilityDate, config.compatibilityFlags, bodies);
    const peak10 = await startupPeak(bundle10);
    const inproc10 = await runChild<InProc>('scripts/bench/inproc.ts', ['--bundle', bundle10.file, '--source', project10, '--rounds', String(ROUNDS)]);

    step(`wrangler dev on 127.0.0.1, load ${LOAD_SECONDS} s × ${CONNECTIONS} connections`);
    const persist = path.join(tmp, 'wrangler-state');
    await migrateLocalD1(config.file, persist);
    dev = await startWranglerDev(config.file, 90_000, persist);
    step(`import ${APPROVALS} approvals into the local D1`);
    const lines = await syntheticApprovalLines(APPROVALS);
    const tImport = performance.now();
    const imported = await fetch(`${dev.url}/api/approvals/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.map((l) => JSON.stringify(l)).join('\n') });
    if (imported.status !== 200) throw new Error(`approvals import answered ${imported.status}: ${(await imported.text()).slice(0, 300)}`);
    const importMs = performance.now() - tImport;
    const probeApproved = lines[123]!;
    const askApproved = async (url: string) => {
      const res = await fetch(`${url}/api/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: probeApproved.question, ...(probeApproved.product ? { product: probeApproved.product } : {}) }),
      });
      const body = (await res.json()) as { matches: { id: string; approval?: unknown }[] };
      return body.matches[0]?.approval !== undefined && body.matches[0]?.id === probeApproved.gold[0];
    };
    const tFirst = performance.now();
    const approvedBefore = await askApproved(dev.url);
    const firstAfterImportMs = performance.now() - tFirst;
    // Warm the isolate so the run measures steady state, not the first compile.
    for (const q of questions.slice(0, 10)) await (await fetch(`${dev.url}/api/lookup?q=${encodeURIComponent(q.question)}`)).arrayBuffer();
    const idle = sampleWorkerdMemory(dev.pid).stop();
    const loadSampler = sampleWorkerdMemory(dev.pid);
    const load = await lookupLoad(dev.url, questions, LOAD_SECONDS, CONNECTIONS);
    const memory = loadSampler.stop();
    step(`questionnaire ${QUESTIONNAIRE_ROWS} rows end to end`);
    const qnSampler = sampleWorkerdMemory(dev.pid);
    const distinct = await questionnaireXlsx(QUESTIONNAIRE_ROWS, MARKER, true);
    const qn = await runQuestionnaire(dev.url, distinct.bytes, PRODUCT, QUESTIONNAIRE_RUNS, MARKER);
    const repeated = await questionnaireXlsx(QUESTIONNAIRE_ROWS, MARKER, false);
    const qnRepeated = await runQuestionnaire(dev.url, repeated.bytes, PRODUCT, QUESTIONNAIRE_RUNS, MARKER);
    const qnMemory = qnSampler.stop();
    await new Promise((r) => setTimeout(r, 500)); // let the last log lines arrive
    const markerLines = dev.logs.filter((l) => l.includes(MARKER)).length;
    const logLines = dev.logs.length;
    await dev.stop();
    dev = null;
    step('restart wrangler dev on the same local state: approvals still there?');
    dev = await startWranglerDev(config.file, 90_000, persist);
    const approvedAfterRestart = await askApproved(dev.url);
    const exported = (await (await fetch(`${dev.url}/api/approvals/export`)).text()).split('\n').filter((l) => l.trim() !== '').length;
    await dev.stop();
    dev = null;
    const restart = { importMs, firstAfterImportMs, approvedBefore, approvedAfterRestart, exported };

    step('real questionnaire templates (test/fixtures/real), in process');
    const templates = await runChild<TemplateResult[]>('scripts/bench/real-templates.ts', ['--json']);

    const hostile = await hostileBench();
    report({
      bundle,
      startup,
      heap,
      peak,
      inproc,
      naive,
      built1,
      built10,
      bundle10,
      startup10,
      heap10,
      peak10,
      inproc10,
      load,
      idle,
      memory,
      qnMemory,
      qn,
      qnRepeated,
      repeatedDistinct: repeated.distinctQuestions,
      markerLines,
      logLines,
      restart,
    });
    hostileRows(hostile);
    print();
    reportTemplates(templates);
  } finally {
    await dev?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

async function hostileBench(): Promise<{ heap: HostileHeap[]; times: HostileTimes }> {
  step('hostile files: peak heap per crafted kind (one child each), time of crafted vs normal 100 KB files');
  const heap = await runHostileHeap();
  const times = await runChild<HostileTimes>('scripts/bench/hostile.ts', ['--times']);
  return { heap, times };
}

/** Issue 13: peak V8 heap while the worst crafted file of each kind is processed; time ratios at 100 KB. */
function hostileRows({ heap, times }: { heap: HostileHeap[]; times: HostileTimes }): void {
  const worst = heap.reduce((a, b) => (b.peakHeapBytes > a.peakHeapBytes ? b : a));
  row(
    'Hostile files: peak V8 heap, worst crafted file of each kind (fresh Node process, source modules; baseline incl. corpus + index)',
    `worst ${fmtMb(worst.peakHeapBytes)} (${worst.kind}); baseline ${fmtMb(worst.baselineHeapBytes)}`,
    '≤ 64 MB',
  );
  for (const h of heap) row(`  ${h.kind} (${fmtBytes(h.fileBytes)}) → ${h.outcome}`, `${fmtMb(h.peakHeapBytes)} (+${fmtMb(h.peakHeapBytes - h.baselineHeapBytes)})`, '≤ 64 MB');
  // each crafted file against the normal file of its own format (CSV vs CSV, XLSX vs XLSX)
  const normalOf = (kind: string) => times.normal.find((n) => n.kind.split(':')[0] === kind.split(':')[0])?.ms ?? Number.NaN;
  const slowest = times.crafted.reduce((a, b) => (b.ms / normalOf(b.kind) > a.ms / normalOf(a.kind) ? b : a));
  for (const t of times.normal) row(`Normal ~100 KB file: ${t.kind} (${fmtBytes(t.fileBytes)}), median of 3`, `${fmtMs(t.ms)} → ${t.outcome}`);
  for (const t of times.crafted) row(`  crafted: ${t.kind} (${fmtBytes(t.fileBytes)}) → ${t.outcome}`, `${fmtMs(t.ms)} (${ratio(t.ms, normalOf(t.kind))} the normal ${t.kind.split(':')[0]})`, '≤ 3× normal');
  row('Worst crafted ~100 KB file vs the normal file of its format', `${ratio(slowest.ms, normalOf(slowest.kind))} (${slowest.kind})`, '≤ 3×');
}

function report(r: {
  bundle: Bundle;
  startup: Startup;
  heap: WorkerdHeap;
  peak: StartupPeak;
  inproc: InProc;
  naive: { minisearchDefault: Baseline; kuromojiRuntime: Baseline };
  built1: Built;
  built10: Built;
  bundle10: Bundle;
  startup10: Startup;
  heap10: WorkerdHeap;
  peak10: StartupPeak;
  inproc10: InProc;
  load: LoadResult;
  idle: MemorySample;
  memory: MemorySample;
  qnMemory: MemorySample;
  qn: QuestionnaireRun;
  qnRepeated: QuestionnaireRun;
  repeatedDistinct: number;
  markerLines: number;
  logLines: number;
  restart: { importMs: number; firstAfterImportMs: number; approvedBefore: boolean; approvedAfterRestart: boolean; exported: number };
}): void {
  const { bundle, startup, inproc, naive, load, memory, qn } = r;
  benchSummary = bundle.wranglerSummary ?? undefined;
  const ms = naive.minisearchDefault;
  const km = naive.kuromojiRuntime;
  const lat = (s: Stats) => `${fmtMs(s.p50)} / ${fmtMs(s.p95)}`;

  row('Bundle (wrangler deploy --dry-run)', `${fmtBytes(bundle.bytes)} raw, ${fmtBytes(bundle.gzipBytes)} gzip`, '≤ 64 MiB (legacy: 3 MB gzip Free)');
  row(`Worker startup in workerd (global scope incl. corpus + index; median of ${startup.samples.length})`, `${fmtMs(startup.medianMs)}  [${startup.samples.map((s) => s.toFixed(0)).join(', ')}]`, '≤ 100 ms (limit 1 s)');
  row('First lookup right after startup (workerd, cold code)', fmtMs(startup.firstLookupMs));
  row(`Lookup latency server-side p50 / p95: fetch handler, POST /api/lookup (${inproc.latency.n} lookups)`, lat(inproc.latency), 'p50 ≤ 1 ms');
  if (inproc.lookupOnly) row('  of which lookup() itself (analysis + search + ranking) p50 / p95', lat(inproc.lookupOnly), 'p50 ≤ 1 ms');
  row(`Top-1 correct on the held-out set (${inproc.answerable} answerable questions)`, pct(inproc.hitAt1));
  heapRows('1×', r.heap, r.peak, inproc);
  row('Baseline A: MiniSearch default tokenizer, raw texts — p50 / p95', lat(ms.latency));
  row('  A: top-1 / index load at startup', `${pct(ms.hitAt1)} / ${fmtMs(ms.startupMs)}`);
  row('  kaitou vs A: latency p50 ratio / top-1', `${ratio(inproc.latency.p50, ms.latency.p50)} / ${pct(inproc.hitAt1)} vs ${pct(ms.hitAt1)}`);
  row('Baseline B: kuromoji at runtime — startup (dictionary + index)', fmtMs(km.startupMs));
  row('  B: p50 / p95, top-1, heap after startup', `${lat(km.latency)}, ${pct(km.hitAt1)}, ${fmtMb(km.heapAfterStartup)}`);
  row('  kaitou vs B: startup ratio / latency p50 ratio', `${ratio(km.startupMs, startup.medianMs)} faster / ${ratio(inproc.latency.p50, km.latency.p50)}`);
  row(`Load: POST /api/lookup, ${load.connections} connections × ${load.seconds} s, wrangler dev on 127.0.0.1`, `${load.perSecond.toFixed(0)} lookups/s (${load.requests} total), client p50 ${load.latencyP50} ms, p99 ${load.latencyP99} ms`);
  row('Errors under load (socket errors + non-2xx + timeouts)', `${load.errors + load.non2xx + load.timeouts} (${load.errors} + ${load.non2xx} + ${load.timeouts})`, '0');
  const rss = (m: MemorySample) => `${fmtMb(m.peakWorker)} (dev proxy ${fmtMb(m.peakProxy)})`;
  row('Peak memory: RSS of the workerd process running the Worker, idle after warm-up', rss(r.idle), 'whole local runtime');
  row('  during the lookup load', rss(memory), 'isolate limit 128 MB');
  row('  during the questionnaires', rss(r.qnMemory));
  row(`Questionnaire ${qn.questions} rows, all distinct, ${APPROVALS.toLocaleString('en')} approvals in D1: XLSX → filled XLSX end to end (median of ${qn.file.n}; max)`, `${fmtMs(qn.file.p50)}; ${fmtMs(qn.file.max)}`, '≤ 2 s');
  row('  as JSON; verdicts answered / review / no match', `${fmtMs(qn.jsonMs)}; ${qn.answered} / ${qn.needsReview} / ${qn.noMatch}`);
  row(`  ${r.qnRepeated.questions} rows repeating ${r.repeatedDistinct} questions (looked up once each): filled XLSX, median`, `${fmtMs(r.qnRepeated.file.p50)}; JSON ${fmtMs(r.qnRepeated.jsonMs)}`);
  row('Build step (ingest + kuromoji index), real corpus', `${fmtMs(r.built1.buildMs)}, ${r.built1.units} units, artifacts ${fmtBytes(r.built1.corpusBytes + r.built1.indexBytes)}`);
  row('10× corpus: build', `${fmtMs(r.built10.buildMs)} (${ratio(r.built10.buildMs, r.built1.buildMs)}), ${r.built10.units} units`);
  row('10× corpus: artifacts corpus + index', `${fmtBytes(r.built10.corpusBytes)} + ${fmtBytes(r.built10.indexBytes)} (${ratio(r.built10.corpusBytes + r.built10.indexBytes, r.built1.corpusBytes + r.built1.indexBytes)})`);
  row('10× corpus: bundle', `${fmtBytes(r.bundle10.bytes)} raw, ${fmtBytes(r.bundle10.gzipBytes)} gzip`, '≤ 64 MiB');
  row(`10× corpus: startup in workerd (median of ${r.startup10.samples.length})`, `${fmtMs(r.startup10.medianMs)} (${ratio(r.startup10.medianMs, startup.medianMs)})`, 'limit 1 s');
  row('10× corpus: lookup p50 / p95 (handler), top-1', `${lat(r.inproc10.latency)} (${ratio(r.inproc10.latency.p50, inproc.latency.p50)}), ${pct(r.inproc10.hitAt1)}`);
  if (r.inproc10.lookupOnly) row('  of which lookup() itself p50 / p95', lat(r.inproc10.lookupOnly));
  heapRows('10×', r.heap10, r.peak10, r.inproc10);
  row('Log scan: wrangler dev output lines with the upload marker', `${r.markerLines} of ${r.logLines} lines`, '0');
  const ap = inproc.approvals;
  if (ap) {
    row(`Lookup p50 / p95 server-side with ${ap.count.toLocaleString('en')} approvals (real local D1, read once into the isolate)`, `${lat(ap.latency)} (without approvals ${fmtMs(inproc.latency.p50)})`, 'p50 ≤ 1.2 ms');
    row("  first lookup after a change: read + index every approval (once per isolate and change; here D1 is read from Node through wrangler's platform proxy, see the wrangler dev row below)", fmtMs(ap.firstLookupMs));
    row('  approved questions among the probes answered from their approval', `${ap.exactApproved} of ${ap.exactAsked}`, 'all');
    row("  V8 heap the isolate's copy of them takes (approvals + exact map + similarity index)", `${fmtMb(ap.heapAfter)} (Worker heap without approvals ${fmtMb(inproc.heapAfterLookups)})`, 'sum ≤ 64 MB (limit 128 MB)');
  }
  row(`Approvals: import of ${APPROVALS.toLocaleString('en')} lines into wrangler dev's D1 (one request) / first lookup after it`, `${fmtMs(r.restart.importMs)} / ${fmtMs(r.restart.firstAfterImportMs)}`);
  row('  the load run and the questionnaires above ran with these approvals in D1', 'yes');
  row(
    'Approvals survive a restart of wrangler dev (persisted local D1): exported / approved answer served',
    `${r.restart.exported.toLocaleString('en')} / ${r.restart.approvedBefore && r.restart.approvedAfterRestart ? 'yes' : 'NO'}`,
    `${APPROVALS.toLocaleString('en')} / yes`,
  );
}

function print(): void {
  const w0 = Math.max(...rows.map((x) => x[0].length), 'Measure'.length);
  const w1 = Math.max(...rows.map((x) => x[1].length), 'Result'.length);
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c}`;
  const out = [
    `kaitou bench${quick ? ' (--quick)' : ''}: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${benchSummary ?? ''}`,
    line('Measure', 'Result', 'Target / limit'),
    line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(14)),
    ...rows.map(([a, b, c]) => line(a, b, c)),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

/** One line per real template: what was read and written, and what an independent reader saw change. */
function reportTemplates(results: TemplateResult[]): void {
  const lines = ['', 'Real questionnaire templates (npm run bench:templates for the full table):'];
  for (const r of results) {
    if (r.outcome !== '200') lines.push(`  ${r.file}: ${r.outcome}`);
    else
      lines.push(
        `  ${r.file}: ${r.questions} questions, ${r.cellsWritten} cells written (${r.answeredNotWritten} answered rows not writable), formula cells ${r.formulaCellsBefore ?? 'n/a'} → ${r.formulaCellsAfter ?? 'n/a'}, unplanned changes ${r.unplannedChanges ?? 'n/a'}, ${fmtMs(r.medianMs ?? Number.NaN)} median`,
      );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
