// Approvals for the benchmark: a synthetic library of any size (questions shaped like customers'
// rows, built from the corpus headings with varied wording, each with a real unit), and a real D1
// database in Node through wrangler's getPlatformProxy (the same local D1 `wrangler dev` uses),
// migrated like `npm start`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { ROOT } from './util';

interface CorpusUnit {
  id: string;
  heading: string;
  hasAnswer: boolean;
  products: string[];
}

const TEMPLATES = [
  (h: string) => `${h}について教えてください`,
  (h: string) => `${h}の対応状況を記載してください`,
  (h: string) => `貴社の${h}はどのようになっていますか`,
  (h: string) => `${h}に関する規程はありますか`,
  (h: string) => `Please describe your ${h}`,
];

/** `n` approval lines (the import/export shape), every one a distinct question with a real answering unit. */
export async function syntheticApprovalLines(n: number): Promise<{ question: string; product: string | null; gold: string[] }[]> {
  const corpus = JSON.parse(await readFile(path.join(ROOT, 'src/generated/corpus.json'), 'utf8')) as { units: CorpusUnit[] };
  const units = corpus.units.filter((u) => u.hasAnswer);
  const lines: { question: string; product: string | null; gold: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    const u = units[i % units.length]!;
    const template = TEMPLATES[Math.floor(i / units.length) % TEMPLATES.length]!;
    const heading = u.heading.slice(0, 60);
    lines.push({ question: `${template(heading)}（管理番号 ${i + 1}）`, product: i % 3 === 0 ? null : u.products[i % u.products.length]!, gold: [u.id] });
  }
  return lines;
}

/** The SQL statements of migrations/, in order. */
export async function migrationStatements(): Promise<string[]> {
  const dir = path.join(ROOT, 'migrations');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: string[] = [];
  for (const f of files) {
    const sql = (await readFile(path.join(dir, f), 'utf8'))
      .split('\n')
      .filter((l) => !l.trim().startsWith('--'))
      .join('\n');
    out.push(
      ...sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  return out;
}

/** A migrated, empty local D1 database in this Node process (dispose() when done). */
export async function localD1(): Promise<{ db: D1Database; dispose(): Promise<void> }> {
  // In memory (persist: false): the bench never touches the project's .wrangler/state.
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: path.join(ROOT, 'wrangler.toml'), persist: false });
  const db = proxy.env.DB;
  await db.batch((await migrationStatements()).map((s) => db.prepare(s)));
  return { db, dispose: () => proxy.dispose() };
}
