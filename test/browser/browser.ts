// Shared harness for the browser tests: Chromium (see chromium.ts for which one) driven by
// playwright-core, a fresh profile per run, and screenshots in test-artifacts/ at laptop and phone sizes.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every JavaScript dialog (alert/confirm/prompt) the page opened: must stay empty. */
  dialogs: string[];
  /** Page errors and console errors (CSP violations, failed loads). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile (its own user-data-dir, removed on close). Playwright
 * takes the profile directory through launchPersistentContext rather than --user-data-dir.
 */
export async function openPage(options: BrowserContextOptions = {}): Promise<Session> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = inject('chromium');
  if ('error' in browser) throw new Error(browser.error);
  const profile = mkdtempSync(join(tmpdir(), 'kaitou-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    args: [...browser.args, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: VIEWPORTS.laptop,
    locale: 'ja-JP',
    acceptDownloads: true,
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return {
    context,
    page,
    dialogs,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Full-page screenshots at laptop and phone width; the page is restored to laptop size after. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    // From the top: a scrolled page shifts sticky elements in full-page captures.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.laptop);
}
