// Question-to-question matching against the question library (issue 17): the customer's question
// is searched among the library's questions (BM25, each question its own document), and each unit
// scores by its best-matching questions. Japanese questions meet Japanese library questions through
// the query's concepts (words, synonyms); English questions meet English library questions through
// Porter stems. The similarity of a
// question pair is an idf-weighted Dice overlap (the same measure as the heading similarity).
import MiniSearch from 'minisearch';
import { LIBRARY_MINISEARCH_OPTIONS, libraryIdf, type LibraryDoc, type LibraryIndex } from '../index/fields';
import { expandIndex } from '../index/compact-index';
import type { AnalyzedQuery, Concept } from '../analysis/query';

/** What the library says of one unit for one question. */
export interface LibraryHit {
  /** Best BM25 score among the unit's library questions. */
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

/** How many library questions are scored per search: the rest cannot lead. design. */
const QUESTIONS_SCORED = 300;

export class QuestionLibraryMatcher {
  private readonly index: MiniSearch<LibraryDoc>;
  private readonly maxIdf: { ja: number; en: number };

  constructor(private readonly library: LibraryIndex) {
    this.index = MiniSearch.loadJS(expandIndex(library.minisearch), LIBRARY_MINISEARCH_OPTIONS);
    this.maxIdf = { ja: libraryIdf(0, library.questionCount.ja), en: libraryIdf(0, library.questionCount.en) };
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
    if (query.language === 'ja') this.searchLanguage('ja', query.concepts.filter((c) => c.alternatives.length).map(toLibraryConcept), scope, out);
    else
      this.searchLanguage(
        'en',
        query.englishTerms.map((t) => ({ alternatives: [{ terms: [t.term], weight: 1 }], emphasis: t.emphasis, unknownShare: UNKNOWN_SHARE })),
        scope,
        out,
      );
    // Ties (a short label question such as 「脆弱性診断」 matches several units alike) go to the unit whose question covers more of the customer's.
    const ranked = [...out].sort((a, b) => b[1].similarity - a[1].similarity || b[1].coverage - a[1].coverage || b[1].score - a[1].score);
    return new Map(ranked.map(([id, hit], rank) => [id, { ...hit, rank }]));
  }

  private searchLanguage(lang: 'ja' | 'en', concepts: readonly LibraryConcept[], scope: ReadonlySet<string> | undefined, out: Map<string, Omit<LibraryHit, 'rank'>>): void {
    const weights = new Map<string, number>();
    for (const c of concepts) for (const a of c.alternatives) for (const t of a.terms) if (this.knows(t)) weights.set(t, Math.max(weights.get(t) ?? 0, c.emphasis * a.weight));
    if (weights.size === 0) return;
    // The question's side of the similarity: each concept at its rarest known wording; a concept
    // the library never uses weighs like a rare word (the question asks something it does not cover).
    const conceptIdf = concepts.map((c) => {
      const known = c.alternatives.filter((a) => a.terms.every((t) => this.knows(t)));
      return c.emphasis * (known.length ? Math.max(...known.map((a) => a.weight * Math.max(...a.terms.map((t) => this.idf(t, lang))))) : c.unknownShare * this.maxIdf[lang]);
    });
    const queryWeight = conceptIdf.reduce((s, x) => s + x, 0);
    const english = lang === 'en' ? 1 : 0;
    const { unitOf } = this.library;
    const hits = this.index.search([...weights.keys()].join(' '), {
      boostTerm: (term) => weights.get(term) ?? 1,
      boostDocument: (id) => {
        const n = id as number;
        return this.library.english[n] === english && (!scope || scope.has(unitOf[n]!)) ? 1 : 0;
      },
    });
    for (const h of hits.slice(0, QUESTIONS_SCORED)) {
      const n = h.id as number;
      const matched = new Set(Object.keys(h.match));
      let covered = 0;
      let coveredPlain = 0;
      concepts.forEach((c, i) => {
        let best = 0;
        for (const a of c.alternatives) if (a.weight > best && a.terms.every((t) => matched.has(t))) best = a.weight;
        covered += conceptIdf[i]! * best;
        // The library question's side counts the term's idf without the item part's emphasis.
        coveredPlain += (conceptIdf[i]! / (c.emphasis || 1)) * best;
      });
      const weight = this.library.weight[n]!;
      const similarity = Math.min(1, queryWeight + weight > 0 ? (covered + Math.min(coveredPlain, weight)) / (queryWeight + weight) : 0);
      const coverage = queryWeight > 0 ? Math.min(1, covered / queryWeight) : 0;
      const unit = unitOf[n]!;
      const prev = out.get(unit);
      out.set(unit, {
        score: Math.max(prev?.score ?? 0, h.score),
        similarity: Math.max(prev?.similarity ?? 0, similarity),
        coverage: Math.max(prev?.coverage ?? 0, coverage),
      });
    }
  }
}

function toLibraryConcept(c: Concept): LibraryConcept {
  return { alternatives: c.alternatives, emphasis: c.emphasis, unknownShare: c.label.startsWith('?') ? UNKNOWN_HINT_SHARE : UNKNOWN_SHARE };
}
