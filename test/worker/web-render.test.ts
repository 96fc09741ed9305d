// Rendering of lookup results from crafted responses: independent of what retrieval returns, so
// escaping, highlighting, confidence labels and the not-answered state are pinned down exactly.
import { describe, expect, it } from 'vitest';
import { Results } from '../../src/web/components';
import { confidenceLevel, copyText, splitHighlights, unitHref } from '../../src/web/labels';
import { DEFAULT_OPTIONS } from '../../src/search/options';
import type { LookupResponse, Match } from '../../src/search/contract';
import { PRODUCTS } from '../../src/corpus/store';

const XSS = '<img src=x onerror=alert(1)>';

function match(over: Partial<Match> = {}): Match {
  return {
    id: 'leyser-checksheet-mic#25',
    documentId: 'leyser-checksheet-mic',
    documentTitle: 'LeySerセキュリティチェックシート（総務省版）',
    item: '25',
    heading: 'バックアップ対策',
    answer: 'データベースに保管されるお客様のデータは、日次でバックアップを取得しております。',
    mark: null,
    hasAnswer: true,
    products: ['LeySer System', 'LeySerKids'],
    score: 12,
    confidence: 0.97,
    citation: { text: '「LeySerセキュリティチェックシート（総務省版）」第2.0版 2025年10月1日更新、項番 25', url: '/documents/leyser-checksheet-mic#25' },
    matchedTerms: ['バックアップ'],
    ...over,
  };
}

async function render(res: LookupResponse): Promise<string> {
  return (await Results({ res }).toString()) as string;
}

describe('Results', () => {
  it("says whose material the first answer is only when no product was chosen and it is not every product's", async () => {
    const note = 'この回答は RaySheet、RayPen 向けの資料の記載です。製品を選ぶと製品ごとの回答になります。';
    const some = match({ products: ['RaySheet', 'RayPen'] });
    expect(await render({ question: 'q', product: null, verdict: 'answered', matches: [some], notes: [] })).toContain(note);
    expect(await render({ question: 'q', product: 'RaySheet', verdict: 'answered', matches: [some], notes: [] })).not.toContain('product-scope');
    expect(await render({ question: 'q', product: null, verdict: 'answered', matches: [match({ products: [...PRODUCTS] })], notes: [] })).not.toContain('product-scope');
  });

  it('shows the official answer with highlighted terms, labels, citation link and copy text', async () => {
    const html = await render({ question: 'バックアップ', product: null, verdict: 'answered', matches: [match({ mark: { printed: '○', value: 'yes' } })], notes: [] });
    expect(html).toContain('<mark>バックアップ</mark>対策');
    expect(html).toContain('確度: 高');
    expect(html).toContain('<span aria-hidden="true">○</span> 対応');
    expect(html).toContain('<a href="/documents/leyser-checksheet-mic#25">「LeySerセキュリティチェックシート（総務省版）」第2.0版');
    expect(html).toContain('LeySer System、LeySerKids');
    expect(html).toMatch(/<button type="button" class="copy btn btn--small" data-copy="○\nデータベースに保管される[^"]*\n出典: 「LeySer[^"]*項番 25" hidden="">/);
    expect(html).not.toContain('公開資料に該当する回答が見つかりません');
  });

  it('escapes markup in every field, including highlighted parts', async () => {
    const evil = match({ heading: `見出し${XSS}`, answer: `回答${XSS}`, matchedTerms: ['<img', XSS], citation: { text: XSS, url: '/documents/x#"><script>' }, products: [XSS] });
    const html = await render({ question: XSS, product: null, verdict: 'answered', matches: [evil], notes: [{ kind: 'conflict', message: XSS, units: [`a#${XSS}`] }] });
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<mark>&lt;img src=x onerror=alert(1)&gt;</mark>');
    expect(html).toContain('href="/documents/x#&quot;&gt;&lt;script&gt;"');
  });

  it('never shows a weak or non-answered match as confident', async () => {
    for (const verdict of ['needs_review', 'no_match'] as const) {
      const html = await render({ question: 'q', product: null, verdict, matches: verdict === 'no_match' ? [] : [match({ confidence: 0.95 })], notes: [] });
      expect(html).toContain('公開資料に該当する回答が見つかりません／要確認');
      expect(html).not.toMatch(/確度: (高|中)/);
      if (verdict === 'needs_review') {
        expect(html).toContain('確度: 要確認');
        expect(html).toContain('参考候補（要確認）');
        expect(html).toContain('match--review');
      }
    }
    const noAnswer = await render({ question: 'q', product: null, verdict: 'answered', matches: [match({ hasAnswer: false, answer: '' })], notes: [] });
    expect(noAnswer).toContain('公開資料のこの項目には回答が記載されていません。');
    expect(noAnswer).toContain('確度: 要確認');
    expect(noAnswer).not.toContain('class="copy"');
  });

  it("shows the selected product's part of the answer first and copies the whole statement plus that part (issue 20), or the answer only", async () => {
    const m = match({ productAnswer: 'LeySerKids：日次バックアップ', answer: '有り\nLeySer System：週次 LeySerKids：日次バックアップ' });
    const html = await render({ question: 'q', product: 'LeySerKids', verdict: 'answered', matches: [m], notes: [] });
    expect(html).toContain('<p class="part-label">LeySerKids についての記載</p>');
    expect(html).toContain('data-copy="有り\nLeySer System：週次 LeySerKids：日次バックアップ\n【LeySerKids の場合】LeySerKids：日次バックアップ\n出典:');
    expect(html).toContain('data-copy="有り\nLeySer System：週次 LeySerKids：日次バックアップ\n【LeySerKids の場合】LeySerKids：日次バックアップ" hidden="">回答のみコピー');
  });

  it('shows 同上 rows as the resolved answer plus the printed wording', async () => {
    const html = await render({ question: 'q', product: null, verdict: 'answered', matches: [match({ answerAsPrinted: '同上' })], notes: [] });
    expect(html).toContain('資料上の記載は「同上」です。');
  });

  it('links the units of a note to their document page, named by document and item (never raw ids), the label said once', async () => {
    const html = await render({
      question: 'q',
      product: null,
      verdict: 'answered',
      matches: [match()],
      notes: [{ kind: 'conflict', message: '資料によって回答が異なります', units: ['leyser-checksheet-mic#25', 'leyserkids-whitepaper#2.8'] }],
    });
    expect(html).toContain('資料間で記載が異なります');
    expect(html).toContain('<a href="/documents/leyserkids-whitepaper#2.8">「LeySerKids」セキュリティホワイトペーパー 項番 2.8</a>');
    expect(html).not.toContain('>leyserkids-whitepaper#2.8<');
    expect(html.split('資料間で記載が異なります')).toHaveLength(2);
    // What each side says, from the catalog.
    expect(html).toMatch(/B（「LeySerKids」セキュリティホワイトペーパー 項番 2\.8）: 直ちに/);
  });
});

describe('labels', () => {
  it('maps confidence to 高/中/要確認 only for answered units', () => {
    // Thresholds from the ranking options: 高 from verdict.high, 中 from verdict.answeredMin.
    const { high, answeredMin } = DEFAULT_OPTIONS.verdict;
    expect(confidenceLevel(Math.max(high, answeredMin), 'answered', true)).toBe('high');
    if (answeredMin < high) expect(confidenceLevel(answeredMin, 'answered', true)).toBe('medium');
    expect(confidenceLevel(answeredMin - 0.01, 'answered', true)).toBe('review');
    expect(confidenceLevel(0.99, 'needs_review', true)).toBe('review');
    expect(confidenceLevel(0.99, 'answered', false)).toBe('review');
  });

  it('splits text for highlighting without losing characters', () => {
    const text = 'Backup と backup とバックアップ (a+b)';
    const parts = splitHighlights(text, ['backup', 'バックアップ', '(a+b)', '', 'バック']);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['Backup', 'backup', 'バックアップ', '(a+b)']);
    expect(splitHighlights('abc', [])).toEqual([{ text: 'abc', hit: false }]);
  });

  it('builds copy text and unit links', () => {
    expect(copyText({ answer: '', mark: { printed: '○', value: 'yes' }, citation: { text: 'C', url: '/' } })).toBe('○\n出典: C');
    expect(unitHref('leyserkids-whitepaper#2.8')).toBe('/documents/leyserkids-whitepaper#2.8');
  });
});
