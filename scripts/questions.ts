// npm run questions: the state of the question library (corpus/questions, issue 17): per document
// the units with a disclosed answer and their questions, units below the minimum
// (MIN_QUESTIONS ja/en), stale questions (their unit's text changed or vanished: rewrite them),
// and library questions that are near-copies of a labelled question (src/analysis/near-copy.ts),
// which must go: the library is written blind to the labelled rows. Exit code 1 when anything is wrong.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ingestCorpus } from '../src/ingest/ingest';
import { readQuestionLibrary, thinUnits, unitTextHash } from '../src/ingest/questions';
import { NEAR_COPY_DICE, nearCopies } from '../src/analysis/near-copy';
import { EVAL_SETS, loadLabelledRows } from './lib/evaluate';

const root = path.resolve(import.meta.dirname, '..');
const corpus = await ingestCorpus(path.join(root, 'corpus'));
const library = await readQuestionLibrary(path.join(root, 'corpus'), corpus.units);
let failed = false;

console.log('| document | units with an answer | with questions | ja | en |\n|---|---|---|---|---|');
for (const doc of corpus.documents) {
  const units = corpus.units.filter((u) => u.documentId === doc.id && u.hasAnswer);
  const qs = library.questions.filter((q) => q.unit.startsWith(`${doc.id}#`));
  const covered = new Set(qs.map((q) => q.unit));
  console.log(`| ${doc.id} | ${units.length} | ${units.filter((u) => covered.has(u.id)).length} | ${qs.filter((q) => q.lang === 'ja').length} | ${qs.filter((q) => q.lang === 'en').length} |`);
}

const thin = thinUnits(corpus.units, library.questions);
if (thin.length) {
  failed = true;
  console.log(`\nunits below the minimum (${thin.length}): write more questions for them (docs/corpus.md)`);
  for (const t of thin) console.log(`  ${t.unit}: ${t.ja} ja, ${t.en} en`);
}
if (library.problems.length) {
  failed = true;
  console.log(`\nquestions not used (${library.problems.length}):`);
  const byId = new Map(corpus.units.map((u) => [u.id, u]));
  for (const p of library.problems) {
    const unit = byId.get(p.unit);
    const now = p.kind === 'stale' && unit ? ` (the unit's text now hashes to ${unitTextHash(unit)}: reread it, then keep or rewrite the question)` : '';
    console.log(`  ${p.kind}: corpus/questions/${p.file}:${p.line} ${p.unit} ${p.text}${now}`);
  }
}

const sets = EVAL_SETS.filter((s) => existsSync(s.file));
const missing = EVAL_SETS.filter((s) => !existsSync(s.file)).map((s) => s.name);
const labelled = sets.flatMap((s) => loadLabelledRows(s.file).map((r) => r.question));
const copies = nearCopies(
  library.questions.map((q) => q.text),
  labelled,
);
console.log(`\nnear-copies of labelled questions (bigram Dice ≥ ${NEAR_COPY_DICE}) against ${sets.map((s) => s.name).join(', ')}${missing.length ? ` (not found: ${missing.join(', ')})` : ''}: ${copies.length}`);
for (const c of copies) console.log(`  ${c.dice.toFixed(2)} ${c.library}  ~  ${c.labelled.replace(/\s+/g, ' ').slice(0, 100)}`);
if (copies.length) failed = true;
process.exit(failed ? 1 : 0);
