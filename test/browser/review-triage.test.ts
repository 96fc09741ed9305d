// Issue 20: a review a salesperson can finish and send. Triage (a title, the reason and the best
// candidate inline on every row to review, the customer's ID), a filter that keeps a row in place,
// focus that never drops, the 提出用 file without markers (checked in the file), 空欄 that stays
// empty, the cells counter, and a draft that survives a reload and a product change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { ARTIFACTS, openPage } from './browser';

const BASE = inject('baseUrl');
const RETRY = 1;
const CHECKLIST = join(process.cwd(), 'test/fixtures/school-cloud-checklist.xlsx');
const CAIQ = join(process.cwd(), 'test/fixtures/real/en-caiq-v4.0.3-blank.xlsx');
const PRODUCT = 'LeySerKids';
const SIZES = { laptop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;

async function upload(page: Page, file: string, product = PRODUCT): Promise<void> {
  await page.getByLabel('チェックシートのファイル').setInputFiles(file);
  await page.getByLabel('回答する製品').selectOption(product);
  await page.getByRole('button', { name: '回答を作成' }).click();
  await page.locator('#qn-results').waitFor({ state: 'visible' });
}

/** What has focus: an element id, tag and text (never BODY while working on the review). */
const focused = (page: Page) => page.evaluate('(() => { const a = document.activeElement; return a ? `${a.tagName}#${a.id}` : "none"; })()') as Promise<string>;

/** Screenshots of what a salesperson sees first (the viewport), and the whole page. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.locator('#qn-summary').scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollTo(0, document.getElementById("qn-results-title").getBoundingClientRect().top + window.scrollY - 8)');
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size}-first.png`) });
    // The first rows to review, as the table shows them.
    await page.locator('#qn-rows tr[data-bucket="review"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size}-review-row.png`) });
  }
  await page.setViewportSize(SIZES.laptop);
}

function cellsOf(path: string): string[] {
  const wb = XLSX.read(readFileSync(path), { type: 'buffer' });
  return Object.values(wb.Sheets).flatMap((sheet) =>
    Object.entries(sheet!)
      .filter(([k]) => !k.startsWith('!'))
      .map(([, c]) => String((c as { v?: unknown }).v ?? '')),
  );
}

describe('review triage (issue 20)', { retry: RETRY }, () => {
  it('says why on every row to review, accepts the best candidate in one click, keeps rows under a filter, and keeps focus', async () => {
    const s = await openPage({ viewport: SIZES.laptop });
    onTestFinished(() => s.close());
    const { page, errors, dialogs } = s;
    await page.goto(`${BASE}/questionnaire`);
    await upload(page, CHECKLIST);

    // Focus lands on the summary, which says what is left to do.
    await expect(focused(page)).resolves.toBe('DIV#qn-summary');
    await expect(page.locator('#qn-summary-text').textContent()).resolves.toMatch(/^40 問のうち、回答あり \d+ 問・候補あり・要確認 \d+ 問・記載なし \d+ 問（うち空欄にした行 0 問）。$/);
    await expect(page.locator('#qn-legend').textContent()).resolves.toContain('確度：高＝');

    // Every row has one of the three titles; every row to review says why, with its best candidate.
    const titles = await page.locator('#qn-rows .answer-cell > [data-variant="auto"] .verdict-title').allTextContents();
    expect(titles).toHaveLength(40);
    for (const t of titles) expect(['回答あり', '候補あり・要確認', '記載なし']).toContain(t);
    const reviewRows = page.locator('#qn-rows tr[data-bucket="review"]');
    const n = await reviewRows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const reason = (await reviewRows.nth(i).locator('.reason').allTextContents()).join(' ').trim();
      expect(reason, `row ${i}`).toMatch(/^理由：.+/);
    }
    // A conflict shows the two texts side by side, named by document and item (never raw ids).
    const conflict = page.locator('#qn-rows tr', { has: page.locator('[data-reason="reason_conflict"]') }).first();
    await expect(conflict.locator('.reason').first().textContent()).resolves.toMatch(/資料間で記載が異なります（A: .+／B: .+）/);
    await expect(conflict.locator('.conflict-side').count()).resolves.toBeGreaterThanOrEqual(2);
    const captions = await conflict.locator('.conflict-side figcaption').allTextContents();
    for (const c of captions) expect(c).toMatch(/^[A-Z]: .+ 項番 /);
    // The customer's No. column is shown next to the Excel row.
    await expect(page.locator('#qn-rows tr').first().locator('.qid').textContent()).resolves.toBe('2');

    // Under 要確認, accepting the inline candidate keeps the row where it is, marked; focus stays on the row.
    await page.getByLabel(/^要確認/).check();
    const reviewBefore = Number(await page.locator('#qn-summary [data-total="review_candidate"]').textContent());
    const key =
      (await page
        .locator('#qn-rows tr[data-bucket="review"]:not([hidden])', { has: page.locator('button.accept-cand') })
        .first()
        .getAttribute('data-key')) ?? '';
    const row = page.locator(`#qn-rows tr[data-key="${key}"]`);
    const cellsBefore = Number(await page.locator('[data-total="cells_written"]').textContent());
    await row.getByRole('button', { name: /この候補で回答/ }).click();
    const same = page.locator(`#qn-rows tr[data-key="${key}"]`);
    await expect(same.isVisible()).resolves.toBe(true);
    await expect(same.getAttribute('data-bucket')).resolves.toBe('answered');
    await expect(same.locator('.moved-note').textContent()).resolves.toContain('「回答済み」に移りました');
    await expect(same.locator('.answer-cell > [data-variant]:not([hidden])').textContent()).resolves.toContain('回答あり（選択した候補）');
    expect(await focused(page)).not.toMatch(/^BODY/);
    await expect(page.locator('[data-total="chosen"]').textContent()).resolves.toBe('1');
    await expect(page.locator('#qn-summary [data-total="review_candidate"]').textContent()).resolves.toBe(String(reviewBefore - 1));
    // The counter follows the choice (the candidate's cells instead of the marker's).
    const cellsAfter = Number(await page.locator('[data-total="cells_written"]').textContent());
    expect(cellsAfter).toBeGreaterThanOrEqual(cellsBefore);

    // Keyboard: N goes to the next row to review, A answers it with its best candidate.
    await page.keyboard.press('n');
    const nextKey = (await page.evaluate('document.activeElement.closest("tr")?.dataset.key')) as string;
    expect(nextKey).toBeTruthy();
    expect(nextKey).not.toBe(key);
    const next = page.locator(`#qn-rows tr[data-key="${nextKey}"]`);
    if ((await next.getAttribute('data-best')) !== null) {
      await page.keyboard.press('a');
      await expect(next.getAttribute('data-bucket')).resolves.toBe('answered');
      expect(await focused(page)).not.toMatch(/^BODY/);
    }

    // Switching the filter again applies it: the answered rows leave 要確認.
    await page.getByLabel(/^全件/).check();
    await page.getByLabel(/^要確認/).check();
    await expect(same.isHidden()).resolves.toBe(true);
    await page.getByLabel(/^全件/).check();

    // 空欄: an answered row cleared costs its cells; the search box finds a row by its No.
    const answeredKey = (await page.locator('#qn-rows tr[data-bucket="answered"][data-auto-bucket="answered"]').first().getAttribute('data-key')) ?? '';
    const answered = page.locator(`#qn-rows tr[data-key="${answeredKey}"]`);
    await answered.locator('details.alts summary').click();
    const before = Number(await page.locator('[data-total="cells_written"]').textContent());
    await answered.getByLabel('回答を空欄にする').check();
    const after = Number(await page.locator('[data-total="cells_written"]').textContent());
    expect(after).toBeLessThan(before);
    await page.getByLabel('質問・ID を検索').fill('バックアップ');
    const shown = await page.locator('#qn-rows tr:not([hidden]) .q-cell').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const q of shown) expect(q).toContain('バックアップ');
    await page.getByLabel('質問・ID を検索').fill('');

    // 「回答済みをすべて承認対象にする」 ticks every answered row not yet approved (nothing is approved until the button below).
    await page.getByRole('button', { name: '回答済みをすべて承認対象にする' }).click();
    const ticked = await page.locator('#qn-rows tr[data-bucket="answered"] .approve-controls:not([hidden]) input:checked').count();
    expect(ticked).toBeGreaterThan(10);
    await expect(page.locator('#qn-approve-checked').textContent()).resolves.toBe(`チェックした行を承認（${ticked} 行）`);
    await expect(page.locator('#qn-rows tr[data-bucket="review"] .approve-controls input:checked').count()).resolves.toBe(0);

    await shoot(page, 'review-checklist');
    expect(errors.join('\n')).toBe('');
    expect(dialogs.join('\n')).toBe('');
  });

  it('downloads the 提出用 file without any marker, leaves a cleared row empty, and keeps the working file as it was', async () => {
    const s = await openPage({ viewport: SIZES.laptop });
    onTestFinished(() => s.close());
    const { page } = s;
    await page.goto(`${BASE}/questionnaire`);
    await upload(page, CHECKLIST);
    // Clear an answered row.
    const answeredKey = (await page.locator('#qn-rows tr[data-auto-bucket="answered"]').first().getAttribute('data-key')) ?? '';
    const answered = page.locator(`#qn-rows tr[data-key="${answeredKey}"]`);
    const rowNumber = Number(answeredKey.split('!').pop());
    await answered.locator('details.alts summary').click();
    await answered.getByLabel('回答を空欄にする').check();

    const [working] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '回答を記入したファイル' }).click()]);
    const workingPath = join(ARTIFACTS, 'review-working.xlsx');
    await working.saveAs(workingPath);
    expect(cellsOf(workingPath).some((t) => t.includes('【要確認】'))).toBe(true);

    await page.getByLabel('提出用に出典の行を含める').uncheck();
    const [submit] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /提出用ファイル/ }).click()]);
    expect(submit.suggestedFilename()).toContain('提出用');
    const submitPath = join(ARTIFACTS, 'review-submit.xlsx');
    await submit.saveAs(submitPath);
    const texts = cellsOf(submitPath);
    expect(texts.filter((t) => /【要確認】|\[REVIEW NEEDED\]/.test(t))).toEqual([]);
    expect(texts.filter((t) => t.includes('（出典:'))).toEqual([]);
    for (const path of [workingPath, submitPath]) {
      const sheet = XLSX.read(readFileSync(path), { type: 'buffer' }).Sheets['チェックシート']!;
      expect(sheet[`D${rowNumber}`]?.v ?? '').toBe('');
      expect(sheet[`E${rowNumber}`]?.v ?? '').toBe('');
    }
  });

  it('keeps the review as a draft: warns before a product change, survives a reload, resumes on the same file, and exports memos', async () => {
    const s = await openPage({ viewport: SIZES.laptop });
    onTestFinished(() => s.close());
    const { page, dialogs } = s;
    await page.goto(`${BASE}/questionnaire`);
    await upload(page, CHECKLIST);
    const key =
      (await page
        .locator('#qn-rows tr', { has: page.locator('button.accept-cand') })
        .first()
        .getAttribute('data-key')) ?? '';
    const row = page.locator(`#qn-rows tr[data-key="${key}"]`);
    await row.getByRole('button', { name: /この候補で回答/ }).click();
    await row.getByLabel('メモ').fill('情報システム部に確認中');

    // A product change asks first (on the page, not a browser dialog); cancelling keeps everything.
    await page.getByLabel('回答する製品').selectOption('LeySer Web出願');
    await expect(page.locator('#qn-confirm').isVisible()).resolves.toBe(true);
    await expect(page.locator('#qn-confirm-text').textContent()).resolves.toContain('選択 1 行・メモ 1 行');
    await expect(focused(page)).resolves.toBe('BUTTON#qn-confirm-ok');
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await expect(page.getByLabel('回答する製品').inputValue()).resolves.toBe(PRODUCT);
    await expect(page.locator('#qn-results').isVisible()).resolves.toBe(true);
    await expect(page.locator(`#qn-rows tr[data-key="${key}"]`).getAttribute('data-bucket')).resolves.toBe('answered');

    // …confirming it takes the review off the page.
    await page.getByLabel('回答する製品').selectOption('LeySer Web出願');
    await page.getByRole('button', { name: '製品を変更する' }).click();
    await expect(page.locator('#qn-results').isVisible()).resolves.toBe(false);

    // Reload, upload the same file for the same product: the draft is offered and resumed.
    await page.reload();
    await upload(page, CHECKLIST);
    await expect(page.locator('#qn-draft').isVisible()).resolves.toBe(true);
    await expect(page.locator('#qn-draft-text').textContent()).resolves.toContain('選択 1 行・メモ 1 行');
    await page.getByRole('button', { name: '続きから再開する' }).click();
    const resumed = page.locator(`#qn-rows tr[data-key="${key}"]`);
    await expect(resumed.getAttribute('data-bucket')).resolves.toBe('answered');
    await expect(resumed.getByLabel('メモ').inputValue()).resolves.toBe('情報システム部に確認中');
    await expect(page.locator('[data-total="chosen"]').textContent()).resolves.toBe('1');

    // 回答を作成 again asks first too; cancelling returns focus to the button and keeps the review.
    await page.getByRole('button', { name: '回答を作成' }).click();
    await expect(page.locator('#qn-confirm-text').textContent()).resolves.toMatch(/^作成し直すと、表示中の確認内容（選択 1 行・メモ 1 行）は画面から消えます。下書きはこのブラウザに保存してあり/);
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await expect(focused(page)).resolves.toBe('BUTTON#qn-submit');
    await expect(page.locator('[data-total="chosen"]').textContent()).resolves.toBe('1');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '確認リスト（CSV）' }).click()]);
    const csvPath = join(ARTIFACTS, 'review-memos.csv');
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, 'utf8');
    expect(text).toContain('情報システム部に確認中');
    expect(text.split('\r\n')[0]).toContain('メモ');

    // Another product is another draft: none offered there.
    await page.getByLabel('回答する製品').selectOption('LeySer Web出願');
    await page.getByRole('button', { name: '製品を変更する' }).click();
    await page.getByRole('button', { name: '回答を作成' }).click();
    await page.locator('#qn-results').waitFor({ state: 'visible' });
    await expect(page.locator('#qn-draft').isVisible()).resolves.toBe(false);
    // The file itself never left for storage: only choices and memos are in localStorage.
    const stored = (await page.evaluate('JSON.stringify(Object.entries(localStorage))')) as string;
    expect(stored).toContain('情報システム部に確認中');
    expect(stored).not.toContain('バックアップ');
    expect(dialogs.join('\n')).toBe('');
  });

  it('CAIQ: the control ID beside the row, English questions marked lang="en", reasons inline; screenshots', async () => {
    const s = await openPage({ viewport: SIZES.laptop });
    onTestFinished(() => s.close());
    const { page, errors } = s;
    await page.goto(`${BASE}/questionnaire`);
    await upload(page, CAIQ);
    const first = page.locator('#qn-rows tr').first();
    await expect(first.locator('.qid').textContent()).resolves.toBe('A&A-01.1');
    await expect(first.locator('.q-cell').getAttribute('lang')).resolves.toBe('en');
    const review = page.locator('#qn-rows tr[data-bucket="review"]');
    const count = await review.count();
    expect(count).toBeGreaterThan(100);
    // Not one bare 「要確認：回答を確定できません」 any more: each says why.
    for (const i of [0, Math.floor(count / 2), count - 1]) await expect(review.nth(i).locator('.reason').first().textContent()).resolves.toMatch(/^理由：/);
    await shoot(page, 'review-caiq');
    expect(errors.join('\n')).toBe('');
  });
});

describe('a big questionnaire (HECVAT 4.1.4)', { retry: RETRY }, () => {
  it('renders the review and makes the first row interactive within 2 s of the reply; the sheet filter narrows the rows', async () => {
    const s = await openPage({ viewport: SIZES.laptop });
    onTestFinished(() => s.close());
    const { page, errors } = s;
    await page.goto(`${BASE}/questionnaire`);
    await page.getByLabel('チェックシートのファイル').setInputFiles(join(process.cwd(), 'test/fixtures/real/en-hecvat-4.1.4-blank.xlsx'));
    await page.getByLabel('回答する製品').selectOption(PRODUCT);
    // The moment the reply is complete, then the moment the first row's candidate can be accepted.
    const replied = page
      .waitForResponse((r) => r.url().includes('/api/questionnaire?format=html'))
      .then(async (r) => {
        await r.finished();
        return Date.now();
      });
    await page.getByRole('button', { name: '回答を作成' }).click();
    const repliedAt = await replied;
    const firstControl = page.locator('#qn-rows tr').first().locator('button.accept-cand, details.alts summary, .alts--clear input').first();
    await firstControl.waitFor({ state: 'visible' });
    await firstControl.focus();
    const readyAt = Date.now();
    expect(readyAt - repliedAt).toBeLessThan(2000);
    await expect(focused(page)).resolves.not.toMatch(/^BODY/);

    // Several question sheets: one filter chip per sheet; choosing one shows only its rows.
    const sheets = await page.locator('#qn-sheets input[name="qn-sheet-filter"]').evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? '').filter((v) => v !== ''));
    expect(sheets.length).toBeGreaterThan(1);
    await page.locator(`#qn-sheets input[value="${sheets[1]}"]`).check();
    const keys = await page.locator('#qn-rows tr:not([hidden])').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-key') ?? ''));
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.startsWith(`${sheets[1]}!`)).toBe(true);
    // HECVAT's own IDs (GNRL-01 …) are beside the rows.
    const ids = await page.locator('#qn-rows .qid').allTextContents();
    expect(ids.some((id) => /^[A-Z]{4}-\d{2}/.test(id))).toBe(true);
    expect(errors.join('\n')).toBe('');
  });
});
