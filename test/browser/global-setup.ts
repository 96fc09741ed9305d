// Browser tests run against the real Worker under `wrangler dev` (same bundling, static assets and
// headers as production). This setup builds the corpus if needed, starts wrangler on a free port
// with its own state directory (other test runs may be going on in the same checkout), waits until
// it answers, hands the base URL to the tests via provide('baseUrl') and stops it afterwards.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { resolveChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The Chromium to drive, or why there is none (each browser test then fails with it). */
    chromium: { executablePath: string; args: string[] } | { error: string };
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS_JSON = join(ROOT, 'src/generated/corpus.json');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build only when the generated corpus is missing or older than its inputs (builds take a while). */
function ensureBuild(): void {
  const builtAt = existsSync(CORPUS_JSON) ? statSync(CORPUS_JSON).mtimeMs : 0;
  const inputsAt = Math.max(...['corpus', 'scripts', 'src/corpus', 'src/ingest', 'src/index', 'src/analysis'].map((d) => newestMtime(join(ROOT, d))));
  if (builtAt > 0 && builtAt >= inputsAt && process.env.KAITOU_FORCE_BUILD !== '1') return;
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${log()}`);
    try {
      const resp = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (resp.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs} ms\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) return done();
    const pid = child.pid;
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      done();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    try {
      // Negative pid: the whole process group we created (npx → wrangler → workerd), nothing else.
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const choice = await resolveChromium();
    project.provide('chromium', { executablePath: choice.executablePath, args: choice.args });
    console.log(`browser tests: Chromium from ${choice.source} (${choice.executablePath})`);
  } catch (err) {
    project.provide('chromium', { error: err instanceof Error ? err.message : String(err) });
  }
  ensureBuild();
  const port = await freePort();
  const inspectorPort = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'kaitou-wrangler-'));
  // The approvals database (D1) of this run, migrated the way `npm start` does it.
  execSync(`npx wrangler d1 migrations apply DB --local --persist-to ${JSON.stringify(stateDir)}`, {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
  });
  let output = '';
  const child = spawn('npx', ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspectorPort), '--persist-to', stateDir, '--show-interactive-dev-session=false', '--live-reload=false'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(`${baseUrl}/documents`, child, () => output, 90_000);
  } catch (err) {
    await stop(child);
    rmSync(stateDir, { recursive: true, force: true });
    // Reported by every browser test rather than thrown here: the other projects still run.
    project.provide('chromium', { error: err instanceof Error ? err.message : String(err) });
    project.provide('baseUrl', baseUrl);
    return async () => {};
  }
  project.provide('baseUrl', baseUrl);
  process.env.KAITOU_BASE_URL = baseUrl;

  return async () => {
    await stop(child);
    rmSync(stateDir, { recursive: true, force: true });
  };
}
