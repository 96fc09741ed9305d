// @ts-check
// Shared client helpers: a text-only element helper, the clipboard, and API error messages. The
// results themselves are rendered on the server (src/web/components.tsx, src/web/review.tsx) and
// swapped in by the page scripts; nothing here builds them.

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
