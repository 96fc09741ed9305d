// Layout at laptop width (1366 px, the commonest laptop screen): the review's approval badge stays
// inside the table, and short column headers do not break mid-word.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { ARTIFACTS, openPage } from './browser';

const BASE = inject('baseUrl');
const LAPTOP = { width: 1366, height: 768 };
const QUESTION = 'データのバックアップは取得していますか。';

/** Line boxes of an element's text: 1 when it does not wrap. */
async function lineCount(node: Locator): Promise<number> {
  // Runs in the page; this project's Node typings have no DOM, hence the loose types.
  return node.evaluate((el: any) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    const rects: { width: number; top: number }[] = [...range.getClientRects()];
    return new Set(rects.filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

async function dropApprovals(): Promise<void> {
  const listed = (await (await fetch(`${BASE}/api/approvals?limit=200`)).json()) as { approvals: { id: string; question: string }[] };
  for (const a of listed.approvals.filter((x) => x.question === QUESTION)) await fetch(`${BASE}/api/approvals/${a.id}`, { method: 'DELETE' });
}

describe('laptop width (1366 px)', () => {
  it('keeps the approval badge inside the review table and the layout headers on one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaitou-fit-'));
    const file = join(dir, 'fit.csv');
    // Long header texts (as customers' sheets have) squeeze the layout table's short columns.
    const long = 'について、貴社の状況をできるだけ具体的にご記入ください（該当しない場合はその理由）';
    writeFileSync(file, [`質問${long},回答${long},備考${long}`, `${QUESTION},,`, ''].join('\r\n'));
    // Start from no approval of this question (another browser test may have approved it: then
    // the row is answered from the approval and offers no approve button), and leave none behind.
    await dropApprovals();
    const s = await openPage({ viewport: LAPTOP });
    onTestFinished(async () => {
      await dropApprovals();
      await s.close();
    });
    const { page } = s;
    await page.goto(`${BASE}/questionnaire`);
    await page.getByLabel('チェックシートのファイル').setInputFiles(file);
    await page.getByLabel('回答する製品').selectOption('LeySerKids');
    await page.getByRole('button', { name: '回答を作成' }).click();
    await page.locator('#qn-results').waitFor({ state: 'visible' });
    const row = page.locator('#qn-rows tr[data-key="CSV!2"]');
    await expect(row.count()).resolves.toBe(1);
    await page.getByLabel('承認者名（任意）').fill('営業部 田中');
    await row.getByRole('button', { name: 'この回答を承認' }).click();
    const badge = row.locator('.badge.approved:visible');
    await badge.waitFor();

    const table = page.locator('#qn-table');
    const wrap = page.locator('#qn-table').locator('xpath=..');
    const [badgeBox, tableBox] = [await badge.boundingBox(), await table.boundingBox()];
    await page.screenshot({ path: join(ARTIFACTS, 'laptop-fit-review.png'), fullPage: true });
    expect(badgeBox && tableBox).toBeTruthy();
    expect(badgeBox!.x + badgeBox!.width).toBeLessThanOrEqual(tableBox!.x + tableBox!.width);
    // …and the table itself needs no sideways scrolling at this width.
    const overflow = await wrap.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    for (const th of await page.locator('#qn-layout thead th').all()) expect(await lineCount(th), (await th.textContent()) ?? '').toBe(1);

    // /approvals lists the approval: its table fits the page too.
    await page.goto(`${BASE}/approvals`);
    await page.locator('.approvals-table').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'laptop-fit-approvals.png'), fullPage: true });
    const pageOverflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(pageOverflow).toBeLessThanOrEqual(0);
    const approvals = page.locator('.approvals-table');
    const box = await approvals.boundingBox();
    for (const b of await approvals.locator('.badge').all()) {
      const bb = await b.boundingBox();
      expect(bb!.x + bb!.width).toBeLessThanOrEqual(box!.x + box!.width);
    }
    for (const th of await approvals.locator('thead th').all()) expect(await lineCount(th), (await th.textContent()) ?? '').toBe(1);
  });
});
