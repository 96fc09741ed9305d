// Retrieval: the query's concepts and bigrams against the MiniSearch index (BM25), restricted to
// the units of the chosen product, with the features the confidence model needs.
import MiniSearch, { type SearchResult } from 'minisearch';
import { BIGRAM_FIELDS, MINISEARCH_OPTIONS, WORD_FIELDS, bigramTerm, type IndexedUnit, type SearchArtifact } from '../index/fields';
import { expandIndex } from '../index/compact-index';
import type { AnalyzedQuery } from '../analysis/query';
import type { ResolvedOptions } from './options';

export interface Candidate {
  id: string;
  /** Retrieval score: BM25 of the words plus BM25 of the bigrams (the two parts below). */
  score: number;
  wordScore: number;
  bigramScore: number;
  /** Position in retrieval order (0 = best retrieval score). */
  retrievalRank: number;
  /** Share of the question's concepts (idf-weighted) the unit contains, 0–1. */
  conceptCoverage: number;
  /** Per concept of the question: its idf share times the best weight the unit matched it with. */
  conceptHits: number[];
  /** Share of the question's bigrams the unit contains, 0–1. */
  bigramCoverage: number;
  matchedTerms: string[];
  /** Whether the unit contains the question's most specific concept the corpus knows (its likely topic). */
  coversTopic: boolean;
  /**
   * Question-to-question similarity with the unit's heading (for a check sheet, its standard
   * question): idf-weighted Dice overlap of the question's concepts and the heading's words, 0–1.
   */
  questionSimilarity: number;
  /** Whether the unit shares a content word (or synonym) with the question, not only bigrams or a hint. */
  sharesContent: boolean;
  /** Concept coverage restricted to the concepts of the item's point (its title, details, examples aside), 0–1. */
  pointCoverage: number;
  /** Share of the unit's heading (idf-weighted) the question's words cover, 0–1: a heading fully asked about. */
  headingShare: number;
}

/** What the question itself is like, the same for every candidate. */
export interface QueryProfile {
  /** Share of the question's weight (idf) carried by concepts the corpus knows at all. */
  knownShare: number;
}

export class Searcher {
  private readonly index: MiniSearch<IndexedUnit>;
  private readonly maxIdf: number;
  private readonly bigramVocabulary: ReadonlySet<string>;

  private readonly headingIdf = new Map<string, number>();

  constructor(
    private readonly artifact: SearchArtifact,
    private readonly options: ResolvedOptions,
    /**
     * Number of units whose library questions use a word (0: none), for words the unit texts never
     * use: the library knows the customers' words (退職者, passcode), so a question in them is not
     * "about something the documents do not cover" (QueryProfile.knownShare).
     */
    private readonly libraryUnitFreq: (word: string) => number = () => 0,
  ) {
    this.index = MiniSearch.loadJS(expandIndex(artifact.minisearch), MINISEARCH_OPTIONS);
    for (const [id, words] of Object.entries(artifact.headingWords))
      this.headingIdf.set(
        id,
        words.reduce((s, w) => s + this.idf(w), 0),
      );
    this.maxIdf = this.idfOfDocFreq(0);
    this.bigramVocabulary = new Set(artifact.bigramVocabulary);
  }

  isIndexedWord(word: string): boolean {
    return this.docFreq(word) > 0;
  }

  docFreq(word: string): number {
    return Object.hasOwn(this.artifact.wordDocFreq, word) ? this.artifact.wordDocFreq[word]! : 0;
  }

  /** BM25-style idf; words absent from the corpus get the highest idf: they are what the documents do not talk about. */
  idf(word: string): number {
    return this.idfOfDocFreq(this.docFreq(word));
  }

  private idfOfDocFreq(df: number): number {
    const n = this.artifact.unitCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Unit document frequency of a word, counting the library's words for those the unit texts lack. */
  private knownFreq(word: string): number {
    return this.docFreq(word) || this.libraryUnitFreq(word);
  }

  /**
   * `scope`: the unit ids that may be returned (undefined: all). `alsoUnits`: units found by
   * another retrieval source (the question library) that become candidates even when no query
   * word or bigram occurs in their text.
   */
  search(query: AnalyzedQuery, scope?: ReadonlySet<string>, alsoUnits: Iterable<string> = []): { candidates: Candidate[]; profile: QueryProfile } {
    // Only terms the index holds are sent: MiniSearch does per-term setup work even for a miss.
    const weights = new Map<string, number>();
    for (const c of query.concepts) for (const a of c.alternatives) for (const t of a.terms) if (this.isIndexedWord(t)) weights.set(t, Math.max(weights.get(t) ?? 0, (c.emphasis * a.weight) / a.terms.length));
    const bigrams = query.bigrams.filter((b) => this.bigramVocabulary.has(b));
    const also = [...alsoUnits].filter((id) => !scope || scope.has(id));
    if (weights.size === 0 && bigrams.length === 0 && also.length === 0) return { candidates: [], profile: { knownShare: 0 } };

    // Two searches, not one OR-combination: MiniSearch multiplies a result's score by the number
    // of query terms it matched, and bigrams must not multiply the word score (measured: −3 to
    // −4 points top-1 on both eval sets). boostDocument = 0 drops units outside the product
    // scope before a result is built (cheaper than a filter on finished results).
    const boostDocument = scope ? (id: unknown) => (scope.has(id as string) ? 1 : 0) : undefined;
    const wordHits = weights.size
      ? this.index.search([...weights.keys()].join(' '), {
          fields: [...WORD_FIELDS],
          boost: query.declarative ? this.options.derived.declarativeWordFieldBoost : this.options.derived.wordFieldBoost,
          boostTerm: (term) => weights.get(term) ?? 1,
          boostDocument,
        })
      : [];
    const bigramHits = bigrams.length ? this.index.search(bigrams.map(bigramTerm).join(' '), { fields: [...BIGRAM_FIELDS], boost: this.options.derived.bigramFieldBoost, boostDocument }) : [];
    const byId = new Map<string, { words?: SearchResult; bigrams?: SearchResult }>();
    for (const r of wordHits) byId.set(r.id as string, { words: r });
    for (const r of bigramHits) byId.set(r.id as string, { ...byId.get(r.id as string), bigrams: r });
    for (const id of also) if (!byId.has(id)) byId.set(id, {});

    // Per concept: can the corpus match it at all, and how much it weighs.
    const known = query.concepts.map((c) => c.alternatives.filter((a) => a.terms.every((t) => this.knownFreq(t) > 0)));
    const conceptIdf = query.concepts.map((c, i) => {
      const alts = known[i]!;
      if (alts.length) return c.emphasis * Math.max(...alts.map((a) => Math.max(...a.terms.map((t) => this.idfOfDocFreq(this.knownFreq(t)))) * a.weight));
      // A noun the corpus never uses weighs like a rare word: the documents may not answer it
      // (保険, 多要素). An unknown verb stem or single kanji (預け, 扱) says little.
      const q = this.options.query;
      return c.emphasis * (c.unknownShare ?? (/[\u3041-\u309F]/.test(c.label) || [...c.label].length === 1 ? q.unknownWeakWordShare : q.unknownNounShare)) * this.maxIdf;
    });
    const totalIdf = conceptIdf.reduce((s, x) => s + x, 0);
    const knownIdf = conceptIdf.reduce((s, x, i) => s + (known[i]!.length ? x : 0), 0);
    const profile: QueryProfile = { knownShare: totalIdf > 0 ? knownIdf / totalIdf : 0 };
    // The topic: the known concept with the rarest wording, synonyms counted at full strength
    // (委託先 is the topic even when only its synonym 外部組織 occurs); interrogative hints aside.
    // Only words of the unit texts can be a topic a unit «has»: a word only the library knows is in no unit's text.
    const inText = query.concepts.map((c) => c.alternatives.filter((a) => a.terms.every((t) => this.isIndexedWord(t))));
    const rarity = inText.map((alts) => Math.max(0, ...alts.map((a) => Math.max(...a.terms.map((t) => this.idf(t))))));
    let topic = -1;
    query.concepts.forEach((c, i) => {
      if (inText[i]!.length && !c.label.startsWith('?') && (topic < 0 || rarity[i]! > rarity[topic]!)) topic = i;
    });
    const bigramCount = query.bigrams.length;

    // Runs for every hit that can still matter (often 100+): plain loops, no per-concept allocations.
    const out: Candidate[] = [];
    const nConcepts = query.concepts.length;
    // The question's side of question-to-question similarity: its concepts' idf, hints aside.
    let questionIdf = 0;
    let pointIdf = 0;
    for (let i = 0; i < nConcepts; i++) {
      if (!query.concepts[i]!.label.startsWith('?')) questionIdf += conceptIdf[i]!;
      if (query.concepts[i]!.inPoint) pointIdf += conceptIdf[i]!;
    }
    for (const [id, { words, bigrams: bigramHit }] of byId) {
      const match = words?.match ?? {};
      const conceptHits = new Array<number>(nConcepts);
      let covered = 0;
      let inHeading = 0;
      let inHeadingPlain = 0;
      let pointCovered = 0;
      let sharesContent = false;
      for (let i = 0; i < nConcepts; i++) {
        let best = 0;
        let bestInHeading = 0;
        for (const alt of query.concepts[i]!.alternatives) {
          if (alt.weight <= bestInHeading) continue;
          let all = true;
          let heading = true;
          for (const t of alt.terms) {
            // Own properties only: a question word like «constructor» must not find Object's.
            const fields = Object.hasOwn(match, t) ? match[t] : undefined;
            if (!fields) {
              all = false;
              break;
            }
            if (!fields.includes('hw')) heading = false;
          }
          if (all && alt.weight > best) best = alt.weight;
          if (all && heading) bestInHeading = alt.weight;
        }
        const hit = totalIdf > 0 ? (conceptIdf[i]! * best) / totalIdf : 0;
        conceptHits[i] = hit;
        covered += hit;
        if (query.concepts[i]!.inPoint) pointCovered += conceptIdf[i]! * best;
        if (best > 0 && !query.concepts[i]!.label.startsWith('?')) {
          sharesContent = true;
          inHeading += conceptIdf[i]! * bestInHeading;
          // The heading's side counts the word's idf without the item part's emphasis.
          if (bestInHeading > 0) inHeadingPlain += (conceptIdf[i]! / (query.concepts[i]!.emphasis || 1)) * bestInHeading;
        }
      }
      const headingIdf = this.headingIdf.get(id) ?? 0;
      const questionSimilarity = questionIdf + headingIdf > 0 ? (2 * inHeading) / (questionIdf + headingIdf) : 0;
      let bigramsMatched = 0;
      if (bigramHit) for (const _ in bigramHit.match) bigramsMatched++;
      out.push({
        id,
        score: (words?.score ?? 0) + (bigramHit?.score ?? 0),
        wordScore: words?.score ?? 0,
        bigramScore: bigramHit?.score ?? 0,
        retrievalRank: 0,
        conceptCoverage: covered,
        conceptHits,
        bigramCoverage: bigramCount > 0 ? bigramsMatched / bigramCount : 0,
        matchedTerms: Object.keys(match),
        coversTopic: topic < 0 || conceptHits[topic]! > 0,
        questionSimilarity: Math.min(1, questionSimilarity),
        sharesContent,
        pointCoverage: pointIdf > 0 ? Math.min(1, pointCovered / pointIdf) : covered,
        headingShare: headingIdf > 0 ? Math.min(1, inHeadingPlain / headingIdf) : 0,
      });
    }
    out.sort((a, b) => b.score - a.score);
    out.forEach((c, i) => (c.retrievalRank = i));
    return { candidates: out, profile };
  }
}
