// Build time: the question library (corpus/questions, src/corpus/questions.ts) as a search
// artifact. Each library question is indexed on its own (postings: term → question numbers), so a
// customer's question is matched question to question: a unit scores by its best-matching library questions
// (src/search/library.ts). Japanese questions go through the same kuromoji analysis and lexicon
// as the units; English ones as Porter stems (src/analysis/english.ts).
import type { LibraryQuestion } from '../corpus/questions';
import { normalizeForSearch } from '../analysis/normalize';
import { englishStems } from '../analysis/english';
import { analyzeForIndex, type loadTokenizer } from './kuromoji-analyzer';
import type { LexiconEntries } from '../analysis/lexicon';
import { libraryIdf, type LibraryIndex } from './fields';

type Tokenizer = Awaited<ReturnType<typeof loadTokenizer>>;

export function libraryTerms(tokenizer: Tokenizer, q: Pick<LibraryQuestion, 'lang' | 'text'>, lexicon: LexiconEntries): string[] {
  return [...new Set(q.lang === 'en' ? englishStems(q.text) : analyzeForIndex(tokenizer, normalizeForSearch(q.text), undefined, lexicon).words)];
}

export function buildLibraryIndex(tokenizer: Tokenizer, questions: readonly LibraryQuestion[], lexicon: LexiconEntries): LibraryIndex {
  const terms = questions.map((q) => libraryTerms(tokenizer, q, lexicon));
  const docFreq: Record<string, number> = {};
  const units = new Map<string, Set<string>>();
  terms.forEach((ts, i) => {
    for (const t of ts) {
      docFreq[t] = (docFreq[t] ?? 0) + 1;
      let s = units.get(t);
      if (!s) units.set(t, (s = new Set()));
      s.add(questions[i]!.unit);
    }
  });
  const questionCount = { ja: questions.filter((q) => q.lang === 'ja').length, en: questions.filter((q) => q.lang === 'en').length };
  const weight = terms.map((ts, i) => Math.round(ts.reduce((s, t) => s + libraryIdf(docFreq[t] ?? 0, questionCount[questions[i]!.lang]), 0) * 1000) / 1000);
  const postings: Record<string, number[]> = {};
  terms.forEach((ts, i) => {
    for (const t of ts) (postings[t] ??= []).push(i);
  });
  return {
    unitOf: questions.map((q) => q.unit),
    english: questions.map((q) => (q.lang === 'en' ? 1 : 0)),
    weight,
    docFreq,
    unitFreq: Object.fromEntries([...units].map(([t, s]) => [t, s.size])),
    questionCount,
    length: terms.map((ts) => ts.length),
    postings,
  };
}
