// The deployable bundle, exactly as `wrangler deploy` would upload it (--dry-run --outdir), and
// the Worker's startup inside workerd: module compilation plus evaluation of the global scope,
// which includes parsing the corpus and loading the search index.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, gzipBytes, median, ROOT } from './util';

export interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Wrangler's own "Total Upload: … / gzip: …" line. */
  wranglerSummary: string | null;
}

const WRANGLER = path.join(ROOT, 'node_modules/.bin/wrangler');

export async function dryRunBundle(projectDir: string, outDir: string): Promise<Bundle> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(WRANGLER, ['deploy', '--dry-run', '--outdir', outDir], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else reject(new Error(`wrangler deploy --dry-run failed (${code}):\n${text.slice(-2000)}`));
    });
  });
  const js = (await readdir(outDir)).filter((f) => f.endsWith('.js'));
  if (js.length !== 1 || !js[0]) throw new Error(`expected one .js bundle in ${outDir}, found ${js.join(', ')}`);
  const file = path.join(outDir, js[0]);
  // The bundle is an ES module; say so. Without this marker Node takes worker.js for CommonJS and
  // tsx (which runs scripts/bench/inproc.ts) rewrites it to CommonJS on import, keeping several
  // copies of its source alive: 40 MB of phantom heap at 1×, 180 MB at 10× (that was the
  // "154 MB at 10×" of earlier benches; workerd never sees those copies).
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  const bytes = await readFile(file);
  return { file, bytes: bytes.length, gzipBytes: gzipBytes(bytes), wranglerSummary: /Total Upload: [^\n]+/.exec(output)?.[0] ?? null };
}

export interface Startup {
  /** Median over the runs of compile + evaluate of the bundle inside workerd. */
  medianMs: number;
  samples: number[];
  /** Median wall time of the first lookup request after startup (cold code paths). */
  firstLookupMs: number;
}

type MiniflareCtor = new (options: Record<string, unknown>) => {
  ready: Promise<unknown>;
  dispatchFetch(url: string, init?: Record<string, unknown>): Promise<{ json(): Promise<unknown>; text(): Promise<string>; status: number }>;
  dispose(): Promise<void>;
};

/** Miniflare as wrangler itself uses it (wrangler may pin a different version than the hoisted one). */
async function loadMiniflare(): Promise<{ Miniflare: MiniflareCtor; convertV4: (options: Record<string, unknown>) => Record<string, unknown> }> {
  const fromWrangler = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('wrangler/package.json'));
  const mod = (await import(pathToFileURL(fromWrangler.resolve('miniflare')).href)) as {
    Miniflare: MiniflareCtor;
    convertV4MiniflareOptions: (options: Record<string, unknown>) => Record<string, unknown>;
  };
  return { Miniflare: mod.Miniflare, convertV4: mod.convertV4MiniflareOptions };
}

/**
 * Startup in workerd: the work Cloudflare bounds by the 1 s startup limit (global scope: module
 * compilation and evaluation, corpus parse, index load). Current workerd freezes Date.now() while
 * code runs, as production does, so it is timed from outside: a small wrapper Worker imports the
 * bundle on its first `/__bench/load` request; startup = that request's wall time minus the median
 * of warm no-op requests to the same instance (the dispatch overhead). Median over fresh instances.
 */
export async function workerdStartup(bundle: Bundle, runs: number, compatibilityDate: string, compatibilityFlags: string[], lookupBody: string): Promise<Startup> {
  const dir = path.dirname(bundle.file);
  const wrapper = path.join(dir, 'bench-startup-wrapper.mjs');
  await writeFile(
    wrapper,
    `let mod;\nexport default { async fetch(req, env, ctx) {\n  const p = new URL(req.url).pathname;\n` +
      `  if (p === '/__bench/noop') return new Response('ok');\n` +
      `  if (!mod) mod = await import('./${path.basename(bundle.file)}');\n` +
      `  return p === '/__bench/load' ? new Response('loaded') : mod.default.fetch(req, env, ctx);\n} };\n`,
  );
  const { Miniflare, convertV4 } = await loadMiniflare();
  const samples: number[] = [];
  const firsts: number[] = [];
  const timed = async (mf: InstanceType<MiniflareCtor>, url: string, init?: Record<string, unknown>): Promise<[number, number]> => {
    const t = performance.now();
    const res = await mf.dispatchFetch(url, init);
    await res.text();
    return [performance.now() - t, res.status];
  };
  for (let i = 0; i < runs; i++) {
    // Miniflare 5 takes config-shaped `workers`; its own converter maps the v4 options we state.
    const mf = new Miniflare(convertV4(wrappedWorker(wrapper, bundle.file, dir, compatibilityDate, compatibilityFlags)));
    try {
      await mf.ready;
      const noops: number[] = [];
      for (let k = 0; k < 7; k++) noops.push((await timed(mf, 'http://bench.local/__bench/noop'))[0]);
      const [loadMs] = await timed(mf, 'http://bench.local/__bench/load');
      samples.push(Math.max(0, loadMs - median(noops.slice(2))));
      const [lookupMs, status] = await timed(mf, 'http://bench.local/api/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: lookupBody });
      firsts.push(lookupMs);
      if (status !== 200) throw new Error(`lookup after startup answered ${status}`);
    } finally {
      await mf.dispose();
    }
  }
  return { medianMs: median(samples), samples, firstLookupMs: median(firsts) };
}

export interface WorkerdHeap {
  /** V8 heap of the isolate with the bundle's modules compiled but not yet evaluated: mostly the bundle's source text, which V8 keeps. */
  beforeImport: number;
  /** After the global scope ran (corpus + index loaded), after a full GC. */
  afterStartup: number;
  /** After every held-out question was looked up once, after a full GC. */
  afterLookups: number;
}

/**
 * The Worker's heap where the 128 MB limit applies: in workerd, read over the V8 inspector
 * (Runtime.getHeapUsage) after a full GC (workerd started with --expose-gc through Miniflare's
 * MINIFLARE_WORKERD_V8_FLAGS; HeapProfiler.collectGarbage never answers in workerd).
 */
export async function workerdHeap(bundle: Bundle, compatibilityDate: string, compatibilityFlags: string[], lookupBodies: readonly string[]): Promise<WorkerdHeap> {
  const dir = path.dirname(bundle.file);
  const wrapper = path.join(dir, 'bench-heap-wrapper.mjs');
  await writeFile(
    wrapper,
    `let mod;\nexport default { async fetch(req, env, ctx) {\n  const p = new URL(req.url).pathname;\n` +
      `  if (p === '/__bench/gc') { globalThis.gc(); globalThis.gc(); return new Response('gc'); }\n` +
      `  if (!mod) mod = await import('./${path.basename(bundle.file)}');\n` +
      `  return p === '/__bench/load' ? new Response('loaded') : mod.default.fetch(req, env, ctx);\n} };\n`,
  );
  const { Miniflare, convertV4 } = await loadMiniflare();
  const port = await freePort();
  const flagsBefore = process.env.MINIFLARE_WORKERD_V8_FLAGS;
  process.env.MINIFLARE_WORKERD_V8_FLAGS = '--expose-gc';
  const mf = new Miniflare(convertV4({ ...wrappedWorker(wrapper, bundle.file, dir, compatibilityDate, compatibilityFlags), inspectorPort: port }));
  let ws: WebSocket | null = null;
  try {
    await mf.ready;
    if (flagsBefore === undefined) delete process.env.MINIFLARE_WORKERD_V8_FLAGS;
    else process.env.MINIFLARE_WORKERD_V8_FLAGS = flagsBefore;
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ id: string; webSocketDebuggerUrl: string }>;
    // The user Worker of a single-worker Miniflare is the unnamed one.
    const target = targets.find((t) => t.id === 'core:user:');
    if (!target) throw new Error(`no user worker among the inspector targets: ${targets.map((t) => t.id).join(', ')}`);
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    ws = socket;
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('inspector connection failed')));
    });
    let nextId = 0;
    const pending = new Map<number, (result: unknown) => void>();
    socket.addEventListener('message', (e) => {
      const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
    });
    const send = (method: string) =>
      new Promise<unknown>((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(() => reject(new Error(`inspector: ${method} did not answer`)), 30_000);
        pending.set(id, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        socket.send(JSON.stringify({ id, method }));
      });
    const heap = async () => {
      await (await mf.dispatchFetch('http://bench.local/__bench/gc')).text();
      return ((await send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    const beforeImport = await heap();
    await (await mf.dispatchFetch('http://bench.local/__bench/load')).text();
    const afterStartup = await heap();
    for (const body of lookupBodies) {
      const res = await mf.dispatchFetch('http://bench.local/api/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.text();
      if (res.status !== 200) throw new Error(`lookup answered ${res.status}`);
    }
    const afterLookups = await heap();
    return { beforeImport, afterStartup, afterLookups };
  } finally {
    ws?.close();
    await mf.dispose();
    if (flagsBefore === undefined) delete process.env.MINIFLARE_WORKERD_V8_FLAGS;
    else process.env.MINIFLARE_WORKERD_V8_FLAGS = flagsBefore;
  }
}

/** The bench's Worker: a small wrapper module that imports the bundle (v4-shaped Miniflare options). */
function wrappedWorker(wrapper: string, bundleFile: string, dir: string, compatibilityDate: string, compatibilityFlags: string[]) {
  return {
    modules: [
      { type: 'ESModule' as const, path: wrapper },
      { type: 'ESModule' as const, path: bundleFile },
    ],
    modulesRoot: dir,
    compatibilityDate,
    compatibilityFlags,
  };
}
