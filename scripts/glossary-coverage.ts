// npm run glossary:coverage [-- --words N] [-- --unmapped] [-- --show N]
// How far the English glossary (src/analysis/glossary-en.ts) reaches on the public English
// questionnaire templates (test/fixtures/real: CSA CAIQ v4.0.3, EDUCAUSE HECVAT 4.1.4, every
// question row kaitou's own reader finds), through the same query analysis as a lookup:
//  - coverage: share of template questions with at least one notion the corpus talks about
//    (a glossary entry whose Japanese terms occur in the corpus, or an English word the documents
//    use as is, e.g. TLS, Azure);
//  - the words left unmapped (neither glossary, nor generic/boilerplate, nor the corpus), by the
//    number of template questions that use them: the list to read when extending the glossary.
//    A word stays unmapped on purpose when the documents never talk about its notion;
//  - glossary entries whose Japanese terms the corpus never uses (dead entries; must be none).
// The templates are the source of vocabulary, never the labelled eval rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import searchArtifactJson from '../src/generated/search-index.json';
import type { SearchArtifact } from '../src/index/fields';
import { LexiconSegmenter } from '../src/analysis/lexicon';
import type { AnalyzedQuery } from '../src/analysis/query';
import { ENGLISH_GLOSSARY } from '../src/analysis/glossary-en';
import { normalizeForSearch } from '../src/analysis/normalize';
import { defaultEngine } from '../src/search/lookup';
import { readXlsx } from '../src/questionnaire/xlsx';
import { detectLayout } from '../src/questionnaire/detect';
import { cellText } from '../src/questionnaire/model';

const ROOT = path.resolve(import.meta.dirname, '..');
const TEMPLATES = ['en-caiq-v4.0.3-blank.xlsx', 'en-hecvat-4.1.4-blank.xlsx'];

const { values } = parseArgs({ options: { words: { type: 'string', default: '60' }, show: { type: 'string', default: '0' }, unmapped: { type: 'boolean', default: false } } });

const artifact = searchArtifactJson as unknown as SearchArtifact;
// The lookup's own engine: the same analysis and document frequencies as /api/lookup.
const docFreq = (w: string) => defaultEngine.docFreq(w);
const segmenter = new LexiconSegmenter(artifact.lexicon);

interface TemplateQuestion {
  template: string;
  sheet: string;
  question: string;
}

/** Question rows as kaitou's questionnaire reader finds them (the same seam as an upload). */
function templateQuestions(file: string): TemplateQuestion[] {
  const { model } = readXlsx(new Uint8Array(readFileSync(path.join(ROOT, 'test/fixtures/real', file))));
  const out: TemplateQuestion[] = [];
  for (const layout of detectLayout(model).sheets) {
    const sheet = model.sheets.find((s) => s.name === layout.sheet)!;
    for (const r of layout.questionRows) {
      const question = cellText(sheet, r, layout.questionCol).trim();
      if (question) out.push({ template: file.replace(/-blank\.xlsx$/, ''), sheet: layout.sheet, question });
    }
  }
  return out;
}

const known = (terms: readonly string[]) => terms.every((t) => docFreq(t) > 0);
/** The concepts of an analyzed English question that the corpus can match, and the unmapped words. */
function notions(a: AnalyzedQuery): { mapped: string[]; unmapped: string[] } {
  const mapped: string[] = [];
  const unmapped: string[] = [];
  for (const c of a.concepts) {
    if (c.alternatives.some((alt) => known(alt.terms))) mapped.push(c.label);
    else unmapped.push(c.label);
  }
  return { mapped, unmapped };
}

const questions = TEMPLATES.flatMap(templateQuestions);
const byTemplate = new Map<string, { n: number; covered: number; english: number }>();
const unmappedCount = new Map<string, number>();
const mappedCount = new Map<string, number>();
const uncovered: TemplateQuestion[] = [];
for (const q of questions) {
  const a = defaultEngine.analyze(q.question);
  const t = byTemplate.get(q.template) ?? { n: 0, covered: 0, english: 0 };
  t.n++;
  if (a.language === 'en') t.english++;
  const { mapped, unmapped } = notions(a);
  if (mapped.length) t.covered++;
  else uncovered.push(q);
  for (const w of new Set(unmapped)) unmappedCount.set(w, (unmappedCount.get(w) ?? 0) + 1);
  for (const w of new Set(mapped)) mappedCount.set(w, (mappedCount.get(w) ?? 0) + 1);
  byTemplate.set(q.template, t);
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`kaitou glossary coverage: ${ENGLISH_GLOSSARY.length} glossary entries, ${questions.length} template questions (npm run glossary:coverage)\n`);
console.log('| template | questions | English | with ≥1 mapped notion |\n|---|---|---|---|');
let n = 0;
let covered = 0;
for (const [name, t] of byTemplate) {
  console.log(`| ${name} | ${t.n} | ${t.english} | ${pct(t.covered, t.n)} (${t.covered}) |`);
  n += t.n;
  covered += t.covered;
}
console.log(`| all | ${n} | | ${pct(covered, n)} (${covered}) |`);

const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, k);
const k = Number(values.words);
console.log(`\nunmapped words, by template questions using them (top ${k}; a notion the documents never talk about stays here on purpose):`);
console.log(
  top(unmappedCount, k)
    .map(([w, c]) => `${w} ${c}`)
    .join(', '),
);
console.log(`\nmapped notions, by template questions using them (top ${Math.min(k, 40)}):`);
console.log(
  top(mappedCount, Math.min(k, 40))
    .map(([w, c]) => `${w} ${c}`)
    .join(', '),
);

// Every glossary entry must reach the corpus: a term the documents never use maps to nothing.
const dead = ENGLISH_GLOSSARY.flatMap(([src, ja]) => ja.filter((t) => !segmenter.words(normalizeForSearch(t)).every((w) => docFreq(w) > 0)).map((t) => `${src} → ${t}`));
console.log(`\nglossary terms the corpus never uses: ${dead.length ? dead.join('; ') : 'none'}`);

const show = Number(values.show);
if (values.unmapped || show > 0) {
  console.log(`\ntemplate questions without a mapped notion (${uncovered.length}):`);
  for (const q of uncovered.slice(0, show || uncovered.length)) console.log(`  [${q.template}/${q.sheet}] ${q.question.replace(/\s+/g, ' ').slice(0, 160)}`);
}
