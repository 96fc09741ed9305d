// @ts-check
// Questionnaire page: upload (picker or drag and drop) → JSON results from POST /api/questionnaire,
// layout shown for correction, filters, alternates chosen per row, then the filled file / review
// CSV downloaded with those choices. All content goes into the DOM as text (see common.js).
import { CONFIDENCE_LABEL, NOTE_LABEL, apiErrorMessage, approvalBadgeText, confidenceLevel, el, markBadge } from './common.js';

/** @typedef {import('./common.js').Match} Match */
/** @typedef {{sheet: string, headerRow: number|null, questionColumn: string, answerColumn: string|null, remarksColumn: string|null, headers: {question: string|null, answer: string|null, remarks: string|null}, answerChoices: string[]|null, language: string, detectedBy: string, questionRows: number, sectionRows: number[]}} SheetLayout */
/** @typedef {{format: string, fileName: string, encoding?: string, sheets: (SheetLayout & {block?: number, idColumn?: string|null, notes?: {code: string, message: string, lowConfidence: boolean}[], lowConfidence?: boolean})[], skippedSheets: {sheet: string, reason: string, detail?: string}[]}} Layout */
/** @typedef {{key: string, sheet: string, row: number, question: string, verdict: string, best: Match|null, alternates: Match[], confidence: number, citations: {text: string, url: string}[], notes: {kind: string, message: string, units: string[]}[], selection: 'auto'|'user'|'cleared', filled: {answer: string|null, remarks: string|null}, messages: {code: string, message: string, message_ja: string}[]}} RowResult */
/** @typedef {{product: string, layout: Layout, rows: RowResult[], totals: Record<string, number>, notices?: {code: string, message: string, message_ja: string}[]}} QuestionnaireResponse */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const form = /** @type {HTMLFormElement} */ ($('qn-form'));
const fileInput = /** @type {HTMLInputElement} */ ($('qn-file'));
const productSelect = /** @type {HTMLSelectElement} */ ($('qn-product'));
const drop = $('qn-drop');
const fileName = $('qn-file-name');
const errorBox = $('qn-error');
const progress = $('qn-progress');
const progressBar = /** @type {HTMLProgressElement} */ ($('qn-progress-bar'));
const progressLabel = $('qn-progress-label');
const submit = /** @type {HTMLButtonElement} */ ($('qn-submit'));
const results = $('qn-results');
const tbody = $('qn-rows');
const downloadStatus = $('qn-download-status');

const SKIP_REASON = /** @type {Record<string, string>} */ ({
  hidden: '非表示のシート',
  no_question_column: '質問の列が見つからない',
  no_question_rows: '質問の行がない',
  not_selected: '指定したシート以外',
  not_questionnaire: 'シート名から回答用ではないと判断（「シート」で指定すれば回答します）',
  computed: '回答欄が数式で、他のシートから計算されている',
  no_answer_column: '回答欄・備考欄がない',
});

const FORMAT_NAME = /** @type {Record<string, string>} */ ({ xlsx: 'Excel（.xlsx）', xls: 'Excel 97-2003（.xls、書き込み不可）', csv: 'CSV', text16: 'Unicode テキスト（UTF-16、タブ区切り）' });
const ENCODING_NAME = /** @type {Record<string, string>} */ ({ shift_jis: 'Shift_JIS', 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8（BOM 付き）', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' });

/** State of the current review. */
const state = {
  /** @type {File|null} */ file: null,
  /** @type {QuestionnaireResponse|null} */ res: null,
  /** Row key → unit id or "clear" (absent: the automatic choice). @type {Map<string, string>} */
  choices: new Map(),
  /** Form fields as sent for the shown results, so downloads use the same layout. @type {[string, string][]} */
  fields: [],
  /** Approvals made on this page: row key → the approved unit and when/by whom. @type {Map<string, {unitId: string, approvedAt: string, approvedBy: string|null}>} */
  approved: new Map(),
  /** Rows ticked for "approve checked rows". @type {Set<string>} */
  checked: new Set(),
};

for (const n of document.querySelectorAll('.js-only')) n.removeAttribute('hidden');
document.documentElement.classList.add('js');

/**
 * The server's Japanese message plus what to do next.
 * @param {string} msg
 * @param {string} [hint]
 */
function showError(msg, hint) {
  errorBox.replaceChildren(el('strong', '', 'エラー'), document.createTextNode(msg));
  if (hint) errorBox.appendChild(el('p', '', hint));
  errorBox.hidden = false;
}

/** @param {number} status */
function hintFor(status) {
  if (status === 401) return 'ログインの有効期限が切れた可能性があります。/login から管理者に共有されたトークンでログインし直してください。';
  if (status === 413) return 'ファイルを分割するか、不要なシートを削除してからアップロードしてください。';
  if (status === 429 || status >= 500) return 'しばらく待ってから再度お試しください。解決しない場合は管理者にお問い合わせください。';
  return 'ファイルの形式と内容を確認し、Excel（.xlsx）または CSV のチェックシートを選び直してください。読み取り位置を指定した場合は、その値も確認してください。';
}
function clearError() {
  errorBox.hidden = true;
  errorBox.replaceChildren();
}

/** @param {File|null} f */
function setFile(f) {
  state.file = f;
  fileName.textContent = f ? `選択中: ${f.name}（${Math.max(1, Math.round(f.size / 1024))} KB）` : '';
  // A new file or product invalidates the shown review.
  results.hidden = true;
  state.res = null;
  state.choices.clear();
}

fileInput.addEventListener('change', () => setFile(fileInput.files?.[0] ?? null));
productSelect.addEventListener('change', () => {
  if (state.res) setFile(state.file);
});

// Drag and drop onto the drop zone fills the same file input (keyboard users use the picker).
drop.addEventListener('dragover', (ev) => {
  ev.preventDefault();
  drop.classList.add('is-over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('is-over'));
drop.addEventListener('drop', (ev) => {
  ev.preventDefault();
  drop.classList.remove('is-over');
  const files = ev.dataTransfer?.files;
  if (files && files.length > 0) {
    fileInput.files = files;
    setFile(files[0] ?? null);
  }
});

/**
 * Sends the form with XMLHttpRequest: unlike fetch it reports upload progress for large files.
 * @param {string} format
 * @param {boolean} withChoices
 * @returns {Promise<XMLHttpRequest>}
 */
function send(format, withChoices) {
  const body = new FormData();
  if (state.file) body.append('file', state.file, state.file.name);
  for (const [k, v] of state.fields) body.append(k, v);
  if (withChoices && state.choices.size > 0) body.append('choices', JSON.stringify(Object.fromEntries(state.choices)));
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/api/questionnaire?format=${format}`);
  xhr.responseType = format === 'json' ? 'text' : 'blob';
  return new Promise((resolve, reject) => {
    xhr.upload.addEventListener('progress', (ev) => {
      if (ev.lengthComputable) {
        progressBar.value = Math.round((ev.loaded / ev.total) * 100);
        progressLabel.textContent = `アップロード中… ${progressBar.value}%`;
      }
    });
    xhr.upload.addEventListener('load', () => {
      // Upload done: the server now answers every row; its duration is unknown (indeterminate bar).
      progressBar.removeAttribute('value');
      progressLabel.textContent = format === 'json' ? '回答を作成しています…' : 'ファイルを作成しています…';
    });
    xhr.addEventListener('load', () => resolve(xhr));
    xhr.addEventListener('error', () => reject(new Error('network')));
    xhr.send(body);
  });
}

/** @param {XMLHttpRequest} xhr */
async function errorOf(xhr) {
  const fallback = `処理できませんでした（${xhr.status}）。ファイルと製品を確認して再度お試しください。`;
  const text = xhr.response instanceof Blob ? await xhr.response.text() : String(xhr.response ?? '');
  return apiErrorMessage(new Response(text), fallback);
}

/** @param {boolean} busy @param {string} label */
function setBusy(busy, label) {
  progress.hidden = !busy;
  submit.disabled = busy;
  for (const id of ['qn-download-file', 'qn-download-review']) /** @type {HTMLButtonElement} */ ($(id)).disabled = busy;
  if (busy) {
    progressBar.value = 0;
    progressLabel.textContent = label;
  }
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError();
  const file = fileInput.files?.[0] ?? state.file;
  if (!file) return showError('ファイルを選択してください。');
  if (productSelect.value === '') return showError('回答する製品を選択してください。');
  state.file = file;
  const data = new FormData(form);
  state.fields = [];
  for (const [k, v] of data.entries()) {
    if (k === 'file' || k === 'choices' || typeof v !== 'string' || v.trim() === '') continue;
    state.fields.push([k, v.trim()]);
  }
  state.choices.clear();
  state.approved.clear();
  state.checked.clear();
  setBusy(true, 'アップロード中…');
  try {
    const xhr = await send('json', false);
    if (xhr.status !== 200) return showError(await errorOf(xhr), hintFor(xhr.status));
    state.res = /** @type {QuestionnaireResponse} */ (JSON.parse(xhr.response));
    render();
    results.hidden = false;
    $('qn-results-title').focus();
  } catch {
    showError('通信に失敗しました。ネットワーク接続を確認して再度お試しください。');
  } finally {
    setBusy(false, '');
  }
});

/** @param {string} header */
function fileNameFrom(header) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the ASCII name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? 'download';
}

/** @param {'file'|'review'} format */
async function download(format) {
  if (!state.res) return;
  clearError();
  downloadStatus.textContent = '';
  setBusy(true, 'ファイルを作成しています…');
  try {
    const xhr = await send(format, true);
    if (xhr.status !== 200) return showError(await errorOf(xhr), hintFor(xhr.status));
    const url = URL.createObjectURL(/** @type {Blob} */ (xhr.response));
    const a = /** @type {HTMLAnchorElement} */ (el('a'));
    a.href = url;
    a.download = fileNameFrom(xhr.getResponseHeader('content-disposition') ?? '');
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    downloadStatus.textContent = `「${a.download}」をダウンロードしました`;
  } catch {
    showError('通信に失敗しました。ネットワーク接続を確認して再度お試しください。');
  } finally {
    setBusy(false, '');
  }
}
$('qn-download-file').addEventListener('click', () => void download('file'));
$('qn-download-review').addEventListener('click', () => void download('review'));

/** The match that will be written for a row given the current choice, or null. @param {RowResult} row */
function selected(row) {
  const choice = state.choices.get(row.key);
  if (choice === 'clear') return null;
  const all = row.best ? [row.best, ...row.alternates] : row.alternates;
  if (choice !== undefined) return all.find((m) => m.id === choice) ?? null;
  return row.verdict === 'answered' && row.best?.hasAnswer ? row.best : null;
}

/** Filter bucket of a row: 回答済み / 要確認 / 該当なし. @param {RowResult} row */
function bucket(row) {
  const choice = state.choices.get(row.key);
  if (choice === 'clear') return 'review';
  if (choice !== undefined) return 'answered';
  if (row.verdict === 'answered' && row.best?.hasAnswer) return 'answered';
  return row.verdict === 'no_match' ? 'none' : 'review';
}

/** @param {HTMLElement} td @param {string} label */
function cell(td, label) {
  td.dataset.label = label;
  return td;
}

/** @param {Match} m @param {string} text */
function citationLink(m, text) {
  const a = /** @type {HTMLAnchorElement} */ (el('a', '', text));
  a.href = m.citation.url;
  // A new tab keeps this review (and its choices) open.
  a.target = '_blank';
  a.rel = 'noopener';
  a.appendChild(el('span', 'vh', '（新しいタブで開きます）'));
  return a;
}

/** @param {RowResult} row @param {number} index */
function renderRow(row, index) {
  const tr = el('tr');
  tr.dataset.key = row.key;
  const choice = state.choices.get(row.key);
  const m = selected(row);
  tr.dataset.bucket = bucket(row);
  if (choice === 'clear') tr.classList.add('row--cleared');

  const multiSheet = (state.res?.layout.sheets.length ?? 0) > 1;
  tr.appendChild(cell(el('td', '', multiSheet ? `${row.sheet} ${row.row}` : String(row.row)), '行'));
  tr.appendChild(cell(el('td', 'q-cell', row.question), '質問'));

  const answerTd = cell(el('td', 'answer-cell'), '回答案（公開資料の原文）');
  if (m) {
    const badge = markBadge(m.mark);
    if (badge) answerTd.append(badge, el('br'));
    // Exactly the text the server writes for this match (src/questionnaire/answer.ts uses match.answer).
    answerTd.append(m.answer);
    if (choice !== undefined) answerTd.append(el('br'), el('strong', '', '（選択した候補を記入します）'));
    else if (row.filled.answer !== null && row.filled.answer !== row.filled.remarks) {
      // The answer cell gets the sheet's own wording for the mark (e.g. はい from its dropdown).
      answerTd.appendChild(el('p', 'filled-cells', `回答欄に記入: ${row.filled.answer}`));
    }
  } else if (choice === 'clear') {
    answerTd.textContent = '空欄にします（記入しません）';
  } else {
    answerTd.append(el('strong', '', row.verdict === 'no_match' ? '公開資料に該当する回答が見つかりません' : '要確認：回答を確定できません'));
    answerTd.append(el('br'), '「【要確認】」の印を記入します。下の候補から選ぶこともできます。');
  }
  for (const msg of row.messages) answerTd.appendChild(el('p', 'hint', msg.message_ja));
  // Approvals that were not applied: out of date, or a similar question's (a suggestion only).
  for (const n of row.notes) if (n.kind === 'approval_stale' || n.kind === 'similar_approval') answerTd.appendChild(el('p', `hint note--${n.kind}`, `${NOTE_LABEL[n.kind] ?? ''}：${n.message}`));
  const candidates = row.best ? [row.best, ...row.alternates] : row.alternates;
  if (candidates.length > 0) answerTd.appendChild(alternates(row, candidates, index));
  tr.appendChild(answerTd);

  const confTd = cell(el('td'), '確度');
  if (choice !== undefined) confTd.appendChild(el('span', 'badge conf conf--medium', choice === 'clear' ? '空欄' : '選択済み'));
  else {
    const level = confidenceLevel(row.confidence, row.verdict, Boolean(row.best?.hasAnswer));
    confTd.appendChild(el('span', `badge conf conf--${level}`, `確度: ${CONFIDENCE_LABEL[level]}`));
  }
  tr.appendChild(confTd);

  const citeTd = cell(el('td'), '出典');
  if (m) citeTd.appendChild(citationLink(m, m.citation.text));
  else citeTd.textContent = '—';
  tr.appendChild(citeTd);
  tr.appendChild(approveCell(row, m));
  return tr;
}

/**
 * The approval of what will be written for this row: made on this page, or the stored approval
 * the server answered the row from. Null when the row's current answer is not approved.
 * @param {RowResult} row @param {Match|null} m
 */
function approvalOf(row, m) {
  if (!m) return null;
  const mine = state.approved.get(row.key);
  if (mine) return mine.unitId === m.id ? mine : null;
  return m.approval ?? null;
}

/** The 承認 cell: the badge when approved, else a tick box for bulk approval and an approve button. @param {RowResult} row @param {Match|null} m */
function approveCell(row, m) {
  const td = cell(el('td', 'approve-cell'), '承認');
  const done = approvalOf(row, m);
  if (done) {
    td.appendChild(el('span', 'badge approved', approvalBadgeText(done)));
    return td;
  }
  if (!m) {
    td.appendChild(el('span', 'hint', '回答（候補）を選ぶと承認できます'));
    return td;
  }
  const label = el('label', 'approve-check');
  const box = /** @type {HTMLInputElement} */ (el('input'));
  box.type = 'checkbox';
  box.checked = state.checked.has(row.key);
  box.setAttribute('aria-label', `行 ${row.row} を承認の対象にする`);
  box.addEventListener('change', () => {
    if (box.checked) state.checked.add(row.key);
    else state.checked.delete(row.key);
    updateApproveButton();
  });
  label.append(box, ' 選択');
  const btn = /** @type {HTMLButtonElement} */ (el('button', 'btn btn--small approve-one', 'この回答を承認'));
  btn.type = 'button';
  btn.addEventListener('click', () => void approveRows([row]));
  td.append(label, el('br'), btn);
  return td;
}

const approveChecked = /** @type {HTMLButtonElement} */ ($('qn-approve-checked'));
const approveStatus = $('qn-approve-status');
const approverInput = /** @type {HTMLInputElement} */ ($('qn-approver'));

function updateApproveButton() {
  const rows = (state.res?.rows ?? []).filter((r) => state.checked.has(r.key) && selected(r) !== null);
  approveChecked.disabled = rows.length === 0;
  approveChecked.textContent = rows.length > 0 ? `チェックした行を承認（${rows.length} 行）` : 'チェックした行を承認';
}
approveChecked.addEventListener('click', () => {
  const rows = (state.res?.rows ?? []).filter((r) => state.checked.has(r.key));
  void approveRows(rows);
});

/**
 * Approves what will be written for each row (the shown answer or the chosen candidate): one row
 * through POST /api/approvals, several at once through the all-or-nothing import.
 * @param {RowResult[]} rows
 */
async function approveRows(rows) {
  const product = state.res?.product;
  if (!product) return;
  clearError();
  approveStatus.textContent = '';
  const approvedBy = approverInput.value.trim();
  /** @type {{row: RowResult, unitId: string}[]} */
  const picks = [];
  const seen = new Set();
  for (const row of rows) {
    const m = selected(row);
    if (!m || seen.has(row.question.trim())) continue;
    seen.add(row.question.trim());
    picks.push({ row, unitId: m.id });
  }
  if (picks.length === 0) return;
  const lines = picks.map((p) => ({ question: p.row.question, product, gold: [p.unitId], ...(approvedBy ? { approvedBy } : {}) }));
  let resp;
  try {
    resp =
      picks.length === 1
        ? await fetch('/api/approvals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: lines[0]?.question, product, unitIds: lines[0]?.gold, approvedBy }) })
        : await fetch('/api/approvals/import', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.map((l) => JSON.stringify(l)).join('\n') });
  } catch {
    return showError('通信に失敗しました。ネットワーク接続を確認して再度お試しください。');
  }
  if (!resp.ok) {
    const text = await resp.text();
    let detail = '';
    try {
      const body = JSON.parse(text);
      /** @type {{line: number, message_ja: string}[]} */
      const errs = body?.error?.details?.errors ?? [];
      detail = errs.map((e) => `行 ${picks[e.line - 1]?.row.row ?? '?'}：${e.message_ja}`).join(' / ');
    } catch {
      // no details
    }
    return showError(await apiErrorMessage(new Response(text), `承認できませんでした（${resp.status}）。`), detail || hintFor(resp.status));
  }
  const approvedAt = new Date().toISOString();
  for (const p of picks) {
    const same = (state.res?.rows ?? []).filter((r) => r.question.trim() === p.row.question.trim());
    for (const r of same) {
      state.approved.set(r.key, { unitId: p.unitId, approvedAt, approvedBy: approvedBy || null });
      state.checked.delete(r.key);
      rerenderRow(r.key);
    }
  }
  updateApproveButton();
  updateCounts();
  approveStatus.textContent = `${picks.length} 件の質問を承認しました。次回から同じ質問はこの回答で自動的に回答します。`;
}

/** @param {string} key */
function rerenderRow(key) {
  const old = tbody.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
  const rows = state.res?.rows ?? [];
  const index = rows.findIndex((r) => r.key === key);
  const row = rows[index];
  if (!old || !row) return;
  const fresh = renderRow(row, index);
  /** @type {HTMLElement} */ (fresh).hidden = /** @type {HTMLElement} */ (old).hidden;
  old.replaceWith(fresh);
}

/**
 * The candidates of a row as a radio group: the automatic choice, each candidate, or blank.
 * @param {RowResult} row @param {Match[]} candidates @param {number} index
 */
function alternates(row, candidates, index) {
  const details = /** @type {HTMLDetailsElement} */ (el('details', 'alts'));
  details.appendChild(el('summary', '', `候補を見る・選ぶ（${candidates.length} 件）`));
  const fs = el('fieldset');
  fs.appendChild(el('legend', 'vh', `行 ${row.row} の回答に使う候補`));
  const name = `alt-${index}`;
  const current = state.choices.get(row.key) ?? '';

  /** @param {string} value @param {string} label @param {boolean} enabled */
  const radio = (value, label, enabled) => {
    const lab = el('label');
    const input = /** @type {HTMLInputElement} */ (el('input'));
    input.type = 'radio';
    input.name = name;
    input.value = value;
    input.checked = value === current;
    input.disabled = !enabled;
    input.addEventListener('change', () => choose(row.key, value));
    lab.append(input, ` ${label}`);
    return lab;
  };

  fs.appendChild(radio('', '自動（確度の高い回答のみ記入）', true));
  const ol = el('ol');
  for (const c of candidates) {
    const li = el('li');
    li.appendChild(radio(c.id, `${c.documentTitle} 項番 ${c.item}：${c.heading}`, c.hasAnswer));
    const level = confidenceLevel(c.confidence, row.verdict, c.hasAnswer);
    const meta = el('div');
    meta.append(el('span', `badge conf conf--${level}`, `確度: ${CONFIDENCE_LABEL[level]}`), ' ');
    const badge = markBadge(c.mark);
    if (badge) meta.appendChild(badge);
    // A similar question's approved answer (note similar_approval): a suggestion to choose and approve.
    const similar = row.notes.find((n) => n.kind === 'similar_approval' && n.units.includes(c.id));
    if (similar) meta.append(' ', el('span', 'badge approved', '似た質問で承認済み'));
    li.appendChild(meta);
    li.appendChild(el('span', 'alt-text', c.hasAnswer ? c.answer : '公開資料に回答の記載がないため選べません。'));
    li.appendChild(citationLink(c, '出典を開く'));
    ol.appendChild(li);
  }
  fs.appendChild(ol);
  fs.appendChild(radio('clear', '回答を空欄にする', true));
  details.appendChild(fs);
  return details;
}

/** @param {string} key @param {string} value */
function choose(key, value) {
  if (value === '') state.choices.delete(key);
  else state.choices.set(key, value);
  const old = tbody.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
  const rows = state.res?.rows ?? [];
  const index = rows.findIndex((r) => r.key === key);
  const row = rows[index];
  if (!old || !row) return;
  const fresh = renderRow(row, index);
  // Keep the candidates open and focus on the chosen option, so keyboard users stay in place.
  const details = fresh.querySelector('details');
  if (details) details.open = true;
  old.replaceWith(fresh);
  const input = /** @type {HTMLInputElement|null} */ (fresh.querySelector(`input[value="${CSS.escape(value)}"]`));
  input?.focus();
  updateApproveButton();
  updateCounts();
  applyFilter();
}

function updateCounts() {
  const rows = state.res?.rows ?? [];
  /** @type {Record<string, number>} */
  const counts = { all: rows.length, answered: 0, review: 0, none: 0 };
  for (const r of rows) counts[bucket(r)] = (counts[bucket(r)] ?? 0) + 1;
  for (const span of document.querySelectorAll('#qn-filters [data-count]')) {
    const k = /** @type {HTMLElement} */ (span).dataset.count ?? '';
    span.textContent = `（${counts[k] ?? 0}）`;
  }
  const totals = $('qn-totals');
  totals.replaceChildren();
  const item = (/** @type {string} */ label, /** @type {number} */ n) => {
    const li = el('li');
    li.append(`${label} `, el('strong', '', String(n)), ' 件');
    totals.appendChild(li);
  };
  item('質問', counts.all ?? 0);
  item('回答済み', counts.answered ?? 0);
  item('要確認', counts.review ?? 0);
  item('該当なし', counts.none ?? 0);
  item('候補を選択・空欄', state.choices.size);
  item('承認済みの回答', rows.filter((r) => approvalOf(r, selected(r)) !== null).length);
  const t = state.res?.totals;
  if (t) {
    item('ファイルに記入するセル', t.cells_written ?? 0);
    if (t.answered_not_written) item('回答ありだが記入できない行', t.answered_not_written);
  }
}

function applyFilter() {
  const checked = /** @type {HTMLInputElement|null} */ (document.querySelector('input[name="qn-filter"]:checked'));
  const f = checked?.value ?? 'all';
  let shown = 0;
  for (const tr of tbody.querySelectorAll('tr')) {
    const visible = f === 'all' || /** @type {HTMLElement} */ (tr).dataset.bucket === f;
    /** @type {HTMLElement} */ (tr).hidden = !visible;
    if (visible) shown++;
  }
  $('qn-empty-filter').hidden = shown > 0;
}
for (const r of document.querySelectorAll('input[name="qn-filter"]')) r.addEventListener('change', applyFilter);

/** @param {Layout} layout */
function renderLayout(layout) {
  const box = $('qn-layout');
  box.replaceChildren();
  const t = el('table', 'rows layout-table');
  const head = el('thead');
  const hr = el('tr');
  for (const h of ['シート', '見出し行', '質問の列', '回答の列', '備考の列', '質問数']) {
    const th = el('th', '', h);
    th.setAttribute('scope', 'col');
    hr.appendChild(th);
  }
  head.appendChild(hr);
  t.appendChild(head);
  const body = el('tbody');
  /** @param {string|null} col @param {string|null} header */
  const colText = (col, header) => (col === null ? 'なし' : header ? `${col}（${header}）` : col);
  for (const s of layout.sheets) {
    const tr = el('tr');
    const vals = [
      ['シート', s.sheet],
      ['見出し行', s.headerRow === null ? 'なし' : `${s.headerRow} 行目`],
      ['質問の列', colText(s.questionColumn, s.headers.question)],
      ['回答の列', colText(s.answerColumn, s.headers.answer) + (s.answerChoices ? `／選択肢: ${s.answerChoices.join('・')}` : '')],
      ['備考の列', colText(s.remarksColumn, s.headers.remarks)],
      ['質問数', `${s.questionRows} 件`],
    ];
    for (const [label, v] of vals) tr.appendChild(cell(el('td', '', v), label ?? ''));
    body.appendChild(tr);
  }
  t.appendChild(body);
  box.appendChild(t);
  const meta = [`形式: ${FORMAT_NAME[layout.format] ?? layout.format}`];
  if (layout.encoding) meta.push(`文字コード: ${ENCODING_NAME[layout.encoding] ?? layout.encoding}`);
  if (layout.skippedSheets.length > 0) meta.push(`対象外のシート: ${layout.skippedSheets.map((s) => `${s.sheet}（${SKIP_REASON[s.reason] ?? s.reason}）`).join('、')}`);
  box.appendChild(el('p', 'hint', meta.join('　')));
  // How columns were chosen when no header said so; guesses are flagged for a person to check.
  for (const s of layout.sheets) {
    for (const n of s.notes ?? []) {
      if (n.code === 'repeated_headers' || n.code === 'block') continue;
      box.appendChild(el('p', n.lowConfidence ? 'hint warning' : 'hint', `${n.lowConfidence ? '【要確認】列の判定に自信がありません — ' : ''}${s.sheet}: ${n.message}`));
    }
  }
  for (const n of state.res?.notices ?? []) box.appendChild(el('p', 'hint warning', n.message_ja));
  // Show the detected values as placeholders of the correction fields.
  const first = layout.sheets[0];
  if (first) {
    /** @type {[string, string][]} */
    const ph = [
      ['qn-sheet', first.sheet],
      ['qn-header-row', first.headerRow === null ? '' : String(first.headerRow)],
      ['qn-question-col', first.questionColumn],
      ['qn-answer-col', first.answerColumn ?? ''],
      ['qn-remarks-col', first.remarksColumn ?? ''],
    ];
    for (const [id, v] of ph) /** @type {HTMLInputElement} */ ($(id)).placeholder = v === '' ? '' : `自動: ${v}`;
  }
}

function render() {
  const res = state.res;
  if (!res) return;
  renderLayout(res.layout);
  tbody.replaceChildren(...res.rows.map((r, i) => renderRow(r, i)));
  updateApproveButton();
  updateCounts();
  applyFilter();
  downloadStatus.textContent = '';
}
