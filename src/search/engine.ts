// The search engine as an instance (issue 10): built from a corpus, an index artifact and the
// ranking options, so tests and benchmarks can build one over their own corpus. Lookup: one
// question (+ optional product) → ranked official answers with citations, confidence, verdict and
// notes; the same code path serves /api/lookup, the web page, questionnaires and npm run eval.
import type { DocumentInfo, Unit } from '../corpus/schema';
import { SEARCH_ARTIFACT_FORMAT, type SearchArtifact } from '../index/fields';
import { LexiconSegmenter } from '../analysis/lexicon';
import { QueryAnalyzer, type AnalyzedQuery } from '../analysis/query';
import { Searcher, type Candidate, type QueryProfile } from './searcher';
import { QuestionLibraryMatcher, type LibraryHit } from './library';
import { englishWordTerm } from '../analysis/english';
import { ConfidenceModel } from './confidence';
import { findConflict, type Conflict } from './conflicts';
import { resolveOptions, type DeepPartial, type RankingOptions, type ResolvedOptions, type RerankFeature, type VerdictFeature } from './options';
import { unitUrl, type LookupResponse, type Match, type Note, type ParsedLookupRequest, type Verdict } from './contract';

export interface CorpusArtifact {
  /** The build that wrote it; must equal the index artifact's. */
  buildHash?: string;
  documents: DocumentInfo[];
  units: Unit[];
}

export interface Engine {
  readonly options: ResolvedOptions;
  lookup(req: ParsedLookupRequest): LookupResponse;
  /** The lookup with the number its verdict compared with `verdict.answeredMin` (0 when something else ruled `answered` out): for fitting. */
  lookupExplained(req: ParsedLookupRequest): Explained;
  citationFor(unit: Unit): { text: string; url: string };
  /** The query analysis a lookup runs, for tools that inspect it (npm run glossary:coverage). */
  analyze(question: string): AnalyzedQuery;
  /** Number of units containing an indexed word (0: the corpus never uses it). */
  docFreq(word: string): number;
}

export interface Explained {
  response: LookupResponse;
  answerConfidence: number;
  /** The verdict model's inputs, when the first answer could be `answered` at all. */
  features?: Record<VerdictFeature, number>;
  /** The reranked candidates with their reranker features, best first: for fitting the reranker. */
  candidates: { id: string; answer: string; features: Record<RerankFeature, number> }[];
}

export class ArtifactMismatchError extends Error {}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The part of a unit's answer for one product, when the source lists per-product details. */
/**
 * A unit as a Match: the one mapping from a unit to what a reply shows, used for the engine's
 * candidates and for units a person chose or approved (src/approvals/apply.ts).
 */
export function unitMatch(unit: Unit, product: string | undefined, how: Pick<Match, 'score' | 'confidence' | 'citation' | 'matchedTerms'>): Match {
  const part = productAnswer(unit, product);
  return {
    id: unit.id,
    documentId: unit.documentId,
    documentTitle: unit.documentTitle,
    item: unit.item,
    heading: unit.heading,
    answer: unit.answer,
    ...(unit.answerAsPrinted !== undefined ? { answerAsPrinted: unit.answerAsPrinted } : {}),
    ...(part !== undefined ? { productAnswer: part } : {}),
    mark: unit.mark,
    hasAnswer: unit.hasAnswer,
    products: unit.products,
    ...how,
  };
}

export function productAnswer(unit: Unit, product: string | undefined): string | undefined {
  if (!product) return undefined;
  return unit.productDetails.find((d) => d.products.includes(product))?.text;
}

/** A unit that no query word matched (front matter shown for a form field). */
function emptyCandidate(id: string, concepts: number): Candidate {
  return {
    id,
    score: 0,
    wordScore: 0,
    bigramScore: 0,
    retrievalRank: Infinity,
    conceptCoverage: 0,
    conceptHits: new Array<number>(concepts).fill(0),
    bigramCoverage: 0,
    matchedTerms: [],
    coversTopic: false,
    questionSimilarity: 0,
    sharesContent: false,
    pointCoverage: 0,
    headingShare: 0,
  };
}

/** A reranked candidate: retrieval's view, the library's, the reranker's features and score. */
interface Ranked {
  c: Candidate;
  unit: Unit;
  /** Reranker score (linear over `x`). */
  score: number;
  /** Heuristic quality (ConfidenceModel.quality). */
  quality: number;
  x: Record<RerankFeature, number>;
  lib: LibraryHit | undefined;
}
/** A candidate chosen to be shown, with its calibrated confidence. */
interface Shown extends Ranked {
  confidence: number;
}

/** The score of the point the shown list was ranked for: the best reranker score among the shown (the first before a unit of the product's own document or the front matter took the lead). */
function pointScore(shown: readonly Ranked[]): number {
  return Math.max(0, ...shown.map((x) => x.score));
}

/** The best library similarity of a unit other than `id` (the library's hits are ranked by similarity: the first or the second). */
function bestOtherSimilarity(hits: ReadonlyMap<string, LibraryHit>, id: string): number {
  for (const [other, h] of hits) if (other !== id) return h.similarity;
  return 0;
}

/** What one lookup carries from stage to stage. */
interface LookupState {
  req: ParsedLookupRequest;
  product: string | undefined;
  analyzed: AnalyzedQuery;
  english: boolean;
  profile: QueryProfile;
  libraryHits: Map<string, LibraryHit>;
  ranked: Ranked[];
  /** Σ exp(score − best score) over `ranked`: the reranker's softmax denominator, computed once per lookup. */
  partition: number;
}

/**
 * The search engine (issue 10, stages named in issue 21). A lookup runs these stages, each a method:
 * `retrieve` (BM25 over unit texts + question-to-question over the library) → `rerank` (learned
 * linear model) → `shortlist` (candidates that share content, up to `limit`) → `leadWithOwnDocument`
 * and `leadWithFrontMatter` (who comes first) → `calibrate` (confidence of every shown match) →
 * `decide` (verdict) → `explainNotes`.
 */
export class SearchEngine implements Engine {
  readonly options: ResolvedOptions;
  private readonly library: QuestionLibraryMatcher;
  private readonly searcher: Searcher;
  private readonly analyzer: QueryAnalyzer;
  private readonly confidence: ConfidenceModel;
  private readonly unitsById: Map<string, Unit>;
  private readonly documentsById: Map<string, DocumentInfo>;
  private readonly scopeByProduct = new Map<string, ReadonlySet<string>>();
  private readonly profileUnits: Unit[];
  private readonly rerankWeights: [RerankFeature, number][];

  constructor(
    private readonly corpus: CorpusArtifact,
    artifact: SearchArtifact,
    overrides?: DeepPartial<RankingOptions>,
  ) {
    if (artifact.format !== SEARCH_ARTIFACT_FORMAT) throw new ArtifactMismatchError(`search index format ${String(artifact.format)}, this code reads ${SEARCH_ARTIFACT_FORMAT}: run npm run build`);
    if (corpus.buildHash !== undefined && corpus.buildHash !== artifact.buildHash) throw new ArtifactMismatchError('corpus and search index come from different builds: run npm run build');
    this.options = resolveOptions(overrides);
    const library = (this.library = new QuestionLibraryMatcher(artifact.library));
    // An English word the glossary leaves unmapped is known to the library as its stem (passcode → e:passcod).
    const libraryUnitFreq = (w: string) => library.unitFreq(w) || (/^[a-z][a-z0-9-]*$/.test(w) ? library.unitFreq(englishWordTerm(w)) : 0);
    const searcher = (this.searcher = new Searcher(artifact, this.options, libraryUnitFreq));
    this.analyzer = new QueryAnalyzer(new LexiconSegmenter(artifact.lexicon), (w) => searcher.docFreq(w), artifact.synonymGroups, artifact.commonBigrams, this.options.query);
    this.confidence = new ConfidenceModel(this.options);
    this.unitsById = new Map(corpus.units.map((u) => [u.id, u]));
    this.documentsById = new Map(corpus.documents.map((d) => [d.id, d]));
    // The documents' front matter about the vendor and its services: preamble notes without a
    // heading that name the vendor (弊社/当社, how Japanese business documents name their author,
    // or its company name: 株式会社…); those naming the services (the scope statement) first. A form
    // field asking for a datum about the organization or the service (代表者氏名, 提案サービス名) is
    // answered, if at all, there.
    this.profileUnits = corpus.units
      .filter((u) => u.kind === 'preamble' && u.heading.trim() === '' && /弊社|当社|株式会社|有限会社|合同会社/.test(u.answer))
      .map((u) => ({ u, namesServices: u.products.some((p) => u.answer.includes(p)) }))
      .sort((a, b) => Number(b.namesServices) - Number(a.namesServices) || a.u.order - b.u.order)
      .map(({ u }) => u);
    this.rerankWeights = Object.entries(this.options.rerank.weights) as [RerankFeature, number][];
  }

  // The public methods are bound: callers pass them around as functions (lookup as a LookupFn).
  readonly lookup = (req: ParsedLookupRequest): LookupResponse => this.lookupExplained(req).response;

  readonly analyze = (question: string): AnalyzedQuery => this.analyzer.analyze(question);

  readonly docFreq = (word: string): number => this.searcher.docFreq(word);

  readonly citationFor = (unit: Unit): { text: string; url: string } => {
    const doc = this.documentsById.get(unit.documentId);
    const version = unit.version ? ` Ver.${unit.version}` : '';
    const date = unit.updated ?? unit.issued;
    const dated = date ? `（${unit.updated ? '更新' : '発行'} ${date}）` : '';
    const where = unit.kind === 'preamble' ? unit.heading : doc?.kind === 'whitepaper' ? `${unit.item} ${unit.heading}` : `項番 ${unit.item}`;
    return { text: `${unit.documentTitle}${version}${dated} ${where}`, url: unitUrl(unit.id) };
  };

  readonly lookupExplained = (req: ParsedLookupRequest): Explained => {
    const state = this.retrieve(req);
    const shown = this.shortlist(state);
    this.leadWithOwnDocument(state, shown);
    if (state.analyzed.field) this.leadWithFrontMatter(state, shown);
    const best = shown[0];
    // Conflicts are looked for among the units that answer the same point as the first.
    const conflict = findConflict(best ? shown.filter((x) => x.unit.hasAnswer && (x === best || this.onSamePoint(x, best, shown))).map((x) => x.unit) : []);
    const features = this.calibrate(state, shown);
    const { verdict, eligible } = this.decide(state, shown, conflict);
    const notes = this.explainNotes(state, shown, verdict, conflict);
    const ranked = state.ranked;
    return {
      response: { question: req.question, product: state.product ?? null, verdict, matches: shown.map((x) => this.toMatch(x, state.product)), notes },
      answerConfidence: eligible ? (best?.confidence ?? 0) : 0,
      ...(features && eligible ? { features } : {}),
      // Built only when asked for (the fit script): a lookup does not pay for it.
      get candidates() {
        return ranked.map((x) => ({ id: x.unit.id, answer: x.unit.answer, features: x.x }));
      },
    };
  };

  /** The unit ids each product may see, computed once: the scope check runs for every posting. */
  private unitsInScope(product: string | undefined): ReadonlySet<string> | undefined {
    if (product === undefined) return undefined;
    let scope = this.scopeByProduct.get(product);
    if (!scope) {
      scope = new Set(this.corpus.units.filter((u) => u.products.includes(product)).map((u) => u.id));
      this.scopeByProduct.set(product, scope);
    }
    return scope;
  }

  private isProductOwn(unit: Unit, product: string | undefined): boolean {
    return product !== undefined && unit.products.length === 1 && unit.products[0] === product;
  }

  /**
   * Stage 1 and 2: two retrieval sources — BM25 over the unit texts and question-to-question
   * matching against the library — then the first `rerank.candidates` by retrieval score and the
   * library's first `library.candidates`, ordered by the learned linear model.
   */
  private retrieve(req: ParsedLookupRequest): LookupState {
    const product = req.product;
    const analyzed = this.analyzer.analyze(req.question);
    const scope = this.unitsInScope(product);
    const libraryHits = this.library.match(analyzed, scope);
    const libraryLeads = [...libraryHits].filter(([, h]) => h.rank < this.options.library.candidates).map(([id]) => id);
    const { candidates, profile } = this.searcher.search(analyzed, scope, libraryLeads);
    const leads = new Set(libraryLeads);
    const pool = candidates.filter((c, i) => i < this.options.rerank.candidates || leads.has(c.id));
    const english = analyzed.language === 'en';
    const ranked = this.rerank(pool, libraryHits, product, english);
    const top = ranked[0]?.score ?? 0;
    const partition = ranked.reduce((z, y) => z + Math.exp(y.score - top), 0);
    return { req, product, analyzed, english, profile, libraryHits, ranked, partition };
  }

  private rerank(pool: readonly Candidate[], libraryHits: ReadonlyMap<string, LibraryHit>, product: string | undefined, english: boolean): Ranked[] {
    const top = { words: Math.max(0, ...pool.map((c) => c.wordScore)), bigrams: Math.max(0, ...pool.map((c) => c.bigramScore)), score: pool[0]?.score ?? 0, library: Math.max(0, ...[...libraryHits.values()].map((h) => h.score)) };
    return pool
      .map((c) => {
        const unit = this.unitsById.get(c.id)!;
        const quality = this.confidence.quality(c);
        const lib = libraryHits.get(c.id);
        const x = this.rerankFeatures(c, unit, product, top, english, quality, lib);
        let score = 0;
        for (const [k, w] of this.rerankWeights) score += w * x[k];
        return { c, unit, score, quality, x, lib };
      })
      .sort((a, b) => b.score - a.score || a.c.retrievalRank - b.c.retrievalRank);
  }

  /** A candidate's reranker features (RERANK_FEATURES), the BM25 and library parts relative to the best of the list. */
  private rerankFeatures(
    c: Candidate,
    unit: Unit,
    product: string | undefined,
    top: { words: number; bigrams: number; score: number; library: number },
    english: boolean,
    quality: number,
    lib: LibraryHit | undefined,
  ): Record<RerankFeature, number> {
    return {
      logScore: top.score > 0 && c.score > 0 ? Math.max(0, 1 + Math.log(c.score / top.score) / 4) : 0,
      words: top.words > 0 ? c.wordScore / top.words : 0,
      bigramScore: top.bigrams > 0 ? c.bigramScore / top.bigrams : 0,
      retrievalRank: 1 / (1 + c.retrievalRank),
      coverage: c.conceptCoverage,
      pointCoverage: c.pointCoverage,
      bigrams: c.bigramCoverage,
      questionSimilarity: c.questionSimilarity,
      headingShare: c.headingShare,
      topic: c.coversTopic ? 1 : 0,
      productOwn: this.isProductOwn(unit, product) ? 1 : 0,
      hasAnswer: unit.hasAnswer ? 1 : 0,
      whitepaper: this.documentsById.get(unit.documentId)?.kind === 'whitepaper' ? 1 : 0,
      preamble: unit.kind === 'preamble' ? 1 : 0,
      answerLength: Math.min(1, Math.log(1 + unit.answer.length) / Math.log(2000)),
      quality,
      englishCoverage: english ? c.conceptCoverage : 0,
      librarySimilarity: lib?.similarity ?? 0,
      libraryScore: lib && top.library > 0 ? lib.score / top.library : 0,
      libraryRank: lib ? 1 / (1 + lib.rank) : 0,
      libraryCoverage: lib?.coverage ?? 0,
      englishLibrary: english ? (lib?.similarity ?? 0) : 0,
    };
  }

  /**
   * Stage 3, candidates always: every unit that shares meaningful content with the question (or
   * whose library questions match it), best first, up to `limit`, whatever the verdict (a reviewer
   * must see the best candidates).
   */
  private shortlist({ ranked, req }: LookupState): Shown[] {
    const { minRelevantCoverage } = this.options.confidence;
    const shown: Shown[] = [];
    for (const x of ranked) {
      if (shown.length >= req.limit) break;
      const relevant = (x.c.sharesContent && x.c.conceptCoverage >= minRelevantCoverage) || x.c.bigramCoverage >= 2 * minRelevantCoverage || (x.lib?.similarity ?? 0) >= this.options.library.minRelevantSimilarity;
      if (relevant) shown.push({ ...x, confidence: 0 });
    }
    return shown;
  }

  /**
   * Whether a shown unit answers the same point as `lead`. With the library: its library questions
   * match the question nearly as well as the lead's do (a log-retention 6か月 does not answer a
   * minimum contract term). Without a library match: the units cover the question's concepts alike
   * (cosine of concept hits) and the unit is strong enough next to the first (heuristic quality ×
   * √ of its reranker probability relative to the first's).
   */
  private onSamePoint(x: Ranked, lead: Ranked, shown: readonly Ranked[]): boolean {
    const leadSimilarity = lead.lib?.similarity ?? 0;
    if (leadSimilarity >= this.options.library.minRelevantSimilarity) return (x.lib?.similarity ?? 0) >= this.options.library.samePointShare * leadSimilarity;
    const strength = x.quality * Math.exp(Math.min(0, x.score - pointScore(shown)) / 2);
    return strength >= this.options.verdict.conflictMinConfidence && this.conceptsAlike(x, lead);
  }

  /** "The same point" by concepts: a unit covers the question's concepts much like another unit does. */
  private conceptsAlike(a: Ranked, b: Ranked): boolean {
    return cosine(a.c.conceptHits, b.c.conceptHits) >= this.options.verdict.conflictMinSimilarity;
  }

  /** Stage 4a: with a product, a unit of the product's own document that answers the same point leads. */
  private leadWithOwnDocument({ product }: LookupState, shown: Shown[]): void {
    if (!product || shown.length < 2 || this.isProductOwn(shown[0]!.unit, product)) return;
    const own = shown.findIndex((x) => this.isProductOwn(x.unit, product) && x.unit.hasAnswer && this.onSamePoint(x, shown[0]!, shown));
    if (own > 0) shown.unshift(...shown.splice(own, 1));
  }

  /** Stage 4b: a form field (代表者氏名, 提案サービス名): the front matter leads, whatever else matched. */
  private leadWithFrontMatter({ analyzed, product, ranked, english, req }: LookupState, shown: Shown[]): void {
    const scope = this.unitsInScope(product);
    const front = this.profileUnits.filter((u) => !scope || scope.has(u.id));
    const found = new Map(ranked.map((x) => [x.unit.id, x]));
    const top = { words: 0, bigrams: 0, score: 0, library: 0 };
    const lead = front.map((u): Shown => {
      const hit = found.get(u.id);
      if (hit) return { ...hit, confidence: 0 };
      const c = emptyCandidate(u.id, analyzed.concepts.length);
      return { c, unit: u, score: 0, quality: 0, x: this.rerankFeatures(c, u, product, top, english, 0, undefined), lib: undefined, confidence: 0 };
    });
    const rest = shown.filter((x) => !front.includes(x.unit));
    shown.splice(0, shown.length, ...[...lead, ...rest].slice(0, req.limit));
  }

  /**
   * Stage 5: the calibrated confidence of every shown candidate, from the verdict features of it
   * among all reranked candidates (not only the shown: `limit` must not change a verdict). Shown
   * order and confidences agree: a candidate never shows more than the one before it. Returns the
   * first one's features.
   */
  private calibrate(state: LookupState, shown: Shown[]): Record<VerdictFeature, number> | undefined {
    const best = shown[0];
    if (!best) return undefined;
    // A unit of the product's own document that took the lead answers the point the first unit
    // was ranked for: it takes that unit's score for the verdict.
    const features = this.verdictFeatures(state, shown, best, pointScore(shown));
    shown.forEach((x, i) => {
      const p = x.unit.hasAnswer ? this.confidence.answerProbability(i === 0 ? features : this.verdictFeatures(state, shown, x, x.score), x.quality) : 0;
      x.confidence = i === 0 ? p : Math.min(p, shown[i - 1]!.confidence);
    });
    return features;
  }

  /** The verdict model's inputs (VERDICT_FEATURES) for a shown candidate scored `score`. */
  private verdictFeatures({ ranked, partition, profile, english, libraryHits }: LookupState, shown: readonly Shown[], x: Shown, score: number): Record<VerdictFeature, number> {
    const best = shown[0]!;
    const top = ranked[0]?.score ?? 0;
    const rival = ranked.find((y) => y.c !== x.c && !this.conceptsAlike(x, y));
    // The first unit and up to two next answered units within ln 4 of its score answer together:
    // each of the question's concepts counts at its best hit among them.
    let groupCoverage = x.c.conceptCoverage;
    if (x === best) {
      const group = [best, ...shown.filter((y) => y !== best && y.unit.hasAnswer && y.score >= score - Math.log(4)).slice(0, 2)];
      groupCoverage = 0;
      for (let i = 0; i < best.c.conceptHits.length; i++) groupCoverage += Math.max(...group.map((g) => g.c.conceptHits[i] ?? 0));
    }
    return {
      score,
      softmax: Math.exp(score - top) / partition,
      margin: rival ? score - rival.score : 1,
      coverage: x.c.conceptCoverage,
      groupCoverage,
      bigrams: x.c.bigramCoverage,
      questionSimilarity: x.c.questionSimilarity,
      topic: x.c.coversTopic ? 1 : 0,
      quality: x.quality,
      knownShare: profile.knownShare,
      english: english ? 1 : 0,
      librarySimilarity: x.lib?.similarity ?? 0,
      // Any other unit, whatever its point: a unit whose library questions match the question better
      // says this one may answer a neighbouring question (2.13 log retention vs «provide us the logs»).
      libraryLead: (x.lib?.similarity ?? 0) - bestOtherSimilarity(libraryHits, x.unit.id),
      libraryCoverage: x.lib?.coverage ?? 0,
      libraryRank: x.lib ? 1 / (1 + x.lib.rank) : 0,
    };
  }

  /**
   * Stage 6: `answered` needs the first match's confidence ≥ `verdict.answeredMin`, a disclosed
   * answer, no conflict among the product's answers on the point, enough of the question in words
   * the corpus knows, and no form field (a person fills those in).
   */
  private decide({ analyzed, profile }: LookupState, shown: readonly Shown[], conflict: Conflict | undefined): { verdict: Verdict; eligible: boolean } {
    const best = shown[0];
    const v = this.options.verdict;
    const eligible = best !== undefined && !analyzed.field && best.unit.hasAnswer && !conflict && profile.knownShare >= v.minKnownShare;
    if (!best) return { verdict: 'no_match', eligible };
    return { verdict: eligible && best.confidence >= v.answeredMin ? 'answered' : 'needs_review', eligible };
  }

  /** Stage 7: the notes a reply carries (why not answered, conflicts, the product's own document, translation). */
  private explainNotes({ analyzed, product, english }: LookupState, shown: readonly Shown[], verdict: Verdict, conflict: Conflict | undefined): Note[] {
    const best = shown[0];
    const notes: Note[] = [];
    if (best && !best.unit.hasAnswer) {
      notes.push({ kind: 'no_disclosed_answer', message: `${best.unit.id} は公開資料に回答の記載がない項目です。回答の根拠にはできません。`, units: [best.unit.id] });
    }
    if (analyzed.field && best) {
      const what = analyzed.field === 'organization' ? '貴社（回答者）に関する情報' : '提供するサービスの名称';
      notes.push({
        kind: 'form_field',
        message: `${what}を記入する項目です。資料の前文（対象範囲・会社情報）を候補として示します。記入内容を確認してください（要確認）。`,
        units: shown.filter((x) => this.profileUnits.includes(x.unit)).map((x) => x.unit.id),
      });
    } else if (verdict === 'needs_review' && !conflict) {
      notes.push({ kind: 'weak_match', message: '確度の高い一致がありません。候補を確認のうえ回答してください（要確認）。', units: shown.map((x) => x.unit.id) });
    }
    if (product && shown.some((x) => this.isProductOwn(x.unit, product)) && shown.some((x) => !this.isProductOwn(x.unit, product))) {
      const own = shown.filter((x) => this.isProductOwn(x.unit, product)).map((x) => x.unit.id);
      notes.push({ kind: 'product_preference', message: `${product} 専用の資料（${own.join('、')}）を優先して表示しています。シリーズ共通のチェックシートの回答も併記します。`, units: own });
    }
    if (conflict) {
      const parts = conflict.units.map((u) => `${u.id}（${conflict.facts.get(u.id)!.join('・')}）`);
      const newer = conflict.newest ? ` 日付が最も新しい資料は ${conflict.newest.documentTitle}（${conflict.newest.updated ?? conflict.newest.issued}）の ${conflict.newest.id} です。` : '';
      notes.push({ kind: 'conflict', message: `資料間で記載が異なります: ${parts.join(' / ')}。どの記載を回答に用いるか確認してください（要確認）。${newer}`, units: conflict.units.map((u) => u.id) });
      if (conflict.newest) notes.push({ kind: 'newer_document', message: `${conflict.newest.id} が最新の資料です。`, units: [conflict.newest.id] });
    }
    if (english) {
      notes.push({
        kind: 'translated',
        message: analyzed.translatedTerms.length
          ? `英語の質問を用語集で日本語に対応付けて検索しました（${analyzed.translatedTerms.join('、')}）。回答は公開資料の日本語原文です。`
          : '英語の質問ですが、用語集に該当する語がありませんでした。',
        units: [],
      });
    }
    return notes;
  }

  private toMatch(x: Shown, product: string | undefined): Match {
    return unitMatch(x.unit, product, { score: Math.round(x.score * 1000) / 1000, confidence: x.confidence, citation: this.citationFor(x.unit), matchedTerms: x.c.matchedTerms });
  }
}

export function createEngine(corpus: CorpusArtifact, artifact: SearchArtifact, overrides?: DeepPartial<RankingOptions>): Engine {
  return new SearchEngine(corpus, artifact, overrides);
}
