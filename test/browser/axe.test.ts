// Issue 20: axe (axe-core, WCAG 2.x A/AA rules and best practices) finds nothing on every page:
// lookup (empty and with results), the questionnaire page with the review of the sample checklist
// and of CAIQ, every document page, the document list and the approvals page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { openPage } from './browser';

const BASE = inject('baseUrl');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe's violations on the page as it is now, one line each (rule, help, first targets). */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') does not apply.
  await page.evaluate(AXE);
  const found = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))')) as Violation[];
  return found.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')})`,
  );
}

describe('axe: 0 violations', { retry: 1 }, () => {
  it('on the lookup, document, approvals pages and the document pages', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page } = s;
    const documents = ((await (await fetch(`${BASE}/api/documents`)).json()) as { documents: { id: string }[] }).documents;
    expect(documents.length).toBeGreaterThan(0);
    const paths = [
      '/',
      `/?q=${encodeURIComponent('データのバックアップは取得していますか')}&product=LeySerKids`,
      `/?q=${encodeURIComponent('データの削除')}`,
      '/documents',
      '/approvals',
      '/questionnaire',
      ...documents.map((d) => `/documents/${encodeURIComponent(d.id)}`),
    ];
    const report: string[] = [];
    for (const path of paths) {
      await page.goto(`${BASE}${path}`);
      for (const v of await violations(page)) report.push(`${path} ${v}`);
    }
    expect(report).toEqual([]);
  });

  it('on the review of the sample checklist and of CAIQ, with a choice made and a candidate accepted', async () => {
    const s = await openPage({ viewport: { width: 1366, height: 900 } });
    onTestFinished(() => s.close());
    const { page } = s;
    const report: string[] = [];
    for (const file of ['test/fixtures/school-cloud-checklist.xlsx', 'test/fixtures/real/en-caiq-v4.0.3-blank.xlsx']) {
      await page.goto(`${BASE}/questionnaire`);
      await page.getByLabel('チェックシートのファイル').setInputFiles(join(process.cwd(), file));
      await page.getByLabel('回答する製品').selectOption('LeySerKids');
      await page.getByRole('button', { name: '回答を作成' }).click();
      await page.locator('#qn-results').waitFor({ state: 'visible' });
      await page.locator('#qn-rows button.accept-cand').first().click();
      await page.getByLabel(/^要確認/).check();
      for (const v of await violations(page)) report.push(`${file} ${v}`);
    }
    expect(report).toEqual([]);
  });
});
