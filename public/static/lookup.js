// @ts-check
// Lookup page enhancement: results as you type, the URL kept in sync so a link reproduces the
// lookup, and copy buttons. The results are the server's own block (`/?q=…&fragment=1`, the
// Results component of src/web/components.tsx), swapped in: nothing is rendered here. Without
// this script the form is a plain GET to `/`.
import { el, enableCopyButtons } from './common.js';

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

  /**
   * Puts a server-rendered block (escaped by hono/jsx) into the results; a <template> parses it
   * without running anything.
   * @param {string} html
   */
  const show = (html) => {
    const tpl = document.createElement('template');
    tpl.innerHTML = html;
    content.replaceChildren(tpl.content);
    for (const b of content.querySelectorAll('button.copy[hidden]')) b.removeAttribute('hidden');
    section.hidden = false;
    const body = /** @type {HTMLElement|null} */ (content.querySelector('.results-body'));
    status.textContent = body?.dataset.announce ?? '';
  };
  /** @param {string} message */
  const showError = (message) => {
    const p = el('p', 'error', message);
    p.setAttribute('role', 'alert');
    content.replaceChildren(p);
    section.hidden = false;
    status.textContent = '';
  };

  /** @param {{push: boolean, force?: boolean}} opts */
  const run = async (opts) => {
    const q = qInput.value.trim();
    const product = productSelect.value;
    const key = `${q}\u0000${product}`;
    const url = urlFor(q, product);
    if (opts.push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    // The page title says what is shown, as the server-rendered page does (src/web/pages/lookup.tsx).
    document.title = q === '' ? 'kaitou｜セキュリティ回答検索' : `「${q.slice(0, 40)}」の検索結果｜kaitou`;
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
      // Same validation, rate limit and messages as the page: refusals come back as their block too.
      const resp = await fetch(`${url}${url.includes('?') ? '&' : '?'}fragment=1`, { signal: ctrl.signal, headers: { accept: 'text/html' } });
      const html = await resp.text();
      if (ctrl.signal.aborted) return;
      if (!resp.headers.get('content-type')?.startsWith('text/html') || (!resp.ok && html.trim() === '')) {
        showError('検索できませんでした。時間をおいて再度お試しください。');
        return;
      }
      show(html);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      showError('通信に失敗しました。ネットワーク接続を確認して再度お試しください。');
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
