// Small helpers shared by the benchmark (scripts/bench.ts) and its child processes.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Child processes print exactly one line starting with this, followed by their JSON result. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), mean: sorted.length ? sum / sorted.length : Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

export function median(samples: readonly number[]): number {
  return stats(samples).p50;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

export function fmtMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function gzipBytes(data: Uint8Array): number {
  return gzipSync(data).length;
}

export interface HoldoutQuestion {
  id: string;
  question: string;
  product: string | null;
  gold: string[];
}

/** The held-out evaluation questions (test/eval/holdout.jsonl): realistic wording in several questionnaire styles. */
export async function loadQuestions(): Promise<HoldoutQuestion[]> {
  const text = await readFile(path.join(ROOT, 'test/eval/holdout.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as { id: string; question: string; product?: string | null; gold?: string[] };
      return { id: r.id, question: r.question, product: r.product ?? null, gold: r.gold ?? [] };
    });
}

/** Unit ids of the synthetic 10× corpus carry a `~k` suffix; gold labels name the originals. */
export function baseUnitId(id: string): string {
  return id.replace(/~\d+$/, '');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs a TypeScript child (node --expose-gc --import tsx) and returns its JSON result. A child
 * gets a fresh V8 heap, so startup and memory figures are not polluted by earlier steps.
 */
export function runChild<T>(script: string, args: string[], timeoutMs = 300_000, nodeFlags: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, '--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
    });
  });
}

export function printResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

export function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v !== undefined) return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

export function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
