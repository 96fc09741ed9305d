// Questionnaire page in a real browser: upload, review, choose an alternate, download and check
// the workbook; bad files and markup in uploaded questions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { ARTIFACTS, openPage, screenshots } from './browser';

const BASE = inject('baseUrl');
/** `wrangler dev` reloads when someone edits src/ in this shared checkout; one retry rides that out. */
const RETRY = 1;
const FIXTURE = join(process.cwd(), 'test/fixtures/school-cloud-checklist.xlsx');
const PRODUCT = 'LeySerKids';
const XSS = '<img src=x onerror=alert(1)>';

describe('questionnaire page', { retry: RETRY }, () => {
  it('uploads a checklist, shows layout and results, takes an alternate, and downloads a workbook with that choice', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page, dialogs, errors } = s;
    await page.goto(`${BASE}/questionnaire`);
    await screenshots(page, 'questionnaire-empty');

    await page.getByLabel('チェックシートのファイル').setInputFiles(FIXTURE);
    await expect(page.locator('#qn-file-name').textContent()).resolves.toContain('school-cloud-checklist.xlsx');
    await page.getByLabel('回答する製品').selectOption(PRODUCT);
    await page.getByRole('button', { name: '回答を作成' }).click();
    await page.locator('#qn-results').waitFor({ state: 'visible' });

    // Detected layout, in Japanese, before anything is downloaded.
    const layout = (await page.locator('#qn-layout').textContent()) ?? '';
    expect(layout).toContain('チェックシート');
    expect(layout).toContain('C（確認項目）');
    expect(layout).toMatch(/5 行目/);
    const rows = page.locator('#qn-rows tr');
    const total = await rows.count();
    expect(total).toBeGreaterThan(10);

    // Filters: 要確認 shows only rows in that bucket; 全件 brings all back.
    await page.getByLabel(/^要確認/).check();
    const review = await page.locator('#qn-rows tr:not([hidden])').count();
    expect(review).toBeGreaterThan(0);
    expect(review).toBeLessThan(total);
    for (const b of await page.locator('#qn-rows tr:not([hidden])').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-bucket')))) expect(b).toBe('review');
    await page.getByLabel(/^全件/).check();
    await expect(page.locator('#qn-rows tr:not([hidden])').count()).resolves.toBe(total);

    // Choose the second candidate of the first answered row that has one with an answer.
    const row = page.locator('#qn-rows tr[data-bucket="answered"]', { has: page.locator('details.alts li:nth-child(2) input:not([disabled])') }).first();
    const key = (await row.getAttribute('data-key')) ?? '';
    const rowNumber = Number(key.split('!').pop());
    await row.locator('details.alts summary').click();
    const alt = row.locator('details.alts li').nth(1);
    const unitId = (await alt.locator('input').getAttribute('value')) ?? '';
    const altText = ((await alt.locator('.alt-text').textContent()) ?? '').trim();
    expect(unitId).toMatch(/#/);
    await alt.locator('input').check();
    const chosenRow = page.locator(`#qn-rows tr[data-key="${key}"]`);
    await expect(chosenRow.locator('.answer-cell').textContent()).resolves.toContain('選択した候補を記入します');
    // Only the chosen state is shown (the review is server-rendered with every state; the script picks one).
    const shown = chosenRow.locator('.answer-cell > [data-variant]:not([hidden])');
    await expect(shown.count()).resolves.toBe(1);
    await expect(shown.textContent()).resolves.toContain(altText.slice(0, 30));
    await expect(chosenRow.locator('td:nth-child(4) > [data-variant]:not([hidden])').textContent()).resolves.toBe('選択済み');
    await expect(page.locator('[data-total="chosen"]').textContent()).resolves.toBe('1');
    await screenshots(page, 'questionnaire-results');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '回答を記入したファイル' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = join(ARTIFACTS, 'questionnaire-filled.xlsx');
    await download.saveAs(saved);
    const wb = XLSX.read(readFileSync(saved), { type: 'buffer' });
    const sheet = wb.Sheets['チェックシート'];
    expect(sheet).toBeDefined();
    const remarks = String(sheet![`E${rowNumber}`]?.v ?? '');
    expect(remarks).toContain(altText.slice(0, 30));
    expect(remarks).toContain(`項番 ${unitId.split('#')[1]}`);
    await expect(page.locator('#qn-download-status').textContent()).resolves.toContain('ダウンロードしました');

    const [reviewCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '確認リスト（CSV）' }).click()]);
    expect(reviewCsv.suggestedFilename()).toMatch(/\.csv$/);

    expect(dialogs.join('\n')).toBe('');
    expect(errors.join('\n')).toBe('');
  });

  it('shows the server error in Japanese next to the upload for a file that is not a questionnaire', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page } = s;
    await page.goto(`${BASE}/questionnaire`);
    await page.getByLabel('チェックシートのファイル').setInputFiles({ name: 'not-a-sheet.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('%PDF-1.4 this is not a spreadsheet') });
    await page.getByLabel('回答する製品').selectOption(PRODUCT);
    await page.getByRole('button', { name: '回答を作成' }).click();
    const err = page.locator('#qn-error');
    await err.waitFor({ state: 'visible' });
    await expect(err.getAttribute('role')).resolves.toBe('alert');
    const text = (await err.textContent()) ?? '';
    expect(text).toMatch(/^エラー/);
    expect(text).toContain('選び直してください');
    expect(text).toMatch(/[ぁ-んァ-ン]/);
    await expect(page.locator('#qn-results').isVisible()).resolves.toBe(false);
    await screenshots(page, 'questionnaire-error');
  });

  it('keeps markup from an uploaded question as text', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['No', '質問', '回答', '備考'],
        [1, `${XSS} データは暗号化されていますか？`, '', ''],
        [2, 'データのバックアップは取得していますか', '', ''],
      ]),
      'Sheet1',
    );
    const buffer = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page, dialogs } = s;
    await page.goto(`${BASE}/questionnaire`);
    await page.getByLabel('チェックシートのファイル').setInputFiles({ name: `${XSS}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await page.getByLabel('回答する製品').selectOption(PRODUCT);
    await page.getByRole('button', { name: '回答を作成' }).click();
    await page.locator('#qn-results').waitFor({ state: 'visible' });
    await expect(page.locator('#qn-rows .q-cell').first().textContent()).resolves.toBe(`${XSS} データは暗号化されていますか？`);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.locator('#qn-file-name').textContent()).resolves.toContain(XSS);
    expect(dialogs.join('\n')).toBe('');
  });

  it('shows small files in bytes in the picker summary (an empty file is 0 バイト, not 1 KB)', async () => {
    const s = await openPage();
    onTestFinished(() => s.close());
    const { page } = s;
    await page.goto(`${BASE}/questionnaire`);
    const picker = page.getByLabel('チェックシートのファイル');
    const name = page.locator('#qn-file-name');
    await picker.setInputFiles({ name: 'empty.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.alloc(0) });
    await expect(name.textContent()).resolves.toBe('選択中: empty.xlsx（0 バイト）');
    await picker.setInputFiles({ name: 'half.csv', mimeType: 'text/csv', buffer: Buffer.alloc(512, 0x61) });
    await expect(name.textContent()).resolves.toBe('選択中: half.csv（512 バイト）');
    await picker.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(20 * 1024, 0x61) });
    await expect(name.textContent()).resolves.toBe('選択中: big.csv（20 KB）');
  });
});
