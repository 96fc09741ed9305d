// Index build (Node, build time): kuromoji content words + Japanese bigrams per unit, a MiniSearch
// index over them, and the lexicon the Worker's query segmenter uses.
import MiniSearch from 'minisearch';
import type { Unit } from '../corpus/schema';
import { normalizeForSearch } from '../analysis/normalize';
import { japaneseBigrams } from '../analysis/bigrams';
import { analyzeForIndex, LexiconVotes, loadTokenizer } from './kuromoji-analyzer';
import { MINISEARCH_OPTIONS, SEARCH_ARTIFACT_FORMAT, bigramTerm, type IndexedUnit, type SearchArtifact } from './fields';
import { SEARCH_VOCABULARY_SEED, SYNONYM_GROUPS } from '../analysis/synonyms';
import { LexiconSegmenter } from '../analysis/lexicon';
import { QUESTION_PHRASING } from './question-phrasing';
import { compactIndex } from './compact-index';
import { buildLibraryIndex } from './library';
import type { LibraryQuestion } from '../corpus/questions';

/** The text of a unit that is searched: its heading and its answer (resolved for 同上). */
export function searchableText(unit: Unit): { heading: string; answer: string } {
  return { heading: unit.heading, answer: unit.answer };
}

const COMMON_BIGRAM_SHARE = 0.35;

export async function buildSearchArtifact(units: readonly Unit[], buildHash: string, library: readonly LibraryQuestion[] = []): Promise<SearchArtifact> {
  const tokenizer = await loadTokenizer();
  const texts = units.map((unit) => {
    const { heading, answer } = searchableText(unit);
    return { id: unit.id, h: normalizeForSearch(heading), a: normalizeForSearch(answer) };
  });
  // Pass 1: the lexicon, from the corpus and from the words the query side must know:
  // synonym and glossary terms, and the phrasing questionnaires wrap questions in.
  const votes = new LexiconVotes();
  for (const t of texts) for (const text of [t.h, t.a]) analyzeForIndex(tokenizer, text, votes);
  for (const term of [...SEARCH_VOCABULARY_SEED, ...QUESTION_PHRASING]) analyzeForIndex(tokenizer, normalizeForSearch(term), votes);
  // The library's Japanese questions bring the customers' words (退職者, 暗証番号) into the lexicon.
  for (const q of library) if (q.lang === 'ja') analyzeForIndex(tokenizer, normalizeForSearch(q.text), votes);
  const lexicon = votes.entries();

  // Pass 2: index words read through the finished lexicon, so index and query agree.
  const docs: IndexedUnit[] = [];
  const wordDocFreq: Record<string, number> = {};
  const headingWords: Record<string, string[]> = {};
  for (const t of texts) {
    const hw = analyzeForIndex(tokenizer, t.h, undefined, lexicon).words;
    const aw = analyzeForIndex(tokenizer, t.a, undefined, lexicon).words;
    for (const w of new Set([...hw, ...aw])) wordDocFreq[w] = (wordDocFreq[w] ?? 0) + 1;
    headingWords[t.id] = [...new Set(hw)];
    docs.push({ id: t.id, hw: hw.join(' '), aw: aw.join(' '), hb: japaneseBigrams(t.h).map(bigramTerm).join(' '), ab: japaneseBigrams(t.a).map(bigramTerm).join(' ') });
  }

  // Synonyms are segmented here, once, rather than at every Worker start.
  const segmenter = new LexiconSegmenter(lexicon);
  // A member that loses much of itself to segmentation (事業所 → 事業) would stand for something
  // else entirely: members must keep three quarters of their characters.
  const keepsItsMeaning = (member: string, words: string[]) => words.join('').length >= 0.75 * normalizeForSearch(member).replace(/[\s/・-]/g, '').length;
  const synonymGroups = SYNONYM_GROUPS.map((group) =>
    group
      .map((m) => ({ m, words: segmenter.words(normalizeForSearch(m)) }))
      .filter(({ m, words }) => words.length > 0 && keepsItsMeaning(m, words))
      .map(({ words }) => words),
  ).filter((g) => g.length > 1);

  const bigramDocFreq = new Map<string, number>();
  for (const d of docs) for (const b of new Set(`${d.hb} ${d.ab}`.split(' ').filter(Boolean))) bigramDocFreq.set(b, (bigramDocFreq.get(b) ?? 0) + 1);
  const commonBigrams = [...bigramDocFreq]
    .filter(([, n]) => n > COMMON_BIGRAM_SHARE * units.length)
    .map(([b]) => b.slice(bigramTerm('').length))
    .sort();

  const mini = new MiniSearch<IndexedUnit>(MINISEARCH_OPTIONS);
  mini.addAll(docs);
  const common = new Set(commonBigrams.map(bigramTerm));
  const bigramVocabulary = [...bigramDocFreq.keys()]
    .filter((b) => !common.has(b))
    .map((b) => b.slice(bigramTerm('').length))
    .sort();
  return {
    format: SEARCH_ARTIFACT_FORMAT,
    buildHash,
    headingWords,
    lexicon,
    wordDocFreq,
    unitCount: units.length,
    synonymGroups,
    commonBigrams,
    bigramVocabulary,
    minisearch: compactIndex(mini.toJSON()),
    library: buildLibraryIndex(tokenizer, library, lexicon),
  };
}
