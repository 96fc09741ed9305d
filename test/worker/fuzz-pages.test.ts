// Property-based tests of the HTML pages (/, /documents, /documents/:id, /questionnaire) through
// SELF.fetch in workerd, with random query strings (hostile text, markup, invalid percent-
// encoding, repeated keys) and random document ids. Invariants: never a 5xx, security headers,
// HTML pages for 2xx/4xx, and no markup from the request reaching the page unescaped: the only
// scripts are /static/*.js, no inline handlers, no tag the request smuggled in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { listDocuments, PRODUCTS } from '../../src/corpus/store';
import { checkResponse, domainWord, fetchPath, hostileString, percentEncodeBytes, queryString } from './fuzz-support';

const RUNS = { lookupPage: 1200, documentPage: 500, staticPages: 300, markup: 400 };

/** Markup that would execute or restyle the page if it were echoed without escaping. */
const INJECTIONS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '<style>body{display:none}</style>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="//evil.test"></iframe>',
  '<meta http-equiv="refresh" content="0;url=//evil.test">',
  '{{constructor.constructor("alert(1)")()}}',
];

function expectHtmlPage(res: Response, text: string): void {
  expect(res.headers.get('content-type') ?? '').toMatch(/^text\/html/i);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(text.startsWith('<!doctype html>')).toBe(true);
  // Only the page's own external scripts; nothing inline, no handlers, no styles.
  for (const m of text.matchAll(/<script\b[^>]*>/gi)) expect(m[0]).toMatch(/\ssrc="\/static\/[a-z-]+\.js"/);
  expect(text).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  expect(text).not.toMatch(/<(style|iframe|svg|img|meta http-equiv)\b/i);
  expect(text).not.toMatch(/<[^>]*\s(href|src|action)\s*=\s*"?\s*javascript:/i);
}

async function checkPage(path: string, allowed: number[]): Promise<{ status: number; text: string }> {
  const res = await fetchPath(path);
  const checked = await checkResponse(res, 'page');
  expect(allowed).toContain(checked.status);
  // A path no page route matches (e.g. /documents/ with an empty id) gets the Worker's JSON 404,
  // already checked as an error body by checkResponse.
  if (checked.code !== null) {
    expect(checked.code).toBe('not_found');
    return { status: checked.status, text: '' };
  }
  const text = checked.text ?? '';
  expectHtmlPage(res, text);
  return { status: checked.status, text };
}

describe('fuzz GET / (lookup page)', () => {
  it('random query strings: 200 or a Japanese 400 page, never a 5xx', async () => {
    let searched = 0;
    await fc.assert(
      fc.asyncProperty(queryString(['q', 'product', 'limit', 'question']), async (qs) => {
        const { status, text } = await checkPage(`/${qs}`, [200, 400]);
        // a visible results section: the query reached the lookup (or its validation message)
        if (status === 200 && /<section id="results"(?![^>]*hidden)/.test(text)) searched++;
      }),
      { numRuns: RUNS.lookupPage },
    );
    expect(searched / RUNS.lookupPage).toBeGreaterThan(0.1);
  });

  it('injected markup in q and product is escaped wherever it is echoed', async () => {
    const text = fc.tuple(fc.constantFrom(...INJECTIONS), fc.array(domainWord, { maxLength: 3 }), fc.boolean()).map(([inj, words, before]) => (before ? inj + words.join('') : words.join('') + inj));
    const product = fc.oneof(fc.constantFrom('', ...PRODUCTS), fc.constantFrom(...INJECTIONS));
    await fc.assert(
      fc.asyncProperty(text, product, async (q, p) => {
        const { text: body } = await checkPage(`/?q=${encodeURIComponent(q)}&product=${encodeURIComponent(p)}`, [200, 400]);
        expect(body).not.toContain(q);
      }),
      { numRuns: RUNS.markup },
    );
  });
});

describe('fuzz GET /documents/:id', () => {
  const ids = listDocuments().map((d) => d.id);
  it('random ids: the document page or an HTML 404', async () => {
    const id = fc.oneof(
      fc.constantFrom(...ids).map((i) => encodeURIComponent(i)),
      fc.tuple(fc.constantFrom(...ids), hostileString(4)).map(([i, s]) => encodeURIComponent(i + s.replace(/[\ud800-\udfff]/g, ''))),
      hostileString(15).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
      fc.uint8Array({ minLength: 1, maxLength: 20 }).map(percentEncodeBytes),
      fc.constantFrom('%', '%E0%A4%A', '..%2F..%2F', '%2e%2e', encodeURIComponent(INJECTIONS[0] ?? '')),
    );
    await fc.assert(
      fc.asyncProperty(id, queryString(['q', 'x']), async (raw, qs) => {
        const { status, text } = await checkPage(`/documents/${raw}${qs}`, [200, 404]);
        if (status === 404 && text !== '') expect(text).toContain('資料が見つかりません');
      }),
      { numRuns: RUNS.documentPage },
    );
  });
});

describe('fuzz the static pages', () => {
  it('/documents and /questionnaire ignore any query string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/documents', '/questionnaire'), queryString(['q', 'product', 'format']), async (path, qs) => {
        await checkPage(`${path}${qs}`, [200]);
      }),
      { numRuns: RUNS.staticPages },
    );
  });
});
