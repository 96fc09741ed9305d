// The search engine as an instance (issue 10): built from a corpus, an index artifact and the
// ranking options, so tests and benchmarks can build one over their own corpus. Lookup: one
// question (+ optional product) → ranked official answers with citations, confidence, verdict and
// notes; the same code path serves /api/lookup, the web page, questionnaires and npm run eval.
import type { DocumentInfo, Unit } from '../corpus/schema';
import { SEARCH_ARTIFACT_FORMAT, type SearchArtifact } from '../index/fields';
import { LexiconSegmenter } from '../analysis/lexicon';
import { QueryAnalyzer } from '../analysis/query';
import { Searcher, type Candidate } from './searcher';
import { ConfidenceModel } from './confidence';
import { findConflict } from './conflicts';
import { resolveOptions, type DeepPartial, type RankingOptions, type ResolvedOptions, type VerdictFeature } from './options';
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
}

export interface Explained {
  response: LookupResponse;
  answerConfidence: number;
  /** The verdict model's inputs, when the first answer could be `answered` at all. */
  features?: Record<VerdictFeature, number>;
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
  return { id, score: 0, conceptCoverage: 0, conceptHits: new Array<number>(concepts).fill(0), bigramCoverage: 0, matchedTerms: [], coversTopic: false, questionSimilarity: 0, sharesContent: false };
}

export function createEngine(corpus: CorpusArtifact, artifact: SearchArtifact, overrides?: DeepPartial<RankingOptions>): Engine {
  if (artifact.format !== SEARCH_ARTIFACT_FORMAT) throw new ArtifactMismatchError(`search index format ${String(artifact.format)}, this code reads ${SEARCH_ARTIFACT_FORMAT}: run npm run build`);
  if (corpus.buildHash !== undefined && corpus.buildHash !== artifact.buildHash) throw new ArtifactMismatchError('corpus and search index come from different builds: run npm run build');
  const options = resolveOptions(overrides);
  const searcher = new Searcher(artifact, options);
  const analyzer = new QueryAnalyzer(new LexiconSegmenter(artifact.lexicon), (w) => searcher.docFreq(w), artifact.synonymGroups, artifact.commonBigrams, options.query);
  const confidence = new ConfidenceModel(options);
  const unitsById = new Map(corpus.units.map((u) => [u.id, u]));
  const documentsById = new Map(corpus.documents.map((d) => [d.id, d]));

  // The unit ids each product may see, computed once: the scope check runs for every posting.
  const scopeByProduct = new Map<string, ReadonlySet<string>>();
  function unitsInScope(product: string | undefined): ReadonlySet<string> | undefined {
    if (product === undefined) return undefined;
    let scope = scopeByProduct.get(product);
    if (!scope) {
      scope = new Set(corpus.units.filter((u) => u.products.includes(product)).map((u) => u.id));
      scopeByProduct.set(product, scope);
    }
    return scope;
  }
  // The documents' front matter about the vendor and its services: preamble notes without a
  // heading that name the vendor (弊社/当社, how Japanese business documents name their author,
  // or its company name: 株式会社…); those naming the services (the scope statement) first. A form
  // field asking for a datum about the organization or the service (代表者氏名, 提案サービス名) is
  // answered, if at all, there.
  const profileUnits = corpus.units
    .filter((u) => u.kind === 'preamble' && u.heading.trim() === '' && /弊社|当社|株式会社|有限会社|合同会社/.test(u.answer))
    .map((u) => ({ u, namesServices: u.products.some((p) => u.answer.includes(p)) }))
    .sort((a, b) => Number(b.namesServices) - Number(a.namesServices) || a.u.order - b.u.order)
    .map(({ u }) => u);
  const isProductOwn = (unit: Unit, product: string | undefined) => product !== undefined && unit.products.length === 1 && unit.products[0] === product;

  function citationFor(unit: Unit): { text: string; url: string } {
    const doc = documentsById.get(unit.documentId);
    const version = unit.version ? ` Ver.${unit.version}` : '';
    const date = unit.updated ?? unit.issued;
    const dated = date ? `（${unit.updated ? '更新' : '発行'} ${date}）` : '';
    const where = unit.kind === 'preamble' ? unit.heading : doc?.kind === 'whitepaper' ? `${unit.item} ${unit.heading}` : `項番 ${unit.item}`;
    return { text: `${unit.documentTitle}${version}${dated} ${where}`, url: unitUrl(unit.id) };
  }

  function toMatch(unit: Unit, c: Candidate, score: number, conf: number, product: string | undefined): Match {
    return unitMatch(unit, product, { score: Math.round(score * 1000) / 1000, confidence: conf, citation: citationFor(unit), matchedTerms: c.matchedTerms });
  }

  function lookupExplained(req: ParsedLookupRequest): Explained {
    const { rank: r, verdict: v, confidence: cOpt } = options;
    const product = req.product;
    const analyzed = analyzer.analyze(req.question);
    const { candidates, profile } = searcher.search(analyzed, unitsInScope(product));
    const ranked = candidates
      .map((c) => {
        const unit = unitsById.get(c.id)!;
        const score =
          c.score *
          (c.coversTopic ? 1 : r.topicMissFactor) *
          (isProductOwn(unit, product) ? r.productOwnBoost : 1) *
          (unit.hasAnswer ? 1 : r.noAnswerFactor) *
          (1 + r.questionSimilarityWeight * c.questionSimilarity) *
          (1 + r.coverageWeight * c.conceptCoverage);
        return { c, unit, score };
      })
      .sort((a, b) => b.score - a.score);

    // Candidates always: every unit that shares meaningful content with the question, best first,
    // up to `limit`, whatever the verdict (a reviewer must see the best candidates).
    const topScore = ranked[0]?.score ?? 0;
    const shown: ((typeof ranked)[number] & { confidence: number })[] = [];
    for (const x of ranked) {
      if (shown.length >= req.limit) break;
      const relevant = (x.c.sharesContent && x.c.conceptCoverage >= cOpt.minRelevantCoverage) || x.c.bigramCoverage >= 2 * cOpt.minRelevantCoverage;
      if (relevant) shown.push({ ...x, confidence: confidence.candidate(x.c, x.score, topScore) });
    }

    // "The same point" = a unit covers the question's concepts much like the best unit does.
    const samePoint = (a: (typeof shown)[number], b: (typeof shown)[number]) => cosine(a.c.conceptHits, b.c.conceptHits) >= v.conflictMinSimilarity;
    // With a product, a unit of the product's own document that addresses the same point leads.
    if (product && shown.length > 1 && !isProductOwn(shown[0]!.unit, product)) {
      const own = shown.findIndex((x) => isProductOwn(x.unit, product) && x.unit.hasAnswer && x.confidence >= v.conflictMinConfidence && samePoint(x, shown[0]!));
      if (own > 0) shown.unshift(...shown.splice(own, 1));
    }
    // A form field (代表者氏名, 提案サービス名): the front matter leads, whatever else matched.
    if (analyzed.field) {
      const scope = unitsInScope(product);
      const front = profileUnits.filter((u) => !scope || scope.has(u.id));
      const found = new Map(ranked.map((x) => [x.unit.id, x]));
      const lead = front.map((u) => {
        const x = found.get(u.id) ?? { c: emptyCandidate(u.id, analyzed.concepts.length), unit: u, score: 0 };
        return { ...x, confidence: confidence.candidate(x.c, x.score, topScore) };
      });
      const rest = shown.filter((x) => !front.includes(x.unit));
      shown.splice(0, shown.length, ...[...lead, ...rest].slice(0, req.limit));
    }
    const best = shown[0];

    // Conflicts are looked for among the units that plausibly address the same point.
    const onPoint = best ? shown.filter((x) => x.confidence >= v.conflictMinConfidence && x.unit.hasAnswer && samePoint(x, best)).map((x) => x.unit) : [];
    const conflict = findConflict(onPoint);

    // The answer may take the top few answered units together (see ConfidenceModel.group); it
    // starts with the first unit: the one shown first and written into files.
    const group = best?.unit.hasAnswer ? shown.filter((x) => x.unit.hasAnswer && x.score >= v.groupMinRelativeScore * topScore).slice(0, 3) : [];
    if (best && group[0] !== best) group.unshift(best);
    const heuristic = best?.unit.hasAnswer ? confidence.group(group) : 0;
    // The lead over the first candidate that addresses another point.
    const other = best ? shown.find((x) => x !== best && !samePoint(best, x)) : undefined;
    const leadMargin = best && other && best.score > 0 ? Math.max(0, (best.score - other.score) / best.score) : 1;
    const features: Record<VerdictFeature, number> | undefined = best && {
      confidence: heuristic,
      coverage: best.c.conceptCoverage,
      groupCoverage: confidence.groupCoverage(group),
      bigrams: best.c.bigramCoverage,
      questionSimilarity: best.c.questionSimilarity,
      margin: leadMargin,
      secondRatio: shown[1] && best.score > 0 ? Math.min(1, shown[1].score / best.score) : 0,
      topic: best.c.coversTopic ? 1 : 0,
      knownShare: profile.knownShare,
      english: analyzed.language === 'en' ? 1 : 0,
      productOwn: isProductOwn(best.unit, product) ? 1 : 0,
      structured: analyzed.structured ? 1 : 0,
      conceptCount: Math.min(1, profile.conceptCount / 10),
    };
    const answerConfidence = best?.unit.hasAnswer && features ? confidence.answerProbability(features) : 0;
    // Every match's confidence is on the verdict's scale (the model's probability that it is a
    // right answer; the others as if first, without a lead): answered ⇔ the first match's
    // confidence ≥ answeredMin, as the labels show it.
    for (const x of shown) {
      if (x === best) x.confidence = answerConfidence;
      else if (features)
        x.confidence = confidence.answerProbability({
          ...features,
          confidence: x.confidence,
          coverage: x.c.conceptCoverage,
          groupCoverage: x.c.conceptCoverage,
          bigrams: x.c.bigramCoverage,
          questionSimilarity: x.c.questionSimilarity,
          margin: 0,
          secondRatio: 1,
          topic: x.c.coversTopic ? 1 : 0,
          productOwn: isProductOwn(x.unit, product) ? 1 : 0,
        });
    }
    const matches = shown.map((x) => toMatch(x.unit, x.c, x.score, x.confidence, product));
    // A form field's datum is never among the disclosed answers as such: a person fills it in.
    const eligible = best !== undefined && !analyzed.field && best.unit.hasAnswer && !conflict && leadMargin >= v.minLeadMargin && profile.knownShare >= v.minKnownShare;
    let verdict: Verdict;
    if (!best) verdict = 'no_match';
    else if (eligible && answerConfidence >= v.answeredMin) verdict = 'answered';
    else verdict = 'needs_review';

    const notes: Note[] = [];
    if (best && !best.unit.hasAnswer) {
      notes.push({ kind: 'no_disclosed_answer', message: `${best.unit.id} は公開資料に回答の記載がない項目です。回答の根拠にはできません。`, units: [best.unit.id] });
    }
    if (analyzed.field && best) {
      const what = analyzed.field === 'organization' ? '貴社（回答者）に関する情報' : '提供するサービスの名称';
      notes.push({ kind: 'form_field', message: `${what}を記入する項目です。資料の前文（対象範囲・会社情報）を候補として示します。記入内容を確認してください（要確認）。`, units: shown.filter((x) => profileUnits.includes(x.unit)).map((x) => x.unit.id) });
    } else if (verdict === 'needs_review' && !conflict) {
      notes.push({ kind: 'weak_match', message: '確度の高い一致がありません。候補を確認のうえ回答してください（要確認）。', units: shown.map((x) => x.unit.id) });
    }
    if (product && shown.some((x) => isProductOwn(x.unit, product)) && shown.some((x) => !isProductOwn(x.unit, product))) {
      const own = shown.filter((x) => isProductOwn(x.unit, product)).map((x) => x.unit.id);
      notes.push({ kind: 'product_preference', message: `${product} 専用の資料（${own.join('、')}）を優先して表示しています。シリーズ共通のチェックシートの回答も併記します。`, units: own });
    }
    if (conflict) {
      const parts = conflict.units.map((u) => `${u.id}（${conflict.facts.get(u.id)!.join('・')}）`);
      const newer = conflict.newest ? ` 日付が最も新しい資料は ${conflict.newest.documentTitle}（${conflict.newest.updated ?? conflict.newest.issued}）の ${conflict.newest.id} です。` : '';
      notes.push({ kind: 'conflict', message: `資料間で記載が異なります: ${parts.join(' / ')}。どの記載を回答に用いるか確認してください（要確認）。${newer}`, units: conflict.units.map((u) => u.id) });
      if (conflict.newest) notes.push({ kind: 'newer_document', message: `${conflict.newest.id} が最新の資料です。`, units: [conflict.newest.id] });
    }
    if (analyzed.language === 'en') {
      notes.push({
        kind: 'translated',
        message: analyzed.translatedTerms.length
          ? `英語の質問を用語集で日本語に対応付けて検索しました（${analyzed.translatedTerms.join('、')}）。回答は公開資料の日本語原文です。`
          : '英語の質問ですが、用語集に該当する語がありませんでした。',
        units: [],
      });
    }
    return { response: { question: req.question, product: product ?? null, verdict, matches, notes }, answerConfidence: eligible ? answerConfidence : 0, ...(features && eligible ? { features } : {}) };
  }

  return { options, lookup: (req) => lookupExplained(req).response, lookupExplained, citationFor };
}
