// Lookup: one question (+ optional product) → ranked official answers with citations, confidence,
// verdict and notes. Same code path for /api/lookup, the web page, questionnaires and npm run eval.
import searchArtifactJson from '../generated/search-index.json';
import type { Unit } from '../corpus/schema';
import { allUnits, getDocument, getUnit } from '../corpus/store';
import type { SearchArtifact } from '../index/fields';
import { LexiconSegmenter } from '../analysis/lexicon';
import { QueryAnalyzer } from '../analysis/query';
import { Searcher, type Candidate } from './searcher';
import { ANSWERED_MIN_CONFIDENCE, RELEVANT_MIN_CONFIDENCE, candidateConfidence, groupConfidence } from './confidence';
import { findConflict } from './conflicts';
import { unitUrl, type LookupResponse, type Match, type Note, type ParsedLookupRequest, type Verdict } from './contract';

const artifact = searchArtifactJson as unknown as SearchArtifact;
const searcher = new Searcher(artifact);
// The serialized index is garbage once MiniSearch has loaded it: drop the reference the JSON
// module holds, so the heap carries the index once (measured: 10× corpus 145 MB → see bench).
delete (artifact as Partial<SearchArtifact>).minisearch;
const analyzer = new QueryAnalyzer(
  new LexiconSegmenter(artifact.lexicon),
  (w) => searcher.docFreq(w),
  artifact.synonymGroups,
  artifact.commonBigrams,
);

/** A product's own whitepaper answers for that product only: prefer it over the series sheets. */
const PRODUCT_SPECIFIC_BOOST = 1.5;
/** Units with no disclosed answer stay findable but rank below answered units of similar score. */
const NO_ANSWER_PENALTY = 0.6;
/** A unit without the question's most specific known word (its topic) ranks lower: 特権ID → not just any ID item. */
const TOPIC_MISS_FACTOR = 0.6;
const GROUP_MIN_RELATIVE_SCORE = 0.4;
const CONFLICT_MIN_CONFIDENCE = 0.35;
const CONFLICT_MIN_SIMILARITY = 0.7;

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

// The unit ids each product may see, computed once: the scope check runs for every posting.
const scopeByProduct = new Map<string, ReadonlySet<string>>();
function unitsInScope(product: string | undefined): ReadonlySet<string> | undefined {
  if (product === undefined) return undefined;
  let scope = scopeByProduct.get(product);
  if (!scope) {
    scope = new Set(allUnits().filter((u) => u.products.includes(product)).map((u) => u.id));
    scopeByProduct.set(product, scope);
  }
  return scope;
}

function isProductSpecific(unit: Unit, product: string | undefined): boolean {
  return product !== undefined && unit.products.length === 1 && unit.products[0] === product;
}

export function citationFor(unit: Unit): { text: string; url: string } {
  const doc = getDocument(unit.documentId);
  const version = unit.version ? ` Ver.${unit.version}` : '';
  const date = unit.updated ?? unit.issued;
  const dated = date ? `（${unit.updated ? '更新' : '発行'} ${date}）` : '';
  const where = unit.kind === 'preamble' ? unit.heading : doc?.kind === 'whitepaper' ? `${unit.item} ${unit.heading}` : `項番 ${unit.item}`;
  return { text: `${unit.documentTitle}${version}${dated} ${where}`, url: unitUrl(unit.id) };
}

/** The part of a unit's answer for one product, when the source lists per-product details. */
export function productAnswer(unit: Unit, product: string | undefined): string | undefined {
  if (!product) return undefined;
  return unit.productDetails.find((d) => d.products.includes(product))?.text;
}

function toMatch(unit: Unit, c: Candidate, score: number, confidence: number, product: string | undefined): Match {
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
    score: Math.round(score * 1000) / 1000,
    confidence,
    citation: citationFor(unit),
    matchedTerms: c.matchedTerms,
  };
}

export function lookup(req: ParsedLookupRequest): LookupResponse {
  const product = req.product;
  const analyzed = analyzer.analyze(req.question);
  const ranked = searcher
    .search(analyzed, unitsInScope(product))
    .map((c) => {
      const unit = getUnit(c.id)!;
      const score = c.score * (c.coversTopic ? 1 : TOPIC_MISS_FACTOR) * (isProductSpecific(unit, product) ? PRODUCT_SPECIFIC_BOOST : 1) * (unit.hasAnswer ? 1 : NO_ANSWER_PENALTY);
      return { c, unit, score };
    })
    .sort((a, b) => b.score - a.score);

  const topScore = ranked[0]?.score ?? 0;
  // In rank order until `limit` relevant units are found: the tail is never looked at.
  const shown: (typeof ranked[number] & { confidence: number })[] = [];
  for (const r of ranked) {
    if (shown.length >= req.limit) break;
    const confidence = candidateConfidence({ ...r.c, score: r.score }, topScore);
    if (confidence >= RELEVANT_MIN_CONFIDENCE) shown.push({ ...r, confidence });
  }
  const matches = shown.map((r) => toMatch(r.unit, r.c, r.score, r.confidence, product));

  const notes: Note[] = [];
  const best = shown[0];
  const bestAnswered = shown.find((r) => r.unit.hasAnswer);
  let verdict: Verdict;
  // The answer may take the top few answered units together (see groupConfidence).
  // The group starts with the first answered unit: the one shown first and written into files.
  const group = shown.filter((r) => r.unit.hasAnswer && r.score >= GROUP_MIN_RELATIVE_SCORE * topScore).slice(0, 3);
  const answerConfidence = groupConfidence(group);
  if (!best) verdict = 'no_match';
  else if (bestAnswered && answerConfidence >= ANSWERED_MIN_CONFIDENCE) verdict = 'answered';
  else verdict = 'needs_review';

  if (best && !best.unit.hasAnswer) {
    notes.push({
      kind: 'no_disclosed_answer',
      message: `${best.unit.id} は公開資料に回答の記載がない項目です。回答の根拠にはできません。`,
      units: [best.unit.id],
    });
  }
  if (verdict === 'needs_review' && best) {
    notes.push({ kind: 'weak_match', message: '確度の高い一致がありません。候補を確認のうえ回答してください（要確認）。', units: shown.map((r) => r.unit.id) });
  }
  if (product && shown.some((r) => isProductSpecific(r.unit, product)) && shown.some((r) => !isProductSpecific(r.unit, product))) {
    const own = shown.filter((r) => isProductSpecific(r.unit, product)).map((r) => r.unit.id);
    notes.push({ kind: 'product_preference', message: `${product} 専用の資料（${own.join('、')}）を優先して表示しています。シリーズ共通のチェックシートの回答も併記します。`, units: own });
  }
  // Conflicts are looked for among the units that plausibly address the same point.
  // "The same point" = the unit covers the question's concepts much like the best unit does.
  const onPoint = shown
    .filter((r) => r.confidence >= CONFLICT_MIN_CONFIDENCE && r.unit.hasAnswer && best !== undefined && cosine(r.c.conceptHits, best.c.conceptHits) >= CONFLICT_MIN_SIMILARITY)
    .map((r) => r.unit);
  const conflict = findConflict(onPoint);
  if (conflict) {
    const parts = conflict.units.map((u) => `${u.id}（${conflict.facts.get(u.id)!.join('・')}）`);
    const newer = conflict.newest ? ` 日付が最も新しい資料は ${conflict.newest.documentTitle}（${conflict.newest.updated ?? conflict.newest.issued}）の ${conflict.newest.id} です。` : '';
    notes.push({ kind: 'conflict', message: `資料間で記載が異なります: ${parts.join(' / ')}。どの記載を回答に用いるか確認してください。${newer}`, units: conflict.units.map((u) => u.id) });
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
  return { question: req.question, product: product ?? null, verdict, matches, notes };
}
