// Index build (Node, build time): kuromoji content words + Japanese bigrams per unit, a MiniSearch
// index over them, and the lexicon the Worker's query segmenter uses.
import MiniSearch from 'minisearch';
import type { Unit } from '../corpus/schema';
import { normalizeForSearch } from '../analysis/normalize';
import { japaneseBigrams } from '../analysis/bigrams';
import { analyzeForIndex, LexiconVotes, loadTokenizer } from './kuromoji-analyzer';
import { MINISEARCH_OPTIONS, type IndexedUnit, type SearchArtifact } from './fields';
import { SEARCH_VOCABULARY_SEED } from '../analysis/synonyms';
import { QUESTION_PHRASING } from './question-phrasing';

/** The text of a unit that is searched: its heading and its answer (resolved for 同上). */
export function searchableText(unit: Unit): { heading: string; answer: string } {
  return { heading: unit.heading, answer: unit.answer };
}

export async function buildSearchArtifact(units: readonly Unit[]): Promise<SearchArtifact> {
  const tokenizer = await loadTokenizer();
  const lexicon = new LexiconVotes();
  const docs: IndexedUnit[] = [];
  const wordDocFreq: Record<string, number> = {};
  for (const unit of units) {
    const { heading, answer } = searchableText(unit);
    const h = normalizeForSearch(heading);
    const a = normalizeForSearch(answer);
    const hw = analyzeForIndex(tokenizer, h, lexicon).words;
    const aw = analyzeForIndex(tokenizer, a, lexicon).words;
    for (const w of new Set([...hw, ...aw])) wordDocFreq[w] = (wordDocFreq[w] ?? 0) + 1;
    docs.push({ id: unit.id, hw: hw.join(' '), aw: aw.join(' '), hb: japaneseBigrams(h).join(' '), ab: japaneseBigrams(a).join(' ') });
  }
  // Synonym and glossary terms are segmented at query time too: teach the lexicon their words.
  // So do the words questionnaires wrap questions in.
  for (const term of [...SEARCH_VOCABULARY_SEED, ...QUESTION_PHRASING]) analyzeForIndex(tokenizer, normalizeForSearch(term), lexicon);

  const mini = new MiniSearch<IndexedUnit>(MINISEARCH_OPTIONS);
  mini.addAll(docs);
  return { lexicon: lexicon.entries(), wordDocFreq, unitCount: units.length, minisearch: mini.toJSON() };
}
