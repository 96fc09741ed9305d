// Display vocabulary of the server-rendered pages and fragments: one source for labels and thresholds.
import type { MarkValue } from '../corpus/schema';
import { DEFAULT_OPTIONS } from '../search/options';

const HIGH_CONFIDENCE = DEFAULT_OPTIONS.verdict.high;
const ANSWERED_MIN_CONFIDENCE = DEFAULT_OPTIONS.verdict.answeredMin;
import type { Match, Note, Verdict } from '../search/contract';

export type ConfidenceLevel = 'high' | 'medium' | 'review';

/**
 * The label sales staff see instead of a raw number. A match can only look confident when the
 * lookup itself says `answered` and the unit really carries an answer: a weak hit is never 高/中.
 */
export function confidenceLevel(confidence: number, verdict: Verdict, hasAnswer: boolean): ConfidenceLevel {
  if (verdict !== 'answered' || !hasAnswer) return 'review';
  // Thresholds are the search engine's calibration (src/search/options.ts).
  return confidence >= HIGH_CONFIDENCE ? 'high' : confidence >= ANSWERED_MIN_CONFIDENCE ? 'medium' : 'review';
}

export const CONFIDENCE_LABEL: Record<ConfidenceLevel, string> = { high: '高', medium: '中', review: '要確認' };

export const MARK_LABEL: Record<MarkValue, string> = { yes: '対応', partial: '一部対応', no: '非対応', na: '対象外' };

export const NOTE_LABEL: Record<Note['kind'], string> = {
  conflict: '資料間で記載が異なります',
  product_preference: '製品による違い',
  no_disclosed_answer: '公開資料に回答の記載なし',
  weak_match: '一致が弱い候補です',
  form_field: '会社・サービス情報の記入欄です',
  translated: '質問を翻訳して検索しました',
  newer_document: '新しい資料があります',
  approved: '承認済みの回答',
  similar_approval: '似た質問の承認済み回答があります',
  approval_stale: '承認済みの回答は資料の更新により要再承認',
  approvals_unavailable: '承認済み回答を読み込めません',
};

export const NOT_FOUND_TITLE = '公開資料に該当する回答が見つかりません／要確認';

/** weak_match repeats the not-answered banner, so it is not listed among the notes. */
export const HIDDEN_NOTE_KINDS: readonly Note['kind'][] = ['weak_match'];
/** Notes whose units are linked (for the others, the unit list is the results list itself). */
export const LINKED_NOTE_KINDS: readonly Note['kind'][] = ['conflict', 'newer_document', 'no_disclosed_answer', 'similar_approval', 'approval_stale'];

/**
 * What the copy button puts on the clipboard: the official wording (mark as printed, the whole
 * answer text, then — for a product-scoped lookup of a unit that lists per-product details — the
 * product's own part) followed by its source, so a pasted answer always carries its citation.
 * `answerOnly` leaves the source out (web portals that take the answer in one field).
 */
export function copyText(m: Pick<Match, 'answer' | 'productAnswer' | 'mark' | 'citation'>, product: string | null = null, answerOnly = false): string {
  const lines: string[] = [];
  if (m.mark) lines.push(m.mark.printed);
  if (m.answer.trim() !== '') lines.push(m.answer);
  if (m.productAnswer !== undefined && m.productAnswer.trim() !== '' && m.productAnswer !== m.answer) lines.push(`【${product ?? '選択した製品'} の場合】${m.productAnswer}`);
  if (!answerOnly) lines.push(`出典: ${m.citation.text}`);
  return lines.join('\n');
}

/** Splits `text` into plain and matched pieces (longest term first, case-insensitive). */
export function splitHighlights(text: string, terms: readonly string[]): { text: string; hit: boolean }[] {
  const usable = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (usable.length === 0 || text === '') return [{ text, hit: false }];
  const pattern = new RegExp(usable.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (m[0].length === 0) continue;
    if (at > last) parts.push({ text: text.slice(last, at), hit: false });
    parts.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}

/** `/documents/<doc>#<item>` for a unit id `<doc>#<item>` (one definition, in the lookup contract). */
export { unitUrl as unitHref } from '../search/contract';

/** The badge of an approved answer: 承認済み with the date and who approved it. */
export function approvalBadgeText(ref: { approvedAt: string; approvedBy: string | null }): string {
  return `承認済み（${jaDate(ref.approvedAt.slice(0, 10))}・${ref.approvedBy ?? '承認者名なし'}）`;
}

/** 2025-04-01 → 2025年4月1日 */
export function jaDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/**
 * Said when no product was chosen and the answer shown comes from material for only some of the
 * products (e.g. the RayKit check sheet): the text is true of those products, not of every one.
 * Null when a product was chosen or the match covers every product.
 */
export function productScopeText(match: Pick<Match, 'products'>, product: string | null, allProducts: readonly string[]): string | null {
  if (product !== null && product !== '') return null;
  if (allProducts.every((p) => match.products.includes(p))) return null;
  return `この回答は ${match.products.join('、')} 向けの資料の記載です。製品を選ぶと製品ごとの回答になります。`;
}
