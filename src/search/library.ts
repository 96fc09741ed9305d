// Question-to-question matching against the question library (issue 17): the customer's question
// is matched against each library question (an accumulation over term → question postings), and
// each unit scores by its best-matching questions. Japanese questions meet Japanese library questions through
// the query's concepts (words, synonyms); English questions meet English library questions through
// Porter stems. The similarity of a
// question pair is an idf-weighted Dice overlap (the same measure as the heading similarity).
import { libraryIdf, type LibraryIndex } from '../index/fields';
import type { AnalyzedQuery, Concept } from '../analysis/query';

/** What the library says of one unit for one question. */
export interface LibraryHit {
  /** Best BM25 score among the unit's library questions (MiniSearch's BM25+ with its defaults, which scored the library when it was a MiniSearch index). */
  score: number;
  /** Best idf-weighted Dice similarity between the question and one of the unit's library questions, 0–1. */
  similarity: number;
  /** Share of the question's weight that the unit's best library question covers, 0–1. */
  coverage: number;
  /** Rank of the unit by similarity (0 = best). */
  rank: number;
}

interface LibraryConcept {
  alternatives: { terms: string[]; weight: number }[];
  emphasis: number;
  /** Share of the library's highest idf the concept weighs when the library never uses it. */
  unknownShare: number;
}

/** A concept the library never uses weighs like a rare word: the question asks something the library does not cover. design, as the unit side's unknown noun. */
const UNKNOWN_SHARE = 0.6;
/** An interrogative hint (いつ → 時期, 何時から → 時間) the library does not use costs little: it is a guess. design, as the unit side's hint. */
const UNKNOWN_HINT_SHARE = 0.1;

export class QuestionLibraryMatcher {
  private readonly maxIdf: { ja: number; en: number };
  // Per question, reused across lookups (no allocation per lookup): the concept a question last
  // matched (a stamp), its best alternative's weight for that concept, and what it has covered.
  private readonly stamp: Int32Array;
  private readonly best: Float64Array;
  private readonly covered: Float64Array;
  private readonly coveredPlain: Float64Array;
  private readonly bm25: Float64Array;
  private readonly termsMatched: Int32Array;
  private readonly averageLength: { ja: number; en: number };
  private nextStamp = 1;

  constructor(private readonly library: LibraryIndex) {
    this.maxIdf = { ja: libraryIdf(0, library.questionCount.ja), en: libraryIdf(0, library.questionCount.en) };
    const n = library.unitOf.length;
    this.stamp = new Int32Array(n);
    this.best = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.coveredPlain = new Float64Array(n);
    this.bm25 = new Float64Array(n);
    this.termsMatched = new Int32Array(n);
    const avg = (english: number) => {
      let sum = 0;
      let count = 0;
      library.length.forEach((l, q) => {
        if (library.english[q] !== english) return;
        sum += l;
        count++;
      });
      return count ? sum / count : 1;
    };
    this.averageLength = { ja: avg(0), en: avg(1) };
  }

  get size(): number {
    return this.library.unitOf.length;
  }

  /** Whether any library question uses the term. */
  knows(term: string): boolean {
    return Object.hasOwn(this.library.docFreq, term);
  }

  /** Number of units whose library questions use the term. */
  unitFreq(term: string): number {
    return Object.hasOwn(this.library.unitFreq, term) ? this.library.unitFreq[term]! : 0;
  }

  private idf(term: string, lang: 'ja' | 'en'): number {
    return libraryIdf(Object.hasOwn(this.library.docFreq, term) ? this.library.docFreq[term]! : 0, this.library.questionCount[lang]);
  }

  /** Per unit in scope (undefined: all), what its best library questions say of the query. */
  match(query: AnalyzedQuery, scope?: ReadonlySet<string>): Map<string, LibraryHit> {
    const out = new Map<string, Omit<LibraryHit, 'rank'>>();
    if (this.size === 0) return new Map();
    // An English question meets the English library questions only: through the glossary, a phrase
    // entry's Japanese terms are alternatives (encrypted at rest → 暗号 | データベース | 保管), so a
    // Japanese library question about 保管 alone would count as the whole notion (measured on the
    // library alone: real-en-dev top-1 0.51 → 0.56, probe 0.42 → 0.58 without the Japanese side).
    if (query.language === 'ja') this.matchLanguage('ja', query.concepts.filter((c) => c.alternatives.length).map(toLibraryConcept), scope, out);
    else
      this.matchLanguage(
        'en',
        query.englishTerms.map((t) => ({ alternatives: [{ terms: [t.term], weight: 1 }], emphasis: t.emphasis, unknownShare: UNKNOWN_SHARE })),
        scope,
        out,
      );
    // Ties (a short label question such as 「脆弱性診断」 matches several units alike) go to the unit whose question covers more of the customer's.
    const ranked = [...out].sort((a, b) => b[1].similarity - a[1].similarity || b[1].coverage - a[1].coverage || b[1].score - a[1].score);
    return new Map(ranked.map(([id, hit], rank) => [id, { ...hit, rank }]));
  }

  /** The questions of `lang` (in scope) that contain every term of `terms`. */
  private questionsWith(terms: readonly string[], english: number, scope: ReadonlySet<string> | undefined): number[] {
    const lists = terms.map((t) => (Object.hasOwn(this.library.postings, t) ? this.library.postings[t]! : []));
    if (lists.some((l) => l.length === 0)) return [];
    lists.sort((a, b) => a.length - b.length);
    const others = lists.slice(1).map((l) => new Set(l));
    const { unitOf } = this.library;
    return lists[0]!.filter((q) => this.library.english[q] === english && others.every((o) => o.has(q)) && (!scope || scope.has(unitOf[q]!)));
  }

  private matchLanguage(lang: 'ja' | 'en', concepts: readonly LibraryConcept[], scope: ReadonlySet<string> | undefined, out: Map<string, Omit<LibraryHit, 'rank'>>): void {
    // The question's side of the similarity: each concept at its rarest known wording; a concept
    // the library never uses weighs like a rare word (the question asks something it does not cover).
    const conceptIdf = concepts.map((c) => {
      const known = c.alternatives.filter((a) => a.terms.every((t) => this.knows(t)));
      return c.emphasis * (known.length ? Math.max(...known.map((a) => a.weight * Math.max(...a.terms.map((t) => this.idf(t, lang))))) : c.unknownShare * this.maxIdf[lang]);
    });
    const queryWeight = conceptIdf.reduce((s, x) => s + x, 0);
    const english = lang === 'en' ? 1 : 0;
    const { stamp, best, covered, coveredPlain } = this;
    const touched: number[] = [];
    const touchedSet = new Set<number>();
    // Accumulate over the postings: per concept, each question's best alternative.
    concepts.forEach((c, i) => {
      if (this.nextStamp >= 0x7fffffff) {
        this.stamp.fill(0);
        this.nextStamp = 1;
      }
      const conceptStamp = this.nextStamp++;
      const hit: number[] = [];
      for (const a of c.alternatives) {
        for (const q of this.questionsWith(a.terms, english, scope)) {
          if (stamp[q] !== conceptStamp) {
            stamp[q] = conceptStamp;
            best[q] = a.weight;
            hit.push(q);
          } else if (a.weight > best[q]!) best[q] = a.weight;
        }
      }
      for (const q of hit) {
        if (!touchedSet.has(q)) {
          touchedSet.add(q);
          touched.push(q);
          covered[q] = 0;
          coveredPlain[q] = 0;
          this.bm25[q] = 0;
          this.termsMatched[q] = 0;
        }
        covered[q]! += conceptIdf[i]! * best[q]!;
        // The library question's side counts the term's idf without the item part's emphasis.
        coveredPlain[q]! += (conceptIdf[i]! / (c.emphasis || 1)) * best[q]!;
      }
    });
    this.addBm25(lang, concepts, touchedSet);
    const { unitOf, weight } = this.library;
    for (const q of touched) {
      const w = weight[q]!;
      const similarity = Math.min(1, queryWeight + w > 0 ? (covered[q]! + Math.min(coveredPlain[q]!, w)) / (queryWeight + w) : 0);
      const coverage = queryWeight > 0 ? Math.min(1, covered[q]! / queryWeight) : 0;
      const unit = unitOf[q]!;
      const prev = out.get(unit);
      out.set(unit, {
        score: Math.max(prev?.score ?? 0, this.bm25[q]! * this.termsMatched[q]!),
        similarity: Math.max(prev?.similarity ?? 0, similarity),
        coverage: Math.max(prev?.coverage ?? 0, coverage),
      });
    }
  }
  /**
   * BM25+ of each touched question, as MiniSearch scored it (k 1.2, b 0.7, d 0.5, each term boosted
   * by its concept's weight, the sum multiplied by the number of query terms matched): short,
   * specific questions score higher than long ones that mention the same words in passing.
   */
  private addBm25(lang: 'ja' | 'en', concepts: readonly LibraryConcept[], touched: ReadonlySet<number>): void {
    const boost = new Map<string, number>();
    for (const c of concepts) for (const a of c.alternatives) for (const t of a.terms) if (this.knows(t)) boost.set(t, Math.max(boost.get(t) ?? 0, c.emphasis * a.weight));
    const avg = this.averageLength[lang];
    for (const [t, w] of boost) {
      const idf = this.idf(t, lang);
      for (const q of this.library.postings[t] ?? []) {
        if (!touched.has(q)) continue;
        const norm = 1 + 1.2 * (1 - 0.7 + (0.7 * this.library.length[q]!) / avg);
        this.bm25[q]! += w * idf * (0.5 + 2.2 / norm);
        this.termsMatched[q]!++;
      }
    }
  }
}

function toLibraryConcept(c: Concept): LibraryConcept {
  return { alternatives: c.alternatives, emphasis: c.emphasis, unknownShare: c.label.startsWith('?') ? UNKNOWN_HINT_SHARE : UNKNOWN_SHARE };
}
