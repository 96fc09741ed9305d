// @ts-check
// Shared client helpers. Labels and thresholds come from /ui/vocabulary.js, which the Worker
// generates from src/web/labels.ts, so results rendered in the browser look exactly like the
// server-rendered ones; the copy format mirrors copyText in labels.ts. Every piece of text goes in
// through textContent / createTextNode: never innerHTML with question, file or corpus content.

/** @typedef {{printed: string, value: 'yes'|'partial'|'no'|'na'}} Mark */
/** @typedef {{text: string, url: string}} Citation */
/** @typedef {{id: string, approvedAt: string, approvedBy: string|null}} ApprovalRef */
/** @typedef {{id: string, documentId: string, documentTitle: string, item: string, heading: string, answer: string, answerAsPrinted?: string, productAnswer?: string, mark: Mark|null, hasAnswer: boolean, products: string[], score: number, confidence: number, citation: Citation, matchedTerms: string[], approval?: ApprovalRef}} Match */
/** @typedef {{kind: string, message: string, units: string[], approval?: ApprovalRef & {question?: string, similarity?: number}}} Note */
/** @typedef {{question: string, product: string|null, verdict: 'answered'|'needs_review'|'no_match', matches: Match[], notes: Note[]}} LookupResponse */

import { CONFIDENCE_LABEL, CONFIDENCE_THRESHOLDS, HIDDEN_NOTE_KINDS, LINKED_NOTE_KINDS, MARK_LABEL, NOTE_LABEL, NOT_FOUND_TITLE } from '/ui/vocabulary.js';

export { CONFIDENCE_LABEL, MARK_LABEL, NOTE_LABEL, NOT_FOUND_TITLE };

/**
 * @param {number} confidence
 * @param {string} verdict
 * @param {boolean} hasAnswer
 * @returns {'high'|'medium'|'review'}
 */
export function confidenceLevel(confidence, verdict, hasAnswer) {
  if (verdict !== 'answered' || !hasAnswer) return 'review';
  if (confidence >= CONFIDENCE_THRESHOLDS.high) return 'high';
  if (confidence >= CONFIDENCE_THRESHOLDS.medium) return 'medium';
  return 'review';
}

/** @param {{answer: string, productAnswer?: string, mark: Mark|null, citation: Citation}} m */
export function copyText(m) {
  const lines = [];
  const text = m.productAnswer ?? m.answer;
  if (m.mark) lines.push(m.mark.printed);
  if (text.trim() !== '') lines.push(text);
  lines.push(`出典: ${m.citation.text}`);
  return lines.join('\n');
}

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Appends `text` to `parent`, wrapping the matched terms in <mark> (longest term first).
 * @param {Node} parent
 * @param {string} text
 * @param {readonly string[]} terms
 */
export function appendHighlighted(parent, text, terms) {
  const usable = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (usable.length === 0 || text === '') {
    parent.appendChild(document.createTextNode(text));
    return;
  }
  const pattern = new RegExp(usable.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (m[0].length === 0) continue;
    if (at > last) parent.appendChild(document.createTextNode(text.slice(last, at)));
    parent.appendChild(el('mark', '', m[0]));
    last = at + m[0].length;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

/**
 * Same text as approvalBadgeText in src/web/labels.ts.
 * @param {{approvedAt: string, approvedBy: string|null}} ref
 */
export function approvalBadgeText(ref) {
  const [y, mo, d] = ref.approvedAt.slice(0, 10).split('-');
  return `承認済み（${y}年${Number(mo)}月${Number(d)}日・${ref.approvedBy ?? '承認者名なし'}）`;
}

/** @param {string} unitId */
export function unitHref(unitId) {
  const at = unitId.indexOf('#');
  if (at < 0) return `/documents/${encodeURIComponent(unitId)}`;
  return `/documents/${encodeURIComponent(unitId.slice(0, at))}#${encodeURIComponent(unitId.slice(at + 1))}`;
}

/** @param {Mark|null} mark */
export function markBadge(mark) {
  if (!mark) return null;
  const badge = el('span', `badge mark mark--${mark.value}`);
  const sign = el('span', '', mark.printed);
  sign.setAttribute('aria-hidden', 'true');
  badge.append(sign, ` ${MARK_LABEL[mark.value]}`);
  return badge;
}

/**
 * Same structure as MatchCard in src/web/components.tsx.
 * @param {Match} m
 * @param {string} verdict
 * @param {boolean} primary
 * @param {string|null} product
 */
export function matchCard(m, verdict, primary, product) {
  const level = confidenceLevel(m.confidence, verdict, m.hasAnswer);
  const card = el('article', `match match--${level}${primary ? ' match--primary' : ''}`);
  card.dataset.unit = m.id;
  const badges = el('div', 'match-badges');
  badges.appendChild(el('span', `badge conf conf--${level}`, `確度: ${CONFIDENCE_LABEL[level]}`));
  const mb = markBadge(m.mark);
  if (mb) badges.appendChild(mb);
  if (m.approval) badges.appendChild(el('span', 'badge approved', approvalBadgeText(m.approval)));
  card.appendChild(badges);
  const h = el('h3', 'match-heading');
  h.append(el('span', 'item', `項番 ${m.item}`), ' ');
  appendHighlighted(h, m.heading, m.matchedTerms);
  card.appendChild(h);
  if (m.hasAnswer) {
    if (m.productAnswer !== undefined && product) {
      card.appendChild(el('p', 'part-label', `${product} についての記載`));
      const part = el('blockquote', 'answer answer--part');
      appendHighlighted(part, m.productAnswer, m.matchedTerms);
      card.appendChild(part);
      card.appendChild(el('p', 'part-label', '項目全体の回答'));
    }
    const q = el('blockquote', 'answer');
    appendHighlighted(q, m.answer, m.matchedTerms);
    card.appendChild(q);
  } else {
    card.appendChild(el('p', 'noanswer', '公開資料のこの項目には回答が記載されていません。'));
  }
  if (m.answerAsPrinted !== undefined && m.answerAsPrinted !== m.answer) {
    card.appendChild(el('p', 'asprinted', `資料上の記載は「${m.answerAsPrinted}」です。参照先の回答を表示しています。`));
  }
  const dl = el('dl', 'cite');
  const a = /** @type {HTMLAnchorElement} */ (el('a', '', m.citation.text));
  a.href = m.citation.url;
  const dd1 = el('dd');
  dd1.appendChild(a);
  dl.append(el('dt', '', '出典'), dd1, el('dt', '', '対象製品'), el('dd', '', m.products.join('、')));
  card.appendChild(dl);
  if (m.hasAnswer) {
    const btn = /** @type {HTMLButtonElement} */ (el('button', 'copy btn btn--small', '回答と出典をコピー'));
    btn.type = 'button';
    btn.dataset.copy = copyText(m);
    card.appendChild(btn);
  }
  return card;
}

/**
 * Same structure as Results in src/web/components.tsx.
 * @param {LookupResponse} res
 */
export function resultsBody(res) {
  const body = el('div', 'results-body');
  const answered = res.verdict === 'answered';
  if (answered) {
    body.appendChild(el('p', 'verdict verdict--answered', '公開資料に回答が見つかりました。出典の原文をご確認のうえご利用ください。'));
  } else {
    const v = el('div', 'verdict verdict--review');
    v.appendChild(el('p', 'verdict-title', NOT_FOUND_TITLE));
    v.appendChild(
      el(
        'p',
        '',
        res.verdict === 'needs_review'
          ? '近い項目はありますが、この質問への回答とは断定できません。下の参考候補の原文を確認し、判断できない場合は担当部署に確認してください。'
          : 'この質問に該当する記載は公開資料に見つかりませんでした。言い換えて検索するか、担当部署に確認してください。',
      ),
    );
    body.appendChild(v);
  }
  // Same filtering as Notes in components.tsx (kinds from /ui/vocabulary.js).
  const notes = res.notes.filter((n) => !HIDDEN_NOTE_KINDS.includes(n.kind));
  if (notes.length > 0) {
    const ul = el('ul', 'notes');
    for (const n of notes) {
      const li = el('li', `note note--${n.kind}`);
      li.appendChild(el('strong', '', NOTE_LABEL[n.kind] ?? n.kind));
      if (n.message) li.appendChild(el('span', '', `：${n.message}`));
      if (n.units.length > 0 && LINKED_NOTE_KINDS.includes(n.kind)) {
        const span = el('span', 'note-units', '（');
        n.units.forEach((u, i) => {
          if (i > 0) span.append('、');
          const a = /** @type {HTMLAnchorElement} */ (el('a', '', u));
          a.href = unitHref(u);
          span.appendChild(a);
        });
        span.append('）');
        li.appendChild(span);
      }
      ul.appendChild(li);
    }
    body.appendChild(ul);
  }
  if (res.matches.length > 0) {
    body.appendChild(el('p', 'list-title', answered ? '回答' : '参考候補（要確認）'));
    const ol = el('ol', 'matches');
    res.matches.forEach((m, i) => {
      const li = el('li');
      li.appendChild(matchCard(m, res.verdict, answered && i === 0, res.product));
      ol.appendChild(li);
    });
    body.appendChild(ol);
  }
  return body;
}

/**
 * Clipboard write with a fallback for browsers/contexts without the async Clipboard API.
 * @param {string} text
 */
export async function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const ta = /** @type {HTMLTextAreaElement} */ (el('textarea'));
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.className = 'vh';
  document.body.appendChild(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  if (!ok) throw new Error('copy failed');
}

/** Copy buttons (server- or client-rendered): one delegated listener. */
export function enableCopyButtons() {
  for (const b of document.querySelectorAll('button.copy[hidden]')) b.removeAttribute('hidden');
  document.addEventListener('click', async (ev) => {
    const target = ev.target instanceof Element ? ev.target.closest('button.copy') : null;
    if (!(target instanceof HTMLButtonElement)) return;
    const text = target.dataset.copy ?? '';
    let status = target.nextElementSibling;
    if (!(status instanceof HTMLElement) || !status.classList.contains('copy-status')) {
      status = el('span', 'copy-status');
      status.setAttribute('role', 'status');
      target.after(status);
    }
    try {
      await writeClipboard(text);
      status.textContent = 'コピーしました';
    } catch {
      status.textContent = 'コピーできませんでした。回答を選択してコピーしてください。';
    }
  });
}

/**
 * Reads an API error body ({error:{message_ja}}) into a Japanese message.
 * @param {Response} resp
 * @param {string} fallback
 */
export async function apiErrorMessage(resp, fallback) {
  try {
    const body = await resp.json();
    const msg = body && body.error && typeof body.error.message_ja === 'string' ? body.error.message_ja : '';
    return msg || fallback;
  } catch {
    return fallback;
  }
}
