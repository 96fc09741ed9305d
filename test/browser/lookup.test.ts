// Lookup and document pages in a real browser against `wrangler dev`.
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { openPage, screenshots } from './browser';

const BASE = inject('baseUrl');
/** `wrangler dev` reloads when someone edits src/ in this shared checkout; one retry rides that out. */
const RETRY = 1;
const QUESTION = 'データのバックアップは取得していますか';
const XSS = '<img src=x onerror=alert(1)>';

describe('lookup page', { retry: RETRY }, () => {
  it('shows cited official answers as you type, keeps the lookup in the URL, and copies answer + citation', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { context, page, dialogs, errors } = s;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    await page.goto(`${BASE}/`);
    await expect(page.title()).resolves.toContain('kaitou');
    await screenshots(page, 'lookup-empty');

    // Keyboard only: skip link → question box.
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('本文へスキップ');

    await page.getByLabel('質問').fill(QUESTION);
    const first = page.locator('#results .match').first();
    await first.waitFor({ state: 'visible' });
    expect(page.url()).toBe(`${BASE}/?q=${encodeURIComponent(QUESTION).replace(/%20/g, '+')}`);

    await expect(page.locator('#results .verdict--answered').count()).resolves.toBe(1);
    await expect(first.locator('.conf').textContent()).resolves.toMatch(/^確度: (高|中)$/);
    await expect(first.locator('mark').count()).resolves.toBeGreaterThan(0);
    const answer = (await first.locator('.answer').textContent()) ?? '';
    expect(answer.length).toBeGreaterThan(0);
    const citation = first.locator('.cite a');
    const citationText = (await citation.textContent()) ?? '';
    const href = (await citation.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/documents\/[a-z0-9-]+#.+/);

    // Choosing a product reruns the lookup and is kept in the URL.
    const product = (await page.locator('#product option').nth(1).getAttribute('value')) ?? '';
    await page.getByLabel('製品').selectOption(product);
    await page.waitForURL((u) => u.searchParams.get('product') === product);
    await first.waitFor({ state: 'visible' });
    await screenshots(page, 'lookup-results');

    // A reload (or a shared link) reproduces the same lookup server-side.
    await page.reload();
    await expect(page.getByLabel('質問').inputValue()).resolves.toBe(QUESTION);
    await expect(page.getByLabel('製品').inputValue()).resolves.toBe(product);
    await page.locator('#results .match').first().waitFor();

    // Copy: answer and citation in one go.
    await page.getByLabel('製品').selectOption('');
    await page.waitForURL((u) => !u.searchParams.has('product'));
    await page.locator('#results .match .copy').first().click();
    await page.locator('#results .copy-status').first().waitFor();
    await expect(page.locator('#results .copy-status').first().textContent()).resolves.toBe('コピーしました');
    // A string expression: it runs in the page, whose DOM types are not this (Node/Workers) project's.
    const clip = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(clip).toContain(answer.trim().slice(0, 20));
    expect(clip).toContain(`出典: ${citationText}`);

    expect(dialogs.join('\n')).toBe('');
    expect(errors.join('\n')).toBe('');
  });

  it('follows the citation to the whole document with the cited unit highlighted and in view', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page, errors } = s;
    await page.goto(`${BASE}/?q=${encodeURIComponent(QUESTION)}`);
    const first = page.locator('#results .match').first();
    const answer = ((await first.locator('.answer').textContent()) ?? '').trim();
    await first.locator('.cite a').click();
    await page.waitForURL(/\/documents\/[a-z0-9-]+#/);

    const target = page.locator('.unit:target');
    await expect(target.count()).resolves.toBe(1);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    await expect(target.getAttribute('id')).resolves.toBe(id);
    // Verbatim: the document page shows exactly the text the lookup card showed.
    await expect(target.locator('.answer').textContent()).resolves.toBe(answer);
    await expect(target.locator('.target-label').isVisible()).resolves.toBe(true);
    // The callback runs in the page; the test tsconfig has no DOM lib, hence the narrow cast.
    const style = await target.evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor);
    expect(style).toBe('rgb(255, 248, 214)');
    const box = await target.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(800);
    // Focus moved to the unit for keyboard and screen-reader users.
    await expect(page.locator(':focus').getAttribute('id')).resolves.toBe(id);
    // The whole document is there, not just the unit.
    await expect(page.locator('.unit').count()).resolves.toBeGreaterThan(5);
    await page.screenshot({ path: 'test-artifacts/document-cited-laptop.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-artifacts/document-cited-phone.png' });
    expect(errors.join('\n')).toBe('');
  });

  it('works with JavaScript off: plain GET form rendered on the server', async () => {
    const s = await openPage({ javaScriptEnabled: false });
    onTestFinished(() => s.close());
    const { page } = s;
    await page.goto(`${BASE}/`);
    await page.getByLabel('質問').fill(QUESTION);
    await page.getByRole('button', { name: '検索' }).click();
    await page.waitForURL(/\?q=/);
    await page.locator('#results .match').first().waitFor();
    await expect(page.locator('#results .match .copy').first().isVisible()).resolves.toBe(false);
    await screenshots(page, 'lookup-nojs');
  });

  it('keeps a markup question as text, fires no dialog, and shows the not-found state', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page, dialogs, errors } = s;
    await page.goto(`${BASE}/?q=${encodeURIComponent(XSS)}`);
    await expect(page.getByLabel('質問').inputValue()).resolves.toBe(XSS);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.locator('#results .verdict--review .verdict-title').textContent()).resolves.toBe('公開資料に該当する回答が見つかりません／要確認');
    // Typed (as-you-type path, rendered by the client script).
    await page.getByLabel('質問').fill(`${XSS} バックアップ`);
    await page.waitForURL((u) => u.searchParams.get('q') === `${XSS} バックアップ`);
    await page.waitForTimeout(800);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.locator('#results mark', { hasText: '<img' }).count()).resolves.toBe(0);
    await screenshots(page, 'lookup-xss');
    expect(dialogs.join('\n')).toBe('');
    expect(errors.join('\n')).toBe('');
  });
});

/** CSP as a set of directives, order-insensitive. */
const directives = (csp: string) =>
  new Set(
    csp
      .split(';')
      .map((d) => d.trim().replace(/\s+/g, ' '))
      .filter(Boolean),
  );

describe('security headers', { retry: RETRY }, () => {
  it('static assets (served without the Worker, headers from public/_headers) carry the same CSP as pages', async () => {
    const page = (await fetch(`${BASE}/`)).headers.get('content-security-policy') ?? '';
    const asset = (await fetch(`${BASE}/static/app.css`)).headers.get('content-security-policy') ?? '';
    expect(directives(asset)).toEqual(directives(page));
  });

  it.each(['/', '/documents', '/questionnaire', '/static/app.css', '/static/lookup.js', '/static/common.js', '/static/document.js', '/static/questionnaire.js'])('%s', async (path) => {
    const resp = await fetch(`${BASE}${path}`);
    expect(resp.status).toBe(200);
    const csp = resp.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/style-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(resp.headers.get('x-content-type-options')).toBe('nosniff');
    expect(resp.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const type = resp.headers.get('content-type') ?? '';
    if (path.endsWith('.css')) expect(type).toMatch(/^text\/css/);
    else if (path.endsWith('.js')) expect(type).toMatch(/javascript/);
    else expect(type).toMatch(/^text\/html/);
  });
});
