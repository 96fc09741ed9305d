// Build step (runs before start, test, deploy, eval, bench): ingest corpus/ into answer units and
// build the search index. Writes src/generated/*.json, which the Worker imports. Skips the work
// when the inputs are unchanged since the last build.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ingestCorpus } from '../src/ingest/ingest';
import { buildSearchArtifact } from '../src/index/build';
import { readQuestionLibrary } from '../src/ingest/questions';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'src/generated');
// package-lock.json too: a kuromoji or MiniSearch upgrade changes the artifacts.
const INPUT_DIRS = ['corpus', 'src/ingest', 'src/index', 'src/analysis', 'src/corpus', 'scripts/build-index.ts', 'package-lock.json'];

async function filesUnder(p: string): Promise<string[]> {
  const s = await stat(p);
  if (s.isFile()) return [p];
  const out: string[] = [];
  for (const e of await readdir(p, { withFileTypes: true })) out.push(...(await filesUnder(path.join(p, e.name))));
  return out.sort();
}

async function inputsHash(): Promise<string> {
  const h = createHash('sha256');
  for (const dir of INPUT_DIRS) for (const f of await filesUnder(path.join(root, dir))) h.update(path.relative(root, f)).update(await readFile(f));
  return h.digest('hex');
}

async function main() {
  const started = performance.now();
  const hash = await inputsHash();
  const stampFile = path.join(outDir, 'build-stamp.json');
  const force = process.argv.includes('--force');
  try {
    const stamp = JSON.parse(await readFile(stampFile, 'utf8')) as { hash: string };
    if (!force && stamp.hash === hash) {
      console.log('kaitou build: index up to date');
      return;
    }
  } catch {
    /* no previous build */
  }
  const corpus = await ingestCorpus(path.join(root, 'corpus'));
  const library = await readQuestionLibrary(path.join(root, 'corpus'), corpus.units);
  // A stale question (its unit's text changed or vanished) is left out and named: rewrite it (docs/corpus.md).
  for (const p of library.problems) console.warn(`kaitou build: question library: ${p.kind} question for ${p.unit} (corpus/questions/${p.file}:${p.line}): ${p.text}`);
  const search = await buildSearchArtifact(corpus.units, hash, library.questions);
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'corpus.json'), JSON.stringify({ buildHash: hash, ...corpus }));
  await writeFile(path.join(outDir, 'search-index.json'), JSON.stringify(search));
  await writeFile(stampFile, JSON.stringify({ hash }));
  const ms = Math.round(performance.now() - started);
  console.log(`kaitou build: ${corpus.units.length} units from ${corpus.documents.length} documents, ${Object.keys(search.lexicon).length} lexicon entries, ${library.questions.length} library questions, ${ms} ms`);
}

main().catch((err: unknown) => {
  console.error('kaitou build failed:', err);
  process.exit(1);
});
