// The search index layout, shared by the build (Node) and the Worker: MiniSearch needs the same
// options to load a serialized index that were used to build it.
import type { Options } from 'minisearch';
import type { CompactIndex } from './compact-index';

/** hw/aw: content words of heading and answer; hb/ab: Japanese character bigrams of the same. */
export const WORD_FIELDS = ['hw', 'aw'] as const;
export const BIGRAM_FIELDS = ['hb', 'ab'] as const;

export interface IndexedUnit {
  id: string;
  hw: string;
  aw: string;
  hb: string;
  ab: string;
}

/**
 * Bigram terms carry a prefix so that a two-character word (稼働) and the bigram 稼働 stay
 * distinct terms: MiniSearch merges match information by term across fields.
 */
export const bigramTerm = (bigram: string): string => `b:${bigram}`;

// Terms are analyzed before they reach MiniSearch (kuromoji at build time, the lexicon at query
// time), so MiniSearch only splits on the spaces we put between them and must not alter them.
export const MINISEARCH_OPTIONS: Options<IndexedUnit> = {
  idField: 'id',
  fields: [...WORD_FIELDS, ...BIGRAM_FIELDS],
  tokenize: (text) => text.split(' ').filter(Boolean),
  processTerm: (term) => term,
};

/**
 * The question library as the lookup reads it (src/index/library.ts, src/search/library.ts): for
 * every analyzed term, the numbers of the library questions that use it. Plain postings rather than
 * a second MiniSearch index: a library match only needs, per question, which of the query's terms
 * it has (for an idf-weighted Dice similarity), which an accumulation over the postings gives in a
 * fraction of the time a BM25 search over 4,000 documents takes (and no index to load at startup).
 */
export interface LibraryIndex {
  /** Unit id of every indexed question, by question number. */
  unitOf: string[];
  /** 1 for an English question, 0 for Japanese, by question number. */
  english: number[];
  /** Σ idf of each question's distinct terms (libraryIdf), by question number: the question's side of the similarity. */
  weight: number[];
  /** Number of questions of each language containing a term (for libraryIdf). */
  docFreq: Record<string, number>;
  /** Number of units whose library questions contain a term: words the library knows but the unit texts do not. */
  unitFreq: Record<string, number>;
  questionCount: { ja: number; en: number };
  /** Number of distinct terms of each question, by question number (BM25's length normalization). */
  length: number[];
  /** Term → the question numbers that contain it, ascending. */
  postings: Record<string, number[]>;
}

/** idf of a term within the library questions of one language (BM25's form), shared by build and lookup. */
export const libraryIdf = (docFreq: number, questions: number): number => Math.log(1 + (questions - docFreq + 0.5) / (docFreq + 0.5));

/** Version of the SearchArtifact layout; an engine refuses an artifact of another version (rebuild with npm run build). */
export const SEARCH_ARTIFACT_FORMAT = 5;

export interface SearchArtifact {
  /** SEARCH_ARTIFACT_FORMAT of the build that wrote it. */
  format: number;
  /** Hash of the build inputs (corpus, analysis code, lockfile); the corpus artifact carries the same one. */
  buildHash: string;
  /** Unique heading words of each unit: the standard question of a check sheet item, for question-to-question similarity. */
  headingWords: Record<string, string[]>;
  /** surface → base form (null: function word); see analysis/lexicon.ts. */
  lexicon: Record<string, string | null>;
  /** Number of units whose heading or answer contains each word, for coverage weighting. */
  wordDocFreq: Record<string, number>;
  unitCount: number;
  /** Synonym groups (analysis/synonyms.ts), each member already segmented into index words. */
  synonymGroups: string[][][];
  /** Bigrams in so many units that they cannot tell units apart; left out of queries. */
  commonBigrams: string[];
  /** Every other bigram of the index: query bigrams outside it are not sent to MiniSearch. */
  bigramVocabulary: string[];
  /** MiniSearch.toJSON() of the IndexedUnit documents, postings compacted (./compact-index.ts; format 3). */
  minisearch: CompactIndex;
  /** The question library, indexed question by question (./library.ts; format 4, plain postings since format 5). */
  library: LibraryIndex;
}
