// @ts-check
// Questionnaire page: upload (picker or drag and drop) → the review rendered by the server
// (POST /api/questionnaire?format=html, src/web/review.tsx) put into the page; then filters, a
// choice of candidate per row, and the filled file / review CSV downloaded with those choices.
// Nothing is rendered here: a choice only shows the row's server-rendered state for it.
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

/** @param {File|null} f */
function setFile(f) {
  state.file = f;
  fileName.textContent = f ? `選択中: ${f.name}（${Math.max(1, Math.round(f.size / 1024))} KB）` : '';
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
  const button = ev.target instanceof Element ? ev.target.closest('button[data-download]') : null;
  if (button instanceof HTMLButtonElement) void download(button.dataset.download === 'review' ? 'review' : 'file');
});
results.addEventListener('change', (ev) => {
  const input = ev.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
  if (input.name === 'qn-filter') return applyFilter();
  const tr = input.closest('tr');
  if (tr instanceof HTMLTableRowElement && tr.dataset.key) choose(tr, input.value);
});

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
  updateCounts();
  applyFilter();
}

function updateCounts() {
  const rows = [...results.querySelectorAll('#qn-rows tr')];
  /** @type {Record<string, number>} */
  const counts = { all: rows.length, answered: 0, review: 0, none: 0, chosen: state.choices.size };
  for (const tr of rows) {
    const b = /** @type {HTMLElement} */ (tr).dataset.bucket ?? '';
    counts[b] = (counts[b] ?? 0) + 1;
  }
  for (const span of results.querySelectorAll('[data-count]')) span.textContent = `（${counts[/** @type {HTMLElement} */ (span).dataset.count ?? ''] ?? 0}）`;
  for (const n of results.querySelectorAll('[data-total]')) n.textContent = String(counts[/** @type {HTMLElement} */ (n).dataset.total ?? ''] ?? 0);
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
