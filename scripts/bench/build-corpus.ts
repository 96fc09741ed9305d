// Child process: the build step (ingest + kuromoji index) for the real corpus or a synthetic
// N× corpus (every unit and its library questions replicated N times, copies suffixed ~1…~N-1, so ids stay unique and gold
// labels still name the originals). Writes <out>/src/generated/{corpus,search-index}.json, the
// files the Worker imports, into a scratch copy of the project: src/generated is never touched.
//   node --expose-gc --import tsx scripts/bench/build-corpus.ts --factor 10 --out <dir>
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ingestCorpus } from '../../src/ingest/ingest';
import { buildSearchArtifact } from '../../src/index/build';
import { readQuestionLibrary } from '../../src/ingest/questions';
import { arg, printResult, ROOT } from './util';

const factor = Number(arg('factor'));
const out = arg('out');

const t0 = performance.now();
const corpus = await ingestCorpus(path.join(ROOT, 'corpus'));
const ingestMs = performance.now() - t0;
const units = Array.from({ length: factor }, (_, k) => corpus.units.map((u) => (k === 0 ? u : { ...u, id: `${u.id}~${k}` }))).flat();
// The question library is replicated with its units: every copy carries its original's questions.
const library = await readQuestionLibrary(path.join(ROOT, 'corpus'), corpus.units);
const questions = Array.from({ length: factor }, (_, k) => library.questions.map((q) => (k === 0 ? q : { ...q, unit: `${q.unit}~${k}` }))).flat();
const t1 = performance.now();
const buildHash = `bench-${factor}x-${Date.now()}`;
const search = await buildSearchArtifact(units, buildHash, questions);
const indexMs = performance.now() - t1;

const generated = path.join(out, 'src/generated');
await mkdir(generated, { recursive: true });
const corpusJson = JSON.stringify({ buildHash, ...corpus, units });
const indexJson = JSON.stringify(search);
await writeFile(path.join(generated, 'corpus.json'), corpusJson);
await writeFile(path.join(generated, 'search-index.json'), indexJson);

printResult({ units: units.length, ingestMs, indexMs, buildMs: ingestMs + indexMs, corpusBytes: Buffer.byteLength(corpusJson), indexBytes: Buffer.byteLength(indexJson) });
