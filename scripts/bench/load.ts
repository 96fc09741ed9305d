// Load on loopback: `wrangler dev` started on 127.0.0.1 by the benchmark, lookups fired with
// autocannon, and the resident memory of wrangler's workerd processes sampled meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, ROOT, type HoldoutQuestion } from './util';

export interface DevServer {
  url: string;
  /** Every line wrangler and workerd printed, for the log scan. */
  logs: string[];
  pid: number;
  stop(): Promise<void>;
}

/**
 * A wrangler config for the benchmark: the project's Worker and compatibility settings, without
 * the rate-limit binding (the load run measures the Worker, not the limiter) and without assets.
 */
export async function benchConfig(dir: string): Promise<{ file: string; compatibilityDate: string; compatibilityFlags: string[] }> {
  const toml = await readFile(path.join(ROOT, 'wrangler.toml'), 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? '2025-10-01';
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
  const compatibilityFlags = [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '').filter(Boolean);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'wrangler.bench.toml');
  await writeFile(
    file,
    [
      'name = "kaitou-bench"',
      `main = ${JSON.stringify(path.join(ROOT, 'src/worker.ts'))}`,
      `compatibility_date = "${compatibilityDate}"`,
      `compatibility_flags = [${compatibilityFlags.map((f) => JSON.stringify(f)).join(', ')}]`,
      // The approvals database, as in wrangler.toml; migrated and persisted by the bench (--persist-to).
      '[[d1_databases]]',
      'binding = "DB"',
      'database_name = "kaitou-approvals"',
      'database_id = "00000000-0000-0000-0000-000000000000"',
      `migrations_dir = ${JSON.stringify(path.join(ROOT, 'migrations'))}`,
      '',
    ].join('\n'),
  );
  return { file, compatibilityDate, compatibilityFlags };
}

/** Applies migrations/ to the local D1 state in `persistDir`, as `npm start` does. */
export async function migrateLocalD1(configFile: string, persistDir: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--config', configFile, '--persist-to', persistDir], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrangler d1 migrations apply exited with ${code}`))));
  });
}

export async function startWranglerDev(configFile: string, timeoutMs = 90_000, persistDir?: string): Promise<DevServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Own process group, so stop() can end wrangler and the workerd processes it started.
  const child: ChildProcess = spawn(
    path.join(ROOT, 'node_modules/.bin/wrangler'),
    ['dev', '--config', configFile, '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false', ...(persistDir ? ['--persist-to', persistDir] : [])],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    },
  );
  const logs: string[] = [];
  const collect = (d: Buffer) =>
    logs.push(
      ...d
        .toString()
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? -1;
  const stop = async () => {
    if (child.exitCode !== null || pid < 0) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!killed) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${logs.slice(-30).join('\n')}`);
    try {
      const res = await fetch(`${url}/api/products`);
      if (res.status === 200) {
        await res.arrayBuffer();
        return { url, logs, pid, stop };
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready in ${timeoutMs} ms:\n${logs.slice(-30).join('\n')}`);
}

/** workerd processes below a process (wrangler dev runs two), from /proc. */
function workerdPids(rootPid: number): number[] {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces, so split after the last ')'
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      name.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
    } catch {
      /* process ended while scanning */
    }
  }
  const below = (pid: number) => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 64; p = parent.get(p), hops++) if (p === rootPid) return true;
    return false;
  };
  return [...name].filter(([pid, comm]) => comm === 'workerd' && below(pid)).map(([pid]) => pid);
}

/**
 * wrangler dev runs the Worker in one workerd process (the one started with an inspector) and
 * its proxy in another, which accepts the connections on the user-facing port.
 */
function isWorkerRuntime(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--inspector-addr');
  } catch {
    return false;
  }
}

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface MemorySample {
  /** Highest RSS of the workerd process running the Worker. */
  peakWorker: number;
  /** Highest RSS of wrangler's other workerd process (the dev proxy). */
  peakProxy: number;
}

/** Samples workerd RSS every `everyMs` until stopped (Linux /proc; zeros elsewhere). */
export function sampleWorkerdMemory(rootPid: number, everyMs = 200): { stop(): MemorySample } {
  const result: MemorySample = { peakWorker: 0, peakProxy: 0 };
  const tick = () => {
    for (const pid of workerdPids(rootPid)) {
      const rss = rssBytes(pid);
      if (isWorkerRuntime(pid)) result.peakWorker = Math.max(result.peakWorker, rss);
      else result.peakProxy = Math.max(result.peakProxy, rss);
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return result;
    },
  };
}

export interface LoadResult {
  seconds: number;
  connections: number;
  requests: number;
  perSecond: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  latencyP50: number;
  latencyP99: number;
}

/** POST /api/lookup with the held-out questions in turn, `connections` at a time, for `seconds`. */
export async function lookupLoad(url: string, questions: readonly HoldoutQuestion[], seconds: number, connections: number): Promise<LoadResult> {
  const bodies = questions.map((q) => JSON.stringify({ question: q.question, ...(q.product ? { product: q.product } : {}) }));
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/lookup',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] ?? '{}' }),
      },
    ],
  });
  return {
    seconds,
    connections,
    requests: result['2xx'] + result.non2xx,
    perSecond: result.requests.average,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
  };
}
