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
  /** Row key → the person's memo (exported in the review CSV). @type {Map<string, string>} */
  memos: new Map(),
  /** The product of the shown review. */
  product: '',
  /** localStorage key of the shown review's draft: file hash + product ("" when storage is unavailable). */
  draftKey: '',
  /** A stored draft is offered and not yet resumed or discarded: it is not overwritten meanwhile. */
  draftPending: false,
  /** The current choices and memos are in the stored draft. */
  draftSaved: false,
};

/** Drafts of reviews, kept in this browser only (never sent to the server's storage). */
const DRAFT_PREFIX = 'kaitou:draft:';
const DRAFT_DAYS = 30;

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
  state.memos.clear();
  state.draftKey = '';
  state.draftPending = false;
}

/** Work on the shown review that leaving it would take off the page. */
function pendingWork() {
  return state.shown && (state.choices.size > 0 || state.memos.size > 0);
}

function pendingText() {
  return `選択 ${state.choices.size} 行・メモ ${state.memos.size} 行`;
}

/** What happens to the work when it leaves the page: resumable from the draft, or lost. @param {string} how */
function draftText(how) {
  return state.draftSaved ? `下書きはこのブラウザに保存してあり、${how}再開できます。` : 'このブラウザに下書きを保存できなかったため、元に戻せません。';
}

/** @type {(() => void) | null} */
let confirmAction = null;
/** @type {HTMLElement | null} */
let confirmReturn = null;

/**
 * Asks, on the page (never a browser dialog), before the shown review's work leaves the page.
 * @param {string} text @param {string} okLabel @param {() => void} action @param {HTMLElement} back focus after cancel
 */
function askFirst(text, okLabel, action, back) {
  confirmAction = action;
  confirmReturn = back;
  $('qn-confirm-text').textContent = text;
  $('qn-confirm-ok').textContent = okLabel;
  $('qn-confirm').hidden = false;
  $('qn-confirm-ok').focus();
}
function closeConfirm() {
  $('qn-confirm').hidden = true;
  confirmAction = null;
}
$('qn-confirm-ok').addEventListener('click', () => {
  const action = confirmAction;
  closeConfirm();
  action?.();
});
$('qn-confirm-cancel').addEventListener('click', () => {
  const back = confirmReturn;
  closeConfirm();
  back?.focus();
});

// Leaving the page: the choices and memos are in the draft, resumable on the same file; only when
// they could not be saved there (no storage, no Web Crypto, a draft offered but not yet answered)
// does the browser ask first.
window.addEventListener('beforeunload', (ev) => {
  if (pendingWork() && !state.draftSaved) ev.preventDefault();
});

fileInput.addEventListener('change', () => setFile(fileInput.files?.[0] ?? null));
productSelect.addEventListener('change', () => {
  if (!state.shown) return;
  const next = productSelect.value;
  if (!pendingWork() || next === state.product) {
    if (next !== state.product) setFile(state.file);
    return;
  }
  // Back to the shown review's product until the person confirms.
  productSelect.value = state.product;
  askFirst(
    `製品を「${next || '未選択'}」に変えると、表示中の確認内容（${pendingText()}）は画面から消えます。${draftText(`同じファイルを「${state.product}」で作成し直すと`)}`,
    '製品を変更する',
    () => {
      productSelect.value = next;
      setFile(state.file);
      productSelect.focus();
    },
    productSelect,
  );
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
function send(format, withChoices, query = '') {
  const body = new FormData();
  if (state.file) body.append('file', state.file, state.file.name);
  for (const [k, v] of state.fields) body.append(k, v);
  if (withChoices && state.choices.size > 0) body.append('choices', JSON.stringify(Object.fromEntries(state.choices)));
  if (withChoices && format === 'review' && state.memos.size > 0) body.append('memos', JSON.stringify(Object.fromEntries(state.memos)));
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/api/questionnaire?format=${format}${query}`);
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
  for (const b of results.querySelectorAll('button[data-download]')) if (b.id !== 'qn-download-file' || !b.hasAttribute('aria-describedby')) /** @type {HTMLButtonElement} */ (b).disabled = busy;
  if (busy) {
    progressBar.value = 0;
    progressLabel.textContent = label;
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (!pendingWork()) return void create();
  askFirst(`作成し直すと、表示中の確認内容（${pendingText()}）は画面から消えます。${draftText('同じファイルと製品なら作成し直した後に')}`, '作成し直す', () => void create(), submit);
});

/** SHA-256 of the file, hex: the draft's key (the file itself is never stored). @param {File} file */
async function fileHash(file) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function create() {
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
  state.memos.clear();
  state.draftPending = false;
  state.product = productSelect.value;
  setBusy(true, 'アップロード中…');
  try {
    let hash = '';
    try {
      hash = await fileHash(file);
    } catch {
      // no Web Crypto (an insecure context): no draft for this review
    }
    const xhr = await send('html', false);
    if (xhr.status !== 200) return showError(await errorOf(xhr), hintFor(xhr.status));
    show(String(xhr.response));
    state.draftKey = hash ? `${DRAFT_PREFIX}${hash}:${state.product}` : '';
    offerDraft();
    const summary = $('qn-summary');
    summary.focus();
    summary.scrollIntoView({ block: 'start' });
  } catch {
    showError('通信に失敗しました。ネットワーク接続を確認して再度お試しください。');
  } finally {
    setBusy(false, '');
  }
}

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

/** @param {'file'|'review'|'submit'} kind */
async function download(kind) {
  if (!state.shown) return;
  const downloadStatus = $('qn-download-status');
  clearError();
  downloadStatus.textContent = '';
  setBusy(true, 'ファイルを作成しています…');
  try {
    const citations = /** @type {HTMLInputElement|null} */ (results.querySelector('#qn-submit-citations'))?.checked !== false;
    const xhr = kind === 'submit' ? await send('file', true, `&markers=none${citations ? '' : '&citations=none'}`) : await send(kind, true);
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
  const kind = button.dataset.download;
  if (kind) void download(kind === 'review' || kind === 'submit' ? kind : 'file');
  else if (button.dataset.accept) {
    const tr = button.closest('tr');
    if (tr) accept(tr);
  } else if (button.id === 'qn-next-review') nextReview(null);
  else if (button.id === 'qn-draft-resume') resumeDraft();
  else if (button.id === 'qn-draft-discard') discardDraft();
  else if (button.id === 'qn-approve-checked') void approveRows(rowsOf().filter(isTicked));
  else if (button.id === 'qn-tick-answered') {
    // Every row that will be written with an official answer not yet approved, among the shown rows.
    for (const tr of rowsOf().filter((r) => !r.hidden && r.dataset.bucket === 'answered')) {
      const controls = /** @type {HTMLElement|null} */ (tr.querySelector('.approve-controls'));
      const box = /** @type {HTMLInputElement|null} */ (controls?.querySelector('input[type="checkbox"]') ?? null);
      if (controls && !controls.hidden && box) box.checked = true;
    }
    updateApproveButton();
  } else if (button.classList.contains('approve-one')) {
    const tr = button.closest('tr');
    if (tr) void approveRows([tr]);
  }
});
results.addEventListener('change', (ev) => {
  const input = ev.target;
  if (!(input instanceof HTMLInputElement)) return;
  if (input.type === 'checkbox') return updateApproveButton();
  if (input.type !== 'radio') return;
  if (input.name === 'qn-filter' || input.name === 'qn-sheet-filter') return applyFilter();
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
  // The radio of the alternates says the same (a choice made by a button or a resumed draft).
  const radio = /** @type {HTMLInputElement|null} */ (tr.querySelector(`input[type="radio"][value="${CSS.escape(value)}"]`));
  if (radio && !radio.checked) radio.checked = true;
  markMoved(tr);
  showApproval(tr);
  updateApproveButton();
  updateCounts();
  saveDraft();
}

/** Bucket names as the filters show them. @type {Record<string, string>} */
const BUCKET_NAME = { answered: '回答済み', review: '要確認', none: '該当なし' };

/**
 * A row whose bucket no longer matches the filter stays where it is (the person is working on
 * it), marked, until the filter changes. @param {HTMLTableRowElement} tr
 */
function markMoved(tr) {
  const f = currentFilter();
  const note = /** @type {HTMLElement|null} */ (tr.querySelector('.moved-note'));
  const moved = f !== 'all' && tr.dataset.bucket !== f && !tr.hidden;
  tr.classList.toggle('row--moved', moved);
  if (note) {
    note.hidden = !moved;
    note.textContent = moved ? `この行は「${BUCKET_NAME[tr.dataset.bucket ?? ''] ?? ''}」に移りました。表示を切り替えるまでここに残します。` : '';
  }
}

function currentFilter() {
  const checked = /** @type {HTMLInputElement|null} */ (results.querySelector('input[name="qn-filter"]:checked'));
  return checked?.value ?? 'all';
}

/** "この候補で回答": the row's best candidate, then focus stays on the row (its answer). @param {HTMLTableRowElement} tr */
function accept(tr) {
  const unit = tr.dataset.best;
  if (!unit) return;
  choose(tr, unit);
  const shown = /** @type {HTMLElement|null} */ (tr.querySelector(`.answer-cell > [data-variant="${CSS.escape(unit)}"]`));
  if (shown) {
    shown.tabIndex = -1;
    shown.focus();
  }
}

/** Focuses the next row (after `from`) still needing review among the shown rows. @param {HTMLTableRowElement|null} from */
function nextReview(from) {
  const rows = rowsOf().filter((tr) => !tr.hidden);
  const start = from ? rows.indexOf(from) + 1 : 0;
  const next = [...rows.slice(start), ...rows.slice(0, start)].find((tr) => tr.dataset.bucket === 'review' && !state.choices.has(tr.dataset.key ?? ''));
  const status = $('qn-approve-status');
  if (!next) {
    status.textContent = '要確認の行はもうありません。';
    return;
  }
  const target = /** @type {HTMLElement|null} */ (next.querySelector('button.accept-cand:not([hidden])')) ?? /** @type {HTMLElement|null} */ (next.querySelector('details.alts summary, .alts--clear input'));
  next.scrollIntoView({ block: 'center' });
  target?.focus();
}

// Keys for long questionnaires: N = next row to review, A = answer the current row with its best candidate.
document.addEventListener('keydown', (ev) => {
  if (!state.shown || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
  if (t instanceof HTMLInputElement && !['radio', 'checkbox', 'button'].includes(t.type)) return;
  const key = ev.key.toLowerCase();
  if (key !== 'n' && key !== 'a') return;
  const tr = t instanceof Element ? /** @type {HTMLTableRowElement|null} */ (t.closest('#qn-rows tr')) : null;
  if (key === 'n') {
    ev.preventDefault();
    nextReview(tr);
  } else if (tr && tr.dataset.best && !state.choices.has(tr.dataset.key ?? '')) {
    ev.preventDefault();
    accept(tr);
  }
});

// Memos: kept with the draft, sent with the review CSV.
results.addEventListener('input', (ev) => {
  const input = ev.target;
  if (!(input instanceof HTMLInputElement)) return;
  if (input.id === 'qn-search') return applyFilter();
  if (!input.classList.contains('row-memo')) return;
  const key = input.closest('tr')?.dataset.key ?? '';
  const text = input.value.trim();
  if (text === '') state.memos.delete(key);
  else state.memos.set(key, text);
  saveDraft();
});

/** @returns {{savedAt: string, fileName: string, choices: Record<string, string>, memos: Record<string, string>} | null} */
function readDraft() {
  if (!state.draftKey) return null;
  try {
    const raw = localStorage.getItem(state.draftKey);
    if (!raw) return null;
    const d = JSON.parse(raw);
    if (!d || typeof d !== 'object' || typeof d.choices !== 'object' || typeof d.memos !== 'object') return null;
    return d;
  } catch {
    return null;
  }
}

function saveDraft() {
  state.draftSaved = false;
  if (!state.draftKey || state.draftPending) return;
  try {
    if (state.choices.size === 0 && state.memos.size === 0) localStorage.removeItem(state.draftKey);
    else localStorage.setItem(state.draftKey, JSON.stringify({ savedAt: new Date().toISOString(), fileName: state.file?.name ?? '', choices: Object.fromEntries(state.choices), memos: Object.fromEntries(state.memos) }));
    state.draftSaved = true;
  } catch {
    // storage full or disabled: the review still works, without a draft (leaving then asks first)
  }
}

/** Drops drafts older than DRAFT_DAYS (a draft holds memos; it should not stay forever). */
function pruneDrafts() {
  try {
    const limit = Date.now() - DRAFT_DAYS * 86_400_000;
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (!k?.startsWith(DRAFT_PREFIX)) continue;
      const at = Date.parse(JSON.parse(localStorage.getItem(k) ?? '{}').savedAt ?? '');
      if (!(at > limit)) localStorage.removeItem(k);
    }
  } catch {
    // unreadable storage: nothing to prune
  }
}

/** Offers the stored draft of this file and product, if any. */
function offerDraft() {
  pruneDrafts();
  const d = readDraft();
  const bar = $('qn-draft');
  if (!d || (Object.keys(d.choices).length === 0 && Object.keys(d.memos).length === 0)) {
    bar.hidden = true;
    return;
  }
  state.draftPending = true;
  const at = new Date(d.savedAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' });
  $('qn-draft-text').textContent = `このファイルと製品「${state.product}」の確認の下書きがあります（選択 ${Object.keys(d.choices).length} 行・メモ ${Object.keys(d.memos).length} 行、${at} 保存）。`;
  bar.hidden = false;
}

function resumeDraft() {
  const d = readDraft();
  state.draftPending = false;
  $('qn-draft').hidden = true;
  if (d) {
    const byKey = new Map(rowsOf().map((tr) => [tr.dataset.key ?? '', tr]));
    for (const [key, value] of Object.entries(d.choices)) {
      const tr = byKey.get(key);
      // Only a state the row still offers (the documents may have changed since).
      if (tr && typeof value === 'string' && (value === 'clear' || tr.querySelector(`[data-variant="${CSS.escape(value)}"]`))) choose(tr, value);
    }
    for (const [key, text] of Object.entries(d.memos)) {
      const input = /** @type {HTMLInputElement|null} */ (byKey.get(key)?.querySelector('.row-memo') ?? null);
      if (input && typeof text === 'string') {
        input.value = text;
        state.memos.set(key, text);
      }
    }
  }
  saveDraft();
  $('qn-approve-status').textContent = `下書きから再開しました（${pendingText()}）。`;
  $('qn-summary').focus();
}

function discardDraft() {
  state.draftPending = false;
  $('qn-draft').hidden = true;
  try {
    if (state.draftKey) localStorage.removeItem(state.draftKey);
  } catch {
    // nothing stored
  }
  saveDraft();
  $('qn-summary').focus();
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
  // The three row titles: 回答あり (answered), 候補あり・要確認 (a candidate to accept), 記載なし (the rest, cleared rows included).
  counts.review_candidate = 0;
  counts.cleared = 0;
  for (const tr of rows) {
    const row = /** @type {HTMLElement} */ (tr);
    const b = row.dataset.bucket ?? '';
    counts[b] = (counts[b] ?? 0) + 1;
    const choice = state.choices.get(row.dataset.key ?? '');
    if (choice === 'clear') counts.cleared++;
    else if (b === 'review' && row.dataset.best) counts.review_candidate++;
  }
  counts.review_none = rows.length - (counts.answered ?? 0) - counts.review_candidate;
  // Cells the (working) file gets: each row's count for its current choice, as planned by the server.
  let cells = 0;
  let planned = true;
  for (const tr of rowsOf()) {
    if (!tr.dataset.cells) {
      planned = false;
      break;
    }
    const byChoice = JSON.parse(tr.dataset.cells);
    const choice = state.choices.get(tr.dataset.key ?? '') ?? 'auto';
    cells += byChoice[choice] ?? byChoice.auto ?? 0;
  }
  if (planned) counts.cells_written = cells;
  for (const span of results.querySelectorAll('[data-count]')) span.textContent = `（${counts[/** @type {HTMLElement} */ (span).dataset.count ?? ''] ?? 0}）`;
  // Totals a choice cannot change (cells written by the server's plan) keep the server's figure.
  for (const n of results.querySelectorAll('[data-total]')) {
    const v = counts[/** @type {HTMLElement} */ (n).dataset.total ?? ''];
    if (v !== undefined) n.textContent = String(v);
  }
}

function applyFilter() {
  const f = currentFilter();
  const sheet = /** @type {HTMLInputElement|null} */ (results.querySelector('input[name="qn-sheet-filter"]:checked'))?.value ?? '';
  const search = /** @type {HTMLInputElement|null} */ (results.querySelector('#qn-search'));
  const term = (search?.value ?? '').normalize('NFKC').trim().toLowerCase();
  let shown = 0;
  for (const tr of rowsOf()) {
    const text = term ? `${tr.querySelector('.qid')?.textContent ?? ''} ${tr.querySelector('.q-cell')?.textContent ?? ''}`.normalize('NFKC').toLowerCase() : '';
    const visible = (f === 'all' || tr.dataset.bucket === f) && (sheet === '' || (tr.dataset.key ?? '').startsWith(`${sheet}!`)) && (term === '' || text.includes(term));
    tr.hidden = !visible;
    tr.classList.remove('row--moved');
    const note = /** @type {HTMLElement|null} */ (tr.querySelector('.moved-note'));
    if (note) note.hidden = true;
    if (visible) shown++;
  }
  $('qn-empty-filter').hidden = shown > 0;
}
