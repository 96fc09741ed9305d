// Retrieval: the query's concepts and bigrams against the MiniSearch index (BM25), restricted to
// the units of the chosen product, with the features the confidence model needs.
import MiniSearch, { type SearchResult } from 'minisearch';
import { BIGRAM_FIELDS, MINISEARCH_OPTIONS, WORD_FIELDS, bigramTerm, type IndexedUnit, type SearchArtifact } from '../index/fields';
import type { AnalyzedQuery } from '../analysis/query';

/** Heading (確認事項 / 見出し) words say what a unit is about; answer words add detail. */
const WORD_FIELD_BOOST = { hw: 1.6, aw: 1 };
/** Bigrams are a recall net: they help rank but must not outvote whole words (0.35 of a word field). */
const BIGRAM_WEIGHT = 0.35;
const BIGRAM_FIELD_BOOST = { hb: 1.6 * BIGRAM_WEIGHT, ab: BIGRAM_WEIGHT };
/** Weight of a question word the corpus never uses, as a share of the highest idf (see conceptIdf). */
const UNKNOWN_NOUN_SHARE = 0.6;
const UNKNOWN_WEAK_WORD_SHARE = 0.25;
/**
 * Hits below this share of the best raw score can never be shown. A shown unit needs confidence
 * ≥ 0.25, so a final score ≥ 1/16 of the final top (confidence = calibrated quality × √relative).
 * Ranking multiplies raw scores by 0.36 (topic miss × no answer) up to 1.5 (product boost), so the
 * final top is ≥ 0.36 × raw top and a unit's final score ≤ 1.5 × its raw: 0.0625 × 0.36 / 1.5 = 0.015.
 */
const NEVER_RELEVANT_RAW_SHARE = 0.015;

export interface Candidate {
  id: string;
  score: number;
  /** Share of the question's concepts (idf-weighted) the unit contains, 0–1. */
  conceptCoverage: number;
  /** Per concept of the question: its idf share times the best weight the unit matched it with. */
  conceptHits: number[];
  /** Share of the question's bigrams the unit contains, 0–1. */
  bigramCoverage: number;
  matchedTerms: string[];
  /** Whether the unit contains the question's most specific concept the corpus knows (its likely topic). */
  coversTopic: boolean;
}

export class Searcher {
  private readonly index: MiniSearch<IndexedUnit>;
  private readonly maxIdf: number;
  private readonly bigramVocabulary: ReadonlySet<string>;

  constructor(private readonly artifact: SearchArtifact) {
    this.index = MiniSearch.loadJS(artifact.minisearch as Parameters<typeof MiniSearch.loadJS>[0], MINISEARCH_OPTIONS);
    this.maxIdf = this.idfOfDocFreq(0);
    this.bigramVocabulary = new Set(artifact.bigramVocabulary);
  }

  isIndexedWord(word: string): boolean {
    return this.docFreq(word) > 0;
  }

  docFreq(word: string): number {
    return this.artifact.wordDocFreq[word] ?? 0;
  }

  /** BM25-style idf; words absent from the corpus get the highest idf: they are what the documents do not talk about. */
  idf(word: string): number {
    return this.idfOfDocFreq(this.docFreq(word));
  }

  private idfOfDocFreq(df: number): number {
    const n = this.artifact.unitCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** `scope`: the unit ids that may be returned (undefined: all). */
  search(query: AnalyzedQuery, scope?: ReadonlySet<string>): Candidate[] {
    // Only terms the index holds are sent: MiniSearch does per-term setup work even for a miss.
    const weights = new Map<string, number>();
    for (const c of query.concepts)
      for (const a of c.alternatives)
        for (const t of a.terms) if (this.isIndexedWord(t)) weights.set(t, Math.max(weights.get(t) ?? 0, a.weight / a.terms.length));
    const bigrams = query.bigrams.filter((b) => this.bigramVocabulary.has(b));
    if (weights.size === 0 && bigrams.length === 0) return [];

    // Two searches, not one OR-combination: MiniSearch multiplies a result's score by the number
    // of query terms it matched, and bigrams must not multiply the word score (measured: −3 to
    // −4 points top-1 on both eval sets). boostDocument = 0 drops units outside the product
    // scope before a result is built (cheaper than a filter on finished results).
    const boostDocument = scope ? (id: unknown) => (scope.has(id as string) ? 1 : 0) : undefined;
    const wordHits = weights.size
      ? this.index.search([...weights.keys()].join(' '), { fields: [...WORD_FIELDS], boost: WORD_FIELD_BOOST, boostTerm: (term) => weights.get(term) ?? 1, boostDocument })
      : [];
    const bigramHits = bigrams.length ? this.index.search(bigrams.map(bigramTerm).join(' '), { fields: [...BIGRAM_FIELDS], boost: BIGRAM_FIELD_BOOST, boostDocument }) : [];
    const byId = new Map<string, { words?: SearchResult; bigrams?: SearchResult }>();
    for (const r of wordHits) byId.set(r.id as string, { words: r });
    for (const r of bigramHits) byId.set(r.id as string, { ...byId.get(r.id as string), bigrams: r });

    // Per concept: can the corpus match it at all, and how much it weighs.
    const known = query.concepts.map((c) => c.alternatives.filter((a) => a.terms.every((t) => this.isIndexedWord(t))));
    const conceptIdf = query.concepts.map((c, i) => {
      const alts = known[i]!;
      if (alts.length) return Math.max(...alts.map((a) => Math.max(...a.terms.map((t) => this.idf(t))) * a.weight));
      // A noun the corpus never uses weighs like a rare word: the documents may not answer it
      // (保険, 多要素). An unknown verb stem or single kanji (預け, 扱) says little.
      return (c.unknownShare ?? (/[\u3041-\u309F]/.test(c.label) || [...c.label].length === 1 ? UNKNOWN_WEAK_WORD_SHARE : UNKNOWN_NOUN_SHARE)) * this.maxIdf;
    });
    const totalIdf = conceptIdf.reduce((s, x) => s + x, 0);
    // The topic: the known concept with the rarest wording, synonyms counted at full strength
    // (委託先 is the topic even when only its synonym 外部組織 occurs); interrogative hints aside.
    const rarity = known.map((alts) => Math.max(0, ...alts.map((a) => Math.max(...a.terms.map((t) => this.idf(t))))));
    let topic = -1;
    query.concepts.forEach((c, i) => {
      if (known[i]!.length && !c.label.startsWith('?') && (topic < 0 || rarity[i]! > rarity[topic]!)) topic = i;
    });
    const bigramCount = query.bigrams.length;

    // Runs for every hit that can still matter (often 100+): plain loops, no per-concept allocations.
    const out: Candidate[] = [];
    const nConcepts = query.concepts.length;
    let topRaw = 0;
    for (const { words, bigrams: b } of byId.values()) topRaw = Math.max(topRaw, (words?.score ?? 0) + (b?.score ?? 0));
    for (const [id, { words, bigrams: bigramHit }] of byId) {
      if ((words?.score ?? 0) + (bigramHit?.score ?? 0) < topRaw * NEVER_RELEVANT_RAW_SHARE) continue;
      const match = words?.match ?? {};
      const conceptHits = new Array<number>(nConcepts);
      let covered = 0;
      for (let i = 0; i < nConcepts; i++) {
        let best = 0;
        for (const alt of query.concepts[i]!.alternatives) {
          if (alt.weight <= best) continue;
          let all = true;
          for (const t of alt.terms) if (!Object.hasOwn(match, t)) { all = false; break; }
          if (all) best = alt.weight;
        }
        const hit = totalIdf > 0 ? (conceptIdf[i]! * best) / totalIdf : 0;
        conceptHits[i] = hit;
        covered += hit;
      }
      let bigramsMatched = 0;
      if (bigramHit) for (const _ in bigramHit.match) bigramsMatched++;
      out.push({
        id,
        score: (words?.score ?? 0) + (bigramHit?.score ?? 0),
        conceptCoverage: covered,
        conceptHits,
        bigramCoverage: bigramCount > 0 ? bigramsMatched / bigramCount : 0,
        matchedTerms: Object.keys(match),
        coversTopic: topic < 0 || conceptHits[topic]! > 0,
      });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}
