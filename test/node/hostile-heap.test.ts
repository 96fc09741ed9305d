// Issue 19 in the Node harness with a 128 MB heap (the isolate's limit; local workerd enforces none):
// every crafted file of test/hostile/files.ts EXPANDING_XLSX (and the most merges admitted) is
// processed end to end in a fresh `node --max-old-space-size=128` child, the same child mode as
// `npm run bench -- --hostile` (scripts/bench/hostile.ts --heap), with the corpus and index loaded
// as in the Worker. Before the fix the hyperlink and shared-formula files died out of memory here
// and the merge and validation lists did not finish; now each is answered or refused with its
// measure, and the child exits normally.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as H from '../hostile/files';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RESULT_PREFIX = 'BENCH_RESULT ';

function runAt128Mb(kind: string): Promise<{ code: number | null; outcome: string | null; tail: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', path.join(ROOT, 'scripts/bench/hostile.ts'), '--heap', kind], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      const outcome = line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as { outcome: string }).outcome : null;
      resolve({ code, outcome, tail: `${err.slice(-600)}${out.slice(-300)}` });
    });
  });
}

describe('issue 19: crafted .xlsx files with a 128 MB heap (Node harness)', () => {
  const cases: Array<[string, string]> = Object.entries(H.EXPANDING_XLSX).map(([name, c]) => [`issue 19: ${name}`, c.expect.status === 200 ? '200' : '413 workbook_too_complex']);
  cases.push(['issue 19: 20,000 merges and 200 dropdown ranges on 200 question rows, the most merges admitted', '200']);

  it.each(cases)(
    '%s → %s',
    async (kind, want) => {
      const r = await runAt128Mb(kind);
      expect(r.code, r.tail).toBe(0);
      expect(r.outcome).toBe(want);
    },
    60_000,
  );
});
