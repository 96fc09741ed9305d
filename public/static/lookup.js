// @ts-check
// Lookup page enhancement: results as you type (GET /api/lookup), the URL kept in sync so a link
// reproduces the lookup, and copy buttons. Without this script the form is a plain GET to `/`.
import { NOT_FOUND_TITLE, apiErrorMessage, el, enableCopyButtons, resultsBody } from './common.js';

const form = /** @type {HTMLFormElement|null} */ (document.getElementById('lookup-form'));
const qInput = /** @type {HTMLTextAreaElement|null} */ (document.getElementById('q'));
const productSelect = /** @type {HTMLSelectElement|null} */ (document.getElementById('product'));
const section = document.getElementById('results');
const content = document.getElementById('results-content');
const status = document.getElementById('status');

const DEBOUNCE_MS = 300;
/** Below this many characters a query is mostly noise: wait for more (submit still searches). */
const MIN_AUTO_CHARS = 2;

if (form && qInput && productSelect && section && content && status) {
  for (const n of document.querySelectorAll('.js-only')) n.removeAttribute('hidden');
  enableCopyButtons();

  /** @type {AbortController|null} */
  let inflight = null;
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;
  let lastKey = `${qInput.value.trim()}\u0000${productSelect.value}`;

  /** @param {string} q @param {string} product */
  const urlFor = (q, product) => {
    const p = new URLSearchParams();
    if (q !== '') p.set('q', q);
    if (product !== '') p.set('product', product);
    const s = p.toString();
    return s === '' ? '/' : `/?${s}`;
  };

  /** @param {Node} node @param {string} announce */
  const show = (node, announce) => {
    content.replaceChildren(node);
    section.hidden = false;
    status.textContent = announce;
  };

  /** @param {{push: boolean, force?: boolean}} opts */
  const run = async (opts) => {
    const q = qInput.value.trim();
    const product = productSelect.value;
    const key = `${q}\u0000${product}`;
    const url = urlFor(q, product);
    if (opts.push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    if (!opts.force && key === lastKey) return;
    lastKey = key;
    inflight?.abort();
    if (q === '') {
      inflight = null;
      content.replaceChildren();
      section.hidden = true;
      status.textContent = '';
      return;
    }
    const ctrl = new AbortController();
    inflight = ctrl;
    content.querySelector('.results-body')?.classList.add('is-stale');
    section.setAttribute('aria-busy', 'true');
    try {
      const api = new URLSearchParams({ q });
      if (product !== '') api.set('product', product);
      const resp = await fetch(`/api/lookup?${api}`, { signal: ctrl.signal, headers: { accept: 'application/json' } });
      if (!resp.ok) {
        const msg = await apiErrorMessage(resp, '検索できませんでした。時間をおいて再度お試しください。');
        const p = el('p', 'error', msg);
        p.setAttribute('role', 'alert');
        show(p, '');
        return;
      }
      /** @type {import('./common.js').LookupResponse} */
      const res = await resp.json();
      if (ctrl.signal.aborted) return;
      show(resultsBody(res), res.verdict === 'answered' ? `回答が見つかりました（候補 ${res.matches.length} 件）` : NOT_FOUND_TITLE);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      const p = el('p', 'error', '通信に失敗しました。ネットワーク接続を確認して再度お試しください。');
      p.setAttribute('role', 'alert');
      show(p, '');
    } finally {
      if (inflight === ctrl) {
        inflight = null;
        section.removeAttribute('aria-busy');
      }
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    const q = qInput.value.trim();
    if (q !== '' && q.length < MIN_AUTO_CHARS) return;
    timer = setTimeout(() => void run({ push: false }), DEBOUNCE_MS);
  };

  qInput.addEventListener('input', schedule);
  productSelect.addEventListener('change', () => {
    clearTimeout(timer);
    void run({ push: false });
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    void run({ push: true, force: true });
  });
  qInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  // Back/forward: restore the fields from the URL and show that lookup again.
  window.addEventListener('popstate', () => {
    const p = new URLSearchParams(location.search);
    qInput.value = p.get('q') ?? '';
    productSelect.value = p.get('product') ?? '';
    void run({ push: false, force: true });
  });
}
