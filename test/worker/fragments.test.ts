/// <reference types="vite/client" />
// The HTML fragments the page scripts swap in (one renderer): the lookup results block
// (`/?q=…&fragment=1`) is byte for byte what the page itself shows, and the questionnaire review
// (POST /api/questionnaire?format=html, streamed row by row) holds every row with each state it can
// be switched to, with uploaded text escaped.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { buildTinyXls, buildXlsx } from '../node/questionnaire-fixtures';
import checklistUrl from '../fixtures/school-cloud-checklist.xlsx?url&inline';

const BASE = 'https://kaitou.test';
const XSS = '<img src=x onerror=alert(1)>';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(bytes: Uint8Array, name: string, query = '?format=html'): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type: XLSX_TYPE }));
  form.append('product', 'LeySerKids');
  return SELF.fetch(`${BASE}/api/questionnaire${query}`, { method: 'POST', body: form });
}

/** The inner HTML of <div id="results-content"> on the full page. */
function resultsContent(page: string): string {
  const open = '<div id="results-content">';
  const start = page.indexOf(open) + open.length;
  const end = page.indexOf('</div></section>', start);
  return page.slice(start, end);
}

describe('lookup results fragment', () => {
  it('is exactly the block of the server-rendered page, for answers, refusals and no answer', async () => {
    for (const query of ['q=データのバックアップは取得していますか&product=LeySerKids', 'q=宇宙旅行の保険はありますか', `q=${'あ'.repeat(2001)}`, 'q=x&product=nope']) {
      const page = await (await SELF.fetch(`${BASE}/?${query}`)).text();
      const res = await SELF.fetch(`${BASE}/?${query}&fragment=1`);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const fragment = await res.text();
      expect(fragment.length).toBeGreaterThan(20);
      expect(fragment).not.toContain('<html');
      expect(fragment).toBe(resultsContent(page));
    }
  });

  it('carries the announcement for screen readers and answers refusals with their status', async () => {
    const ok = await (await SELF.fetch(`${BASE}/?q=${encodeURIComponent('データのバックアップは取得していますか')}&fragment=1`)).text();
    expect(ok).toMatch(/data-announce="回答が見つかりました（候補 \d+ 件）"/);
    const bad = await SELF.fetch(`${BASE}/?q=x&product=nope&fragment=1`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('製品「nope」は登録されていません');
  });
});

describe('questionnaire review fragment (format=html)', () => {
  it('renders the layout, totals, filters and one row per question with every choosable state', async () => {
    const url = checklistUrl;
    const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    const json = (await (await upload(bytes, 'school-cloud-checklist.xlsx', '')).json()) as {
      rows: { key: string; best: { id: string; hasAnswer: boolean } | null; alternates: { id: string; hasAnswer: boolean }[] }[];
      totals: { answered: number; questions: number };
    };
    const res = await upload(bytes, 'school-cloud-checklist.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('C（確認項目）');
    expect(html.endsWith('</div>')).toBe(true);
    expect(html).toContain(`<strong data-total="all">${json.totals.questions}</strong>`);
    expect(html).toContain(`<strong data-total="answered">${json.totals.answered}</strong>`);
    expect([...html.matchAll(/<tr data-key="/g)].length).toBe(json.rows.length);
    const rowsHtml = html.split('<tr data-key="').slice(1);
    json.rows.forEach((row, i) => {
      const tr = rowsHtml[i] ?? '';
      expect(tr.startsWith(`${row.key}"`)).toBe(true);
      const candidates = [...(row.best ? [row.best] : []), ...row.alternates];
      for (const c of candidates) {
        expect(tr).toContain(`value="${c.id}"`);
        // A candidate with an answer has its own state in the answer and source cells.
        expect(tr.split(`data-variant="${c.id}"`).length - 1).toBe(c.hasAnswer ? 2 : 0);
      }
    });
  });

  it('escapes uploaded text and shows per-row messages in Japanese from the catalog', async () => {
    const bytes = buildXlsx([
      {
        name: 'S',
        rows: [
          ['No', '質問', '回答', '備考'],
          [1, `${XSS} データのバックアップは取得していますか`, '記入済み', '記入済み'],
        ],
      },
    ]);
    const html = await (await upload(bytes, 'q.xlsx')).text();
    expect(html).not.toMatch(/<img\b/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; データのバックアップ');
    expect(html).toMatch(/data-message="cell_not_empty">(回答|備考)欄（[A-Z]+2）には既に記入があるため、変更していません。/);
  });

  it('.xls: refused with the fix as a Japanese message, no review at all (nothing of it is parsed)', async () => {
    const bytes = buildTinyXls();
    const res = await upload(bytes, 'q.xls');
    expect(res.status).toBe(415);
    const html = await res.text();
    expect(html).not.toContain('qn-download-file');
    // An .xlsx gets the active download button.
    const xlsx = await (
      await upload(
        buildXlsx([
          {
            name: 'S',
            rows: [
              ['No', '質問', '回答'],
              [1, 'データのバックアップは取得していますか', null],
            ],
          },
        ]),
        'q.xlsx',
      )
    ).text();
    expect(/<button[^>]*id="qn-download-file"[^>]*>/.exec(xlsx)?.[0]).toContain('data-download="file"');
  });
});
