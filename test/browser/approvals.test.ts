// Approved answers in a real browser (issue 12): approve rows in the questionnaire review (one with
// a chosen alternate), upload the same file again, and those rows come back answered from the
// approvals; the lookup page and /approvals show them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { openPage, screenshots } from './browser';

const BASE = inject('baseUrl');
/** `wrangler dev` reloads when someone edits src/ in this shared checkout; one retry rides that out. */
const RETRY = 1;
const PRODUCT = 'LeySerKids';
const QUESTIONS = ['データのバックアップは取得していますか。', 'パスワードの最低文字数は何文字ですか。', '御社の事業継続計画について教えてください。'];

describe('approved answers', { retry: RETRY }, () => {
  it('approves rows in the review (one with a chosen alternate); the next upload answers them from the approvals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaitou-approvals-'));
    const file = join(dir, 'customer-questions.csv');
    writeFileSync(file, ['質問,回答,備考', ...QUESTIONS.map((q) => `${q},,`), ''].join('\r\n'));

    // A retry starts from no approvals (wrangler dev keeps the database of this run).
    const listed = (await (await fetch(`${BASE}/api/approvals?limit=200`)).json()) as { approvals: { id: string }[] };
    for (const a of listed.approvals) await fetch(`${BASE}/api/approvals/${a.id}`, { method: 'DELETE' });

    const s = await openPage();
    onTestFinished(() => s.close());
    const { page, dialogs, errors } = s;
    const upload = async () => {
      await page.goto(`${BASE}/questionnaire`);
      await page.getByLabel('チェックシートのファイル').setInputFiles(file);
      await page.getByLabel('回答する製品').selectOption(PRODUCT);
      await page.getByRole('button', { name: '回答を作成' }).click();
      await page.locator('#qn-results').waitFor({ state: 'visible' });
    };
    await upload();
    const row = (n: number) => page.locator(`#qn-rows tr[data-key="CSV!${n}"]`);
    // Nothing approved yet.
    await expect(page.locator('#qn-rows .badge.approved').count()).resolves.toBe(0);

    // Row 2 (backup): choose its second candidate, then tick it.
    await row(2).locator('details.alts summary').click();
    const alt = row(2).locator('details.alts li').nth(1);
    const altId = (await alt.locator('input').getAttribute('value')) ?? '';
    const altText = ((await alt.locator('.alt-text').textContent()) ?? '').trim();
    expect(altId).toMatch(/#/);
    await alt.locator('input').check();
    await row(2)
      .getByLabel(/を承認の対象にする/)
      .check();
    // Row 4 (business continuity): the shown answer, ticked too.
    const shown4 = (await row(4).locator('td').nth(4).locator('a:visible').getAttribute('href')) ?? '';
    expect(shown4).toMatch(/^\/documents\//);
    await row(4)
      .getByLabel(/を承認の対象にする/)
      .check();
    await page.getByLabel('承認者名（任意）').fill('営業部 田中');
    await page.getByRole('button', { name: /チェックした行を承認（2 行）/ }).click();
    await page.locator('#qn-approve-status', { hasText: '2 件の質問を承認しました' }).waitFor();
    await expect(row(2).locator('.badge.approved').textContent()).resolves.toContain('営業部 田中');
    await expect(row(4).locator('.badge.approved').textContent()).resolves.toContain('承認済み');
    await screenshots(page, 'approvals-review-approved');

    // The same file again: rows 2 and 4 are answered from the approvals, row 2 with the chosen alternate.
    await upload();
    await expect(row(2).getAttribute('data-bucket')).resolves.toBe('answered');
    await expect(row(2).locator('.answer-cell').textContent()).resolves.toContain(altText.slice(0, 30));
    const cite2 = (await row(2).locator('td').nth(4).locator('a:visible').getAttribute('href')) ?? '';
    expect(decodeURIComponent(cite2)).toBe(`/documents/${altId}`);
    await expect(row(2).locator('.badge.approved').textContent()).resolves.toContain('営業部 田中');
    await expect(row(4).getAttribute('data-bucket')).resolves.toBe('answered');
    await expect(row(4).locator('td').nth(4).locator('a:visible').getAttribute('href')).resolves.toBe(shown4);
    await expect(row(4).locator('.badge.approved').count()).resolves.toBe(1);
    // Row 3 was not approved.
    await expect(row(3).locator('.badge.approved').count()).resolves.toBe(0);
    await screenshots(page, 'approvals-review-second-upload');

    // The lookup page marks the approved answer (承認済み, date, approver).
    await page.goto(`${BASE}/?q=${encodeURIComponent(QUESTIONS[0]!)}&product=${encodeURIComponent(PRODUCT)}`);
    const first = page.locator('#results .match').first();
    await expect(first.getAttribute('data-unit')).resolves.toBe(altId);
    await expect(first.locator('.badge.approved').textContent()).resolves.toMatch(/^承認済み（\d{4}年\d{1,2}月\d{1,2}日・営業部 田中）$/);

    // /approvals lists both; deleting one is one click.
    await page.goto(`${BASE}/approvals`);
    await expect(page.locator('.approvals-table tbody tr').count()).resolves.toBe(2);
    await screenshots(page, 'approvals-page');
    await page.locator('.approvals-table tbody tr', { hasText: QUESTIONS[2]! }).getByRole('button', { name: /削除/ }).click();
    await page.locator('.notice', { hasText: '削除しました' }).waitFor();
    await expect(page.locator('.approvals-table tbody tr').count()).resolves.toBe(1);

    expect(dialogs.join('\n')).toBe('');
    expect(errors.join('\n')).toBe('');
  });
});
