// The one place for the numbers of ranking, confidence and verdict (issue 10), in the style of
// MiniSearch's options and Pagefind's ranking settings: every value is named, says what it means
// and where it came from. `resolveOptions` merges overrides over the defaults and computes the
// values that follow from others, so no derived number is written down by hand.
//
// "Where it came from" uses three sources:
//  - design: chosen from what the value must do, before any measurement;
//  - dev: set by hand while looking at the dev set (../shared/eval/dev.jsonl) and the holdout;
//  - fitted: fitted by scripts/fit-options.ts leave-one-set-out; the fitted values are data in
//    src/search/fitted-options.json and the script prints the held-out figures.
import fitted from './fitted-options.json';

/**
 * What the reranker sees of one (question, unit) pair among the first `rerank.candidates`
 * retrieval candidates (all about 0–1): retrieval's own view (BM25 of words and of bigrams, each
 * relative to the best candidate's; the log of the whole retrieval score relative to the best, as
 * 1 + ln(ratio)/4 floored at 0, since the hand-made ranking it replaced was a product of factors
 * on that score; and 1/(1 + retrieval rank)); how much of the question the unit
 * covers (idf-weighted concepts, the item's point alone, bigrams, the topic word); question-to-
 * question similarity with the unit's heading (a check sheet's heading is a standard question) and
 * the share of that heading the question covers; what the unit is (the product's own document, has
 * a disclosed answer, a whitepaper section, a preamble note, the length of its answer as
 * ln(1 + characters) / ln(2000), capped at 1: long general units such as a security policy match
 * many questions a little); the heuristic quality curve
 * (RankingOptions.confidence); and, for English questions only, coverage again (English words
 * reach the corpus through the glossary, so coverage means less than for Japanese).
 * The question library (issue 17, src/search/library.ts): the best idf-weighted Dice similarity
 * between the question and one of the unit's library questions, that question's BM25 relative to
 * the best library hit of any unit, 1/(1 + the unit's rank by library similarity), the share of
 * the question its best library question covers, and the similarity again for English questions
 * (they meet English library questions directly, Japanese questions through words).
 */
export const RERANK_FEATURES = [
  'logScore',
  'words',
  'bigramScore',
  'retrievalRank',
  'coverage',
  'pointCoverage',
  'bigrams',
  'questionSimilarity',
  'headingShare',
  'topic',
  'productOwn',
  'hasAnswer',
  'whitepaper',
  'preamble',
  'answerLength',
  'quality',
  'englishCoverage',
  'librarySimilarity',
  'libraryScore',
  'libraryRank',
  'libraryCoverage',
  'englishLibrary',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];

/**
 * What the verdict's calibration sees of a shown candidate: its reranker score, its share of the
 * reranked list's softmax (the listwise model's probability that it is the right one, given one
 * is among the candidates), its lead over the best candidate on another point (reranker score; 0
 * or less below the first), its concept coverage, the coverage of it and the next shown answered
 * units close to it in score together (a question that asks two things is often answered by two
 * units), its bigram coverage, question-to-question similarity, whether it has the topic word, its heuristic quality, the share of the question's weight in words the corpus knows, whether the question is English;
 * from the question library: its best library similarity, its lead in library similarity over the
 * best other unit (negative when another unit's library questions match better), the share of the question its best library question covers,
 * and 1/(1 + its rank among the units by library similarity, ties by coverage): a first unit the library ranks lower answers a neighbouring question.
 */
export const VERDICT_FEATURES = [
  'score',
  'softmax',
  'margin',
  'coverage',
  'groupCoverage',
  'bigrams',
  'questionSimilarity',
  'topic',
  'quality',
  'knownShare',
  'english',
  'librarySimilarity',
  'libraryLead',
  'libraryCoverage',
  'libraryRank',
] as const;
export type VerdictFeature = (typeof VERDICT_FEATURES)[number];

export interface RankingOptions {
  fields: {
    /** BM25 boost of the heading (check sheet requirement text / whitepaper title). dev. */
    headingBoost: number;
    /**
     * Heading boost factor for a Japanese item that states a requirement (〜している。〜すること。):
     * it has the form of the check sheets' requirement headings, so matching it question to
     * question weighs more. hw boost = headingBoost × this. design 1 (off); fitted.
     */
    declarativeHeadingFactor: number;
    /** BM25 boost of the answer text. design: the reference 1. */
    answerBoost: number;
    /** Character bigrams are a recall net; their field boosts are this share of the word fields'. dev (−3 to −4 points top-1 when bigrams outvote words). */
    bigramWeight: number;
  };
  query: {
    /** Weight of a synonym relative to the customer's own word. dev. */
    synonymWeight: number;
    /** Weight of an interrogative hint (いつ → 時期…). dev. */
    hintWeight: number;
    /** Share of the highest idf an absent interrogative hint weighs. design: cheap when absent. */
    hintUnknownShare: number;
    /** Share of the highest idf an English word outside glossary and generic list weighs. dev. */
    unmappedEnglishShare: number;
    /** Share of the highest idf a Japanese noun the corpus never uses weighs. dev. */
    unknownNounShare: number;
    /** Same for an unknown verb stem or single kanji, which says little. dev. */
    unknownWeakWordShare: number;
    /**
     * Weight of each part of a structured questionnaire item (analysis/structure.ts): the point
     * of the item weighs 1; its title, listed details, examples, Japanese subordinate clauses
     * (condition: 〜した場合、〜においては、〜することによって) and follow-ups less. design, then fitted.
     */
    emphasis: { point: number; title: number; detail: number; example: number; condition: number; followUp: number };
  };
  rerank: {
    /**
     * Retrieval candidates (by BM25 score) the reranker orders; the rest are not shown. dev: the
     * right unit is within the first 30 by BM25 for 89–100 % of answerable rows of every set, the
     * first 50 for 91–100 %; leave-one-set-out, 50 ranked as well as or better than 20 and 30
     * (held-out MRR@5 real-ja-dev 0.615 vs 0.584 / 0.599). Cost: features of 50 units, no search.
     */
    candidates: number;
    /**
     * Second-stage ranking: score = Σ weight × feature over RERANK_FEATURES (a feature without a
     * weight counts 0), candidates shown by decreasing score. fitted (scripts/fit-options.ts:
     * listwise logistic loss — the right units of a question against the others among its
     * candidates —, L2-regularized, leave-one-set-out). The design default approximates the
     * hand-made product of factors it replaced.
     */
    weights: Partial<Record<RerankFeature, number>>;
  };
  library: {
    /**
     * Units found by the question library that join the reranker's candidates even when BM25 over
     * the unit texts ranks them low or misses them (a customer's words the unit never uses):
     * the first this many by library similarity. design.
     */
    candidates: number;
    /** A candidate is shown (as a candidate, not `answered`) when its library similarity is at least this, whatever its text shares. design. */
    minRelevantSimilarity: number;
    /**
     * Two units answer the same point (a conflict between them needs sales' choice) when the
     * second one's library similarity is at least this share of the first one's. design: the
     * library says which question a unit answers, so «the same point» is «the same questions».
     */
    samePointShare: number;
  };
  confidence: {
    /** The heuristic quality curve (a reranker feature; it also gates conflicts and the product's own unit): quality = this × concept coverage + (1 − this) × bigram coverage. dev. */
    conceptShare: number;
    /** The logistic curve from quality to confidence: centre and steepness. dev. */
    curveMidpoint: number;
    curveSteepness: number;
    /** Weight of question-to-question similarity in quality (added, then capped at 1). fitted. */
    questionSimilarityShare: number;
    /** A candidate is shown when it covers at least this share of the question's known concepts (idf-weighted) or its bigrams. design: "shares meaningful content". */
    minRelevantCoverage: number;
  };
  verdict: {
    /**
     * Calibration: probability that a candidate shown first is a right answer, logistic over
     * VERDICT_FEATURES; every shown candidate's confidence is this probability (candidates after
     * the first have no lead: their margin is 0 or less), capped by the one before, so the shown
     * order and the confidences agree. With no weights (design default) the heuristic quality is
     * used as it is. fitted (scripts/fit-options.ts, logistic regression on the reranked lists, leave-one-set-out).
     */
    model: { bias: number; weights: Partial<Record<VerdictFeature, number>> };
    /** `answered` needs the first match's confidence at least this. fitted: the lowest value with answered-precision ≥ 95 % on every training set. */
    answeredMin: number;
    /** Confidence shown as 高 from this (the web label; 中 from answeredMin). design: the verdict model says right 19 times in 20. */
    high: number;
    /**
     * `answered` needs at least this share of the question's weight (idf) in words the corpus
     * knows: when most of what is asked is in words the documents never use (SAML, SSO,
     * Kubernetes), a match on the rest is not an answer. Chosen from such probes, which are in no
     * labelled set (「SAML対応」 was `answered` at 0.80 citing an incident-response unit on 対応
     * alone); on the labelled sets it moves one holdout row out of `answered`.
     */
    minKnownShare: number;
    /** Units considered for a conflict, and the product's own unit that may lead: heuristic quality × √(reranker probability relative to the first's) at least this. dev. */
    conflictMinConfidence: number;
    /** … and their concept hits this cosine-similar to the best unit's ("the same point"). dev. */
    conflictMinSimilarity: number;
  };
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const DESIGN_DEFAULTS: RankingOptions = {
  fields: { headingBoost: 1.6, declarativeHeadingFactor: 1, answerBoost: 1, bigramWeight: 0.35 },
  query: {
    synonymWeight: 0.6,
    hintWeight: 0.8,
    hintUnknownShare: 0.1,
    unmappedEnglishShare: 0.3,
    unknownNounShare: 0.6,
    unknownWeakWordShare: 0.25,
    emphasis: { point: 1, title: 0.7, detail: 0.6, example: 0.4, condition: 0.7, followUp: 0.5 },
  },
  rerank: { candidates: 50, weights: { words: 1, bigramScore: 0.3, coverage: 1, topic: 0.5, productOwn: 0.4, hasAnswer: 0.5, questionSimilarity: 0.5 } },
  library: { candidates: 10, minRelevantSimilarity: 0.35, samePointShare: 0.8 },
  confidence: { conceptShare: 0.7, curveMidpoint: 0.42, curveSteepness: 8, questionSimilarityShare: 0.3, minRelevantCoverage: 0.1 },
  verdict: {
    model: { bias: 0, weights: {} },
    answeredMin: 0.55,
    high: 0.95,
    minKnownShare: 0.5,
    conflictMinConfidence: 0.35,
    conflictMinSimilarity: 0.7,
  },
};

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (over === undefined) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    if (v === undefined) continue;
    const b = (base as Record<string, unknown>)[k];
    // A model's weights are one value: fitted weights replace the defaults' whole, never key by key.
    out[k] = k !== 'weights' && b !== null && typeof b === 'object' && typeof v === 'object' ? merge(b, v as DeepPartial<typeof b>) : v;
  }
  return out as T;
}

/** The shipped defaults: design values with the fitted ones (src/search/fitted-options.json) over them. */
export const DEFAULT_OPTIONS: RankingOptions = merge(DESIGN_DEFAULTS, (fitted as { options: DeepPartial<RankingOptions> }).options);

export interface ResolvedOptions extends RankingOptions {
  derived: {
    /** Field boosts as MiniSearch takes them. */
    wordFieldBoost: { hw: number; aw: number };
    /** The same for a declarative requirement item (fields.declarativeHeadingFactor). */
    declarativeWordFieldBoost: { hw: number; aw: number };
    bigramFieldBoost: { hb: number; ab: number };
  };
}

export function resolveOptions(over?: DeepPartial<RankingOptions>): ResolvedOptions {
  const o = merge(DEFAULT_OPTIONS, over);
  return {
    ...o,
    derived: {
      wordFieldBoost: { hw: o.fields.headingBoost, aw: o.fields.answerBoost },
      declarativeWordFieldBoost: { hw: o.fields.headingBoost * o.fields.declarativeHeadingFactor, aw: o.fields.answerBoost },
      bigramFieldBoost: { hb: o.fields.headingBoost * o.fields.bigramWeight, ab: o.fields.answerBoost * o.fields.bigramWeight },
    },
  };
}
