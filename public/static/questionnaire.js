// @ts-check
// Questionnaire page: upload (picker or drag and drop) → the review rendered by the server
// (POST /api/questionnaire?format=html, src/web/review.tsx) put into the page; then filters, a
// choice of candidate per row, approvals, and the filled file / review CSV downloaded with those
// choices. Nothing is rendered here: a choice only shows the row's server-rendered state for it.
import { apiErrorMessage, el } from './common.js';

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

/** State of the current review. */
const state = {
  /** @type {File|null} */ file: null,
  /** Whether a review is shown (downloads need one). */
  shown: false,
  /** Row key → unit id or "clear" (absent: the automatic choice). @type {Map<string, string>} */
  choices: new Map(),
  /** Form fields as sent for the shown results, so downloads use the same layout. @type {[string, string][]} */
  fields: [],
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

/**
 * A file size as people read it: bytes under 1 KB (an empty file is 「0 バイト」, not 「1 KB」),
 * then KB and MB in the locale's digits.
 * @param {number} bytes
 */
function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} バイト`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString('ja-JP')} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('ja-JP', { maximumFractionDigits: 1 })} MB`;
}

/** @param {File|null} f */
function setFile(f) {
  state.file = f;
  fileName.textContent = f ? `選択中: ${f.name}（${fileSize(f.size)}）` : '';
  // A new file or product invalidates the shown review.
  results.hidden = true;
  state.shown = false;
  state.choices.clear();
}

fileInput.addEventListener('change', () => setFile(fileInput.files?.[0] ?? null));
productSelect.addEventListener('change', () => {
  if (state.shown) setFile(state.file);
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
  xhr.responseType = format === 'html' ? 'text' : 'blob';
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
      progressLabel.textContent = format === 'html' ? '回答を作成しています…' : 'ファイルを作成しています…';
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
  for (const b of results.querySelectorAll('button[data-download]')) /** @type {HTMLButtonElement} */ (b).disabled = busy;
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
  setBusy(true, 'アップロード中…');
  try {
    const xhr = await send('html', false);
    if (xhr.status !== 200) return showError(await errorOf(xhr), hintFor(xhr.status));
    show(String(xhr.response));
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
  if (!state.shown) return;
  const downloadStatus = $('qn-download-status');
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

/**
 * Puts the server's review into the page: markup from our own Worker, rendered and escaped by
 * hono/jsx (src/web/review.tsx), parsed by a <template> so nothing runs while it is inserted.
 * @param {string} html
 */
function show(html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  results.replaceChildren(tpl.content);
  const detected = /** @type {Record<string, string>} */ (JSON.parse($('qn-layout').dataset.detected ?? '{}'));
  /** @type {[string, string][]} */
  const fields = [
    ['qn-sheet', 'sheet'],
    ['qn-header-row', 'headerRow'],
    ['qn-question-col', 'questionColumn'],
    ['qn-answer-col', 'answerColumn'],
    ['qn-remarks-col', 'remarksColumn'],
  ];
  // The detected values as placeholders of the correction fields.
  for (const [id, key] of fields) {
    const v = detected[key] ?? '';
    /** @type {HTMLInputElement} */ ($(id)).placeholder = v === '' ? '' : `自動: ${v}`;
  }
  state.shown = true;
  results.hidden = false;
}

// The review's controls are delegated: they arrive with each new review.
results.addEventListener('click', (ev) => {
  const target = ev.target instanceof Element ? ev.target : null;
  const button = target?.closest('button');
  if (!(button instanceof HTMLButtonElement)) return;
  if (button.dataset.download) void download(button.dataset.download === 'review' ? 'review' : 'file');
  else if (button.id === 'qn-approve-checked') void approveRows(rowsOf().filter(isTicked));
  else if (button.classList.contains('approve-one')) {
    const tr = button.closest('tr');
    if (tr) void approveRows([tr]);
  }
});
results.addEventListener('change', (ev) => {
  const input = ev.target;
  if (!(input instanceof HTMLInputElement)) return;
  if (input.type === 'checkbox') return updateApproveButton();
  if (input.type !== 'radio') return;
  if (input.name === 'qn-filter') return applyFilter();
  const tr = input.closest('tr');
  if (tr instanceof HTMLTableRowElement && tr.dataset.key) choose(tr, input.value);
});

/** @returns {HTMLTableRowElement[]} */
const rowsOf = () => [.../** @type {NodeListOf<HTMLTableRowElement>} */ (results.querySelectorAll('#qn-rows tr'))];

/** The unit a row will be written with under its current choice, or "none". @param {HTMLTableRowElement} tr */
function writtenUnit(tr) {
  const choice = state.choices.get(tr.dataset.key ?? '');
  if (choice === 'clear') return 'none';
  return choice ?? (tr.dataset.autoUnit || 'none');
}

/** The approval shown for the written unit, if it is approved. @param {HTMLTableRowElement} tr */
function approvalShown(tr) {
  const unit = writtenUnit(tr);
  return unit !== 'none' && tr.querySelector(`[data-approve="${CSS.escape(unit)}"]`) !== null;
}

/** A row ticked for "approve checked rows" whose written unit can still be approved. @param {HTMLTableRowElement} tr */
function isTicked(tr) {
  const controls = /** @type {HTMLElement|null} */ (tr.querySelector('.approve-controls'));
  return controls !== null && !controls.hidden && controls.querySelector('input[type="checkbox"]:checked') !== null;
}

/** Shows the approval cell's state for the written unit: its approval, the controls, or "none". @param {HTMLTableRowElement} tr */
function showApproval(tr) {
  const unit = writtenUnit(tr);
  for (const node of tr.querySelectorAll('[data-approve]')) /** @type {HTMLElement} */ (node).hidden = /** @type {HTMLElement} */ (node).dataset.approve !== unit;
  const controls = /** @type {HTMLElement|null} */ (tr.querySelector('.approve-controls'));
  if (controls) controls.hidden = unit === 'none' || approvalShown(tr);
}

/**
 * Records the choice for a row and shows the row's state for it: "" (automatic), a unit id, or "clear".
 * @param {HTMLTableRowElement} tr @param {string} value
 */
function choose(tr, value) {
  const key = tr.dataset.key ?? '';
  if (value === '') state.choices.delete(key);
  else state.choices.set(key, value);
  const variant = value === '' ? 'auto' : value;
  const chosen = value !== '' && value !== 'clear';
  for (const node of tr.querySelectorAll('[data-variant]')) {
    const v = /** @type {HTMLElement} */ (node).dataset.variant;
    /** @type {HTMLElement} */ (node).hidden = !(v === variant || (v === 'chosen' && chosen));
  }
  tr.dataset.bucket = value === '' ? (tr.dataset.autoBucket ?? 'review') : value === 'clear' ? 'review' : 'answered';
  tr.classList.toggle('row--cleared', value === 'clear');
  showApproval(tr);
  updateApproveButton();
  updateCounts();
  applyFilter();
}

function updateApproveButton() {
  const button = /** @type {HTMLButtonElement|null} */ (results.querySelector('#qn-approve-checked'));
  if (!button) return;
  const n = rowsOf().filter(isTicked).length;
  button.disabled = n === 0;
  button.textContent = n > 0 ? `チェックした行を承認（${n} 行）` : 'チェックした行を承認';
}

/**
 * Approves what will be written for each row (the shown answer or the chosen candidate): one row
 * through POST /api/approvals, several at once through the all-or-nothing import. Rows with the
 * same question then show the approval too.
 * @param {HTMLTableRowElement[]} trs
 */
async function approveRows(trs) {
  const bar = $('qn-approve-bar');
  const product = bar.dataset.product ?? '';
  const status = $('qn-approve-status');
  clearError();
  status.textContent = '';
  const approvedBy = /** @type {HTMLInputElement} */ ($('qn-approver')).value.trim();
  const questionOf = (/** @type {HTMLTableRowElement} */ tr) => (tr.querySelector('.q-cell')?.textContent ?? '').trim();
  /** @type {{tr: HTMLTableRowElement, question: string, unitId: string}[]} */
  const picks = [];
  const seen = new Set();
  for (const tr of trs) {
    const unitId = writtenUnit(tr);
    const question = questionOf(tr);
    if (unitId === 'none' || seen.has(question)) continue;
    seen.add(question);
    picks.push({ tr, question, unitId });
  }
  if (picks.length === 0) return;
  const lines = picks.map((p) => ({ question: p.question, product, gold: [p.unitId], ...(approvedBy ? { approvedBy } : {}) }));
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
      detail = errs.map((e) => `行 ${picks[e.line - 1]?.tr.cells[0]?.textContent ?? '?'}：${e.message_ja}`).join(' / ');
    } catch {
      // no details
    }
    return showError(await apiErrorMessage(new Response(text), `承認できませんでした（${resp.status}）。`), detail || hintFor(resp.status));
  }
  // The badge text is the server's (src/web/labels.ts approvalBadgeText), rendered with the review.
  const badgeText = approvedBy ? (bar.dataset.badgeNamed ?? '').replace('{by}', approvedBy) : (bar.dataset.badgeAnonymous ?? '');
  for (const p of picks) {
    for (const tr of rowsOf().filter((r) => questionOf(r) === p.question)) {
      // Shown like a stored approval: an element for the unit, which showApproval picks.
      tr.querySelector(`[data-approve="${CSS.escape(p.unitId)}"]`)?.remove();
      const approved = el('div');
      approved.dataset.approve = p.unitId;
      approved.appendChild(el('span', 'badge approved', badgeText));
      tr.querySelector('.approve-cell')?.prepend(approved);
      const box = /** @type {HTMLInputElement|null} */ (tr.querySelector('.approve-controls input[type="checkbox"]'));
      if (box) box.checked = false;
      showApproval(tr);
    }
  }
  updateApproveButton();
  updateCounts();
  status.textContent = `${picks.length} 件の質問を承認しました。次回から同じ質問はこの回答で自動的に回答します。`;
}

function updateCounts() {
  const rows = [...results.querySelectorAll('#qn-rows tr')];
  /** @type {Record<string, number>} */
  const counts = { all: rows.length, answered: 0, review: 0, none: 0, chosen: state.choices.size, approved: rowsOf().filter(approvalShown).length };
  for (const tr of rows) {
    const b = /** @type {HTMLElement} */ (tr).dataset.bucket ?? '';
    counts[b] = (counts[b] ?? 0) + 1;
  }
  for (const span of results.querySelectorAll('[data-count]')) span.textContent = `（${counts[/** @type {HTMLElement} */ (span).dataset.count ?? ''] ?? 0}）`;
  // Totals a choice cannot change (cells written by the server's plan) keep the server's figure.
  for (const n of results.querySelectorAll('[data-total]')) {
    const v = counts[/** @type {HTMLElement} */ (n).dataset.total ?? ''];
    if (v !== undefined) n.textContent = String(v);
  }
}

function applyFilter() {
  const checked = /** @type {HTMLInputElement|null} */ (results.querySelector('input[name="qn-filter"]:checked'));
  const f = checked?.value ?? 'all';
  let shown = 0;
  for (const tr of results.querySelectorAll('#qn-rows tr')) {
    const visible = f === 'all' || /** @type {HTMLElement} */ (tr).dataset.bucket === f;
    /** @type {HTMLElement} */ (tr).hidden = !visible;
    if (visible) shown++;
  }
  $('qn-empty-filter').hidden = shown > 0;
}
