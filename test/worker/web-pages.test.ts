// Server-side rendering of the web pages inside workerd (SELF.fetch): the no-JavaScript path,
// escaping of everything that comes from a question, headers, and the document pages.
// /static/* files are Workers Static Assets, which SELF.fetch does not route to: the browser
// tests check them (type and headers) against `wrangler dev`.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listDocuments, PRODUCTS, unitsOfDocument } from '../../src/corpus/store';

const XSS = '<img src=x onerror=alert(1)>';

async function get(path: string) {
  const resp = await SELF.fetch(`https://kaitou.test${path}`);
  return { resp, body: await resp.text() };
}

/** No inline script or style may appear: the CSP would block them and they are an injection smell. */
function expectNoInlineCode(body: string) {
  for (const m of body.matchAll(/<script\b[^>]*>/g)) expect(m[0]).toMatch(/\ssrc="\/static\/[a-z-]+\.js"/);
  expect(body).not.toMatch(/<style\b/i);
  expect(body).not.toMatch(/\sstyle=/i);
  expect(body).not.toMatch(/<[^>]*\son[a-z]+=/i);
}

function expectSecurityHeaders(resp: Response) {
  const csp = resp.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toMatch(/unsafe-inline/);
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(resp.headers.get('x-content-type-options')).toBe('nosniff');
  expect(resp.headers.get('referrer-policy')).toBeTruthy();
}

describe('lookup page /', () => {
  it('renders a Japanese, labelled GET form with every product', async () => {
    const { resp, body } = await get('/');
    expect(resp.status).toBe(200);
    expect(resp.headers.get('content-type')).toMatch(/^text\/html; charset=UTF-8/i);
    expect(body.startsWith('<!doctype html>')).toBe(true);
    expect(body).toContain('<html lang="ja">');
    expect(body).toMatch(/<form[^>]*method="get"[^>]*action="\/"/);
    expect(body).toMatch(/<label for="q">質問<\/label>/);
    expect(body).toMatch(/<label for="product">製品<\/label>/);
    for (const p of PRODUCTS) expect(body).toContain(`<option value="${p}">${p}</option>`);
    expect(body).toContain('<link rel="stylesheet" href="/static/app.css"/>');
    expectNoInlineCode(body);
    expectSecurityHeaders(resp);
  });

  it('renders results server-side for ?q= (no JavaScript needed) and keeps the product selected', async () => {
    const product = PRODUCTS[0] ?? '';
    const { resp, body } = await get(`/?q=${encodeURIComponent('バックアップの取得頻度')}&product=${encodeURIComponent(product)}`);
    expect(resp.status).toBe(200);
    expect(resp.headers.get('cache-control')).toBe('no-store');
    expect(body).toContain('バックアップの取得頻度</textarea>');
    expect(body).toContain(`<option value="${product}" selected="">${product}</option>`);
    expect(body).toMatch(/<section id="results"[^>]*>/);
    expect(body).not.toMatch(/<section id="results"[^>]*hidden/);
    // Either a cited answer or the explicit not-found state: never an empty result area.
    expect(body).toMatch(/class="verdict verdict--(answered|review)"/);
    if (body.includes('verdict--answered')) {
      expect(body).toMatch(/<a href="\/documents\/[a-z0-9-]+#[^"]+">/);
      expect(body).toMatch(/確度: (高|中)/);
    } else {
      expect(body).toContain('公開資料に該当する回答が見つかりません／要確認');
    }
    expectNoInlineCode(body);
  });

  it("with no product, says whose material the first answer is when it is not every product's", async () => {
    const q = encodeURIComponent('データセンターの所在地はどこですか');
    const api = (await (await SELF.fetch(`https://kaitou.test/api/lookup?q=${q}`)).json()) as { matches: { products: string[] }[] };
    const first = api.matches[0]!;
    const some = !PRODUCTS.every((p) => first.products.includes(p));
    // The corpus has no unit for every product on this question (RayKit and LeySer answer separately).
    expect(some).toBe(true);
    const { body } = await get(`/?q=${q}`);
    expect(body).toContain(`<p class="product-scope">この回答は ${first.products.join('、')} 向けの資料の記載です。製品を選ぶと製品ごとの回答になります。</p>`);
    // With a product chosen the answer is that product's: no such note.
    const scoped = await get(`/?q=${q}&product=${encodeURIComponent(first.products[0]!)}`);
    expect(scoped.body).not.toContain('product-scope');
  });

  it('escapes a question carrying markup everywhere it is echoed', async () => {
    const { resp, body } = await get(`/?q=${encodeURIComponent(XSS)}`);
    expect(resp.status).toBe(200);
    expect(body).not.toContain(XSS);
    expect(body).not.toMatch(/<img\b/i);
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expectNoInlineCode(body);
  });

  it('shows validation errors in Japanese instead of results', async () => {
    const unknown = await get(`/?q=${encodeURIComponent('暗号化')}&product=${encodeURIComponent('<b>NoSuch</b>')}`);
    expect(unknown.resp.status).toBe(400);
    expect(unknown.body).toMatch(/<p class="error" role="alert">製品「&lt;b&gt;NoSuch&lt;\/b&gt;」は登録されていません。/);
    expect(unknown.body).not.toContain('<b>NoSuch</b>');

    const long = await get(`/?q=${'あ'.repeat(2001)}`);
    expect(long.resp.status).toBe(400);
    expect(long.body).toContain('質問は 2000 文字以内で入力してください。');
  });

  it('shows nothing but the form for an empty question', async () => {
    const { resp, body } = await get('/?q=%20%20');
    expect(resp.status).toBe(200);
    expect(body).toMatch(/<section id="results"[^>]*hidden/);
  });
});

describe('document pages', () => {
  it('lists every document', async () => {
    const { resp, body } = await get('/documents');
    expect(resp.status).toBe(200);
    for (const d of listDocuments()) expect(body).toContain(`<a href="/documents/${d.id}">`);
    expectSecurityHeaders(resp);
  });

  it('shows a whole document as its units in order, each addressable by #item', async () => {
    const doc = listDocuments()[0];
    if (!doc) throw new Error('corpus has no documents');
    const units = unitsOfDocument(doc.id);
    expect(units.length).toBeGreaterThan(0);
    const { resp, body } = await get(`/documents/${doc.id}`);
    expect(resp.status).toBe(200);
    let last = -1;
    for (const u of units) {
      const at = body.indexOf(`<article class="unit" id="${u.item.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
      expect(at, `unit ${u.id}`).toBeGreaterThan(last);
      last = at;
    }
    expectNoInlineCode(body);
    expectSecurityHeaders(resp);
  });

  it('answers an unknown document with a Japanese HTML 404', async () => {
    const { resp, body } = await get(`/documents/${encodeURIComponent('<script>x</script>')}`);
    expect(resp.status).toBe(404);
    expect(resp.headers.get('content-type')).toMatch(/text\/html/);
    expect(body).toContain('資料が見つかりません');
    expect(body).not.toContain('<script>x');
  });
});

describe('questionnaire page', () => {
  it('renders an upload form that works without JavaScript', async () => {
    const { resp, body } = await get('/questionnaire');
    expect(resp.status).toBe(200);
    expect(body).toMatch(/<form[^>]*method="post"[^>]*enctype="multipart\/form-data"/);
    expect(body).toMatch(/<input[^>]*type="file"[^>]*name="file"/);
    expect(body).toMatch(/<label for="qn-product">/);
    expectNoInlineCode(body);
    expectSecurityHeaders(resp);
  });

  it('the file picker offers every format of the registry (.xlsm included; .xls is refused, so not offered)', async () => {
    const { body } = await get('/questionnaire');
    const accept = /<input[^>]*type="file"[^>]*accept="([^"]*)"/.exec(body)?.[1] ?? '';
    for (const ext of ['.xlsx', '.xlsm', '.csv', '.tsv', '.txt']) expect(accept.split(',')).toContain(ext);
    expect(accept.split(',')).not.toContain('.xls');
  });
});

describe('no-JavaScript questionnaire form errors', () => {
  it('a browser form post that is refused gets a Japanese HTML page, API clients keep JSON', async () => {
    const form = new FormData();
    form.append('product', 'LeySerKids');
    const asBrowser = await SELF.fetch('http://kaitou.test/api/questionnaire?format=file', { method: 'POST', body: form, headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(asBrowser.status).toBe(400);
    expect(asBrowser.headers.get('content-type')).toContain('text/html');
    const page = await asBrowser.text();
    expect(page).toContain('ファイルが選択されていません');
    expect(page).toContain('href="/questionnaire"');
    const asApi = await SELF.fetch('http://kaitou.test/api/questionnaire', { method: 'POST', body: form });
    expect(asApi.headers.get('content-type')).toContain('application/json');
  });
});

describe('one rule for HTML or JSON errors (src/http/negotiate.ts)', () => {
  const NAVIGATE = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it('a browser navigating to a missing page gets the Japanese not-found page', async () => {
    for (const path of ['/no-such-page', '/api/nope', `/x${encodeURIComponent('<script>x</script>')}`]) {
      const resp = await SELF.fetch(`https://kaitou.test${path}`, { headers: { accept: NAVIGATE } });
      expect(resp.status, path).toBe(404);
      expect(resp.headers.get('content-type')).toMatch(/text\/html/);
      const body = await resp.text();
      expect(body).toContain('ページが見つかりません');
      expect(body).not.toContain('<script>x');
      expectNoInlineCode(body);
      expectSecurityHeaders(resp);
    }
  });

  it('fetch() and curl (*/*), API clients and requests without Accept get the JSON error', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
      const resp = await SELF.fetch('https://kaitou.test/no-such-page', { headers: accept === undefined ? {} : { accept } });
      expect(resp.status).toBe(404);
      expect(resp.headers.get('content-type'), String(accept)).toContain('application/json');
      expect(((await resp.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('a browser opening a bad API URL reads the Japanese message, not JSON', async () => {
    const resp = await SELF.fetch('https://kaitou.test/api/units/nope', { headers: { accept: NAVIGATE } });
    expect(resp.status).toBe(404);
    expect(await resp.text()).toContain('ID「nope」の回答単位はありません');
  });
});

describe('document pages: every unit has a heading (issue 20: axe empty-heading on preamble units)', () => {
  it('no empty <h3>, and every article is labelled by a heading with text', async () => {
    for (const d of listDocuments()) {
      const { body } = await get(`/documents/${encodeURIComponent(d.id)}`);
      expect(body, d.id).not.toMatch(/<h3[^>]*>\s*<\/h3>/);
      for (const [, id] of body.matchAll(/<article[^>]*aria-labelledby="([^"]+)"/g)) {
        const heading = new RegExp(`<h3 id="${id}"[^>]*>([^<]*)</h3>`).exec(body);
        expect(heading?.[1]?.trim(), `${d.id} ${id}`).toBeTruthy();
      }
    }
  });
});
