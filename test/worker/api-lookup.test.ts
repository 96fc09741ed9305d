// The lookup API in the real Workers runtime (workerd via @cloudflare/vitest-plugin).
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { LookupResponseSchema } from '../../src/search/contract';
import { ErrorBodySchema } from '../../src/http/errors';

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  SELF.fetch('http://kaitou.test/api/lookup', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /api/lookup', () => {
  it('answers a Japanese question with the official text and a citation', async () => {
    // (The longer form that also asks frequency and generations is needs_review under the calibrated verdict: 0.78 < answeredMin.)
    const res = await post({ question: 'データのバックアップは取得していますか。', product: 'LeySer Web出願' });
    expect(res.status).toBe(200);
    const body = LookupResponseSchema.parse(await res.json());
    expect(body.verdict).toBe('answered');
    expect(body.product).toBe('LeySer Web出願');
    const top = body.matches[0]!;
    expect(['leyser-web-whitepaper#2.11', 'leyser-checksheet-mic#25', 'leyser-checksheet-meti#6-8']).toContain(top.id);
    expect(top.answer).toMatch(/バックアップ/);
    expect(top.citation.url).toBe(`/documents/${top.documentId}#${encodeURIComponent(top.item)}`);
    expect(top.citation.text).toContain(top.documentTitle);
    expect(top.confidence).toBeGreaterThan(0.5);
    for (const m of body.matches) expect(m.products).toContain('LeySer Web出願');
  });

  it('keeps product scope: RayKit questions never return LeySer units', async () => {
    const body = LookupResponseSchema.parse(await (await post({ question: '通信の暗号化方式を教えてください。', product: 'RayBarcode', limit: 20 })).json());
    expect(body.matches.length).toBeGreaterThan(0);
    for (const m of body.matches) expect(m.documentId).toBe('raykit-checksheet-meti');
  });

  it('answers English questions from the Japanese documents', async () => {
    const body = LookupResponseSchema.parse(await (await post({ question: 'Is customer data encrypted in transit?', product: 'LeySerKids' })).json());
    expect(body.matches[0]?.answer).toMatch(/暗号化/);
    expect(body.notes.some((n) => n.kind === 'translated')).toBe(true);
  });

  it('does not dress up a question the documents do not answer', async () => {
    const body = LookupResponseSchema.parse(await (await post({ question: 'サイバー保険に加入していますか。', product: 'LeySer System' })).json());
    expect(body.verdict).not.toBe('answered');
  });

  it('notes conflicting statements between documents', async () => {
    const body = LookupResponseSchema.parse(await (await post({ question: 'クラウドサービスの契約を解約した場合、預けたデータはいつ削除されますか。', product: 'LeySerKids' })).json());
    const conflict = body.notes.find((n) => n.kind === 'conflict');
    expect(conflict?.units.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [{ question: '' }, 400, 'invalid_question'],
    [{ question: '   ' }, 400, 'invalid_question'],
    [{ question: 'あ'.repeat(2001) }, 400, 'question_too_long'],
    [{ question: 42 }, 400, 'invalid_question'],
    [{}, 400, 'invalid_question'],
    [{ question: 'ログ', product: 'NoSuchProduct' }, 400, 'unknown_product'],
    [{ question: 'ログ', limit: 0 }, 400, 'invalid_limit'],
    [{ question: 'ログ', limit: 21 }, 400, 'invalid_limit'],
    ['{not json', 400, 'invalid_json'],
    [[1, 2], 400, 'invalid_request'],
  ])('rejects bad input %j with %i %s', async (body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const err = ErrorBodySchema.parse(await res.json());
    expect(err.error.code).toBe(code);
    expect(err.error.message_ja.length).toBeGreaterThan(0);
  });

  it('lists the known products when the product is unknown', async () => {
    const err = ErrorBodySchema.parse(await (await post({ question: 'ログ', product: 'X' })).json());
    expect(err.error.details).toMatchObject({ knownProducts: expect.arrayContaining(['LeySerKids', 'RaySheet']) });
  });

  it('requires JSON content type', async () => {
    const res = await post({ question: 'ログ' }, { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });
});

describe('GET /api/lookup', () => {
  it('takes q and product from the query string', async () => {
    const res = await SELF.fetch(`http://kaitou.test/api/lookup?q=${encodeURIComponent('システムログの保存期間')}&product=${encodeURIComponent('LeySerKids')}&limit=3`);
    expect(res.status).toBe(200);
    const body = LookupResponseSchema.parse(await res.json());
    expect(body.matches.length).toBeLessThanOrEqual(3);
    expect(body.matches[0]?.answer).toMatch(/ログ/);
  });
  it('400 without a question', async () => {
    expect((await SELF.fetch('http://kaitou.test/api/lookup')).status).toBe(400);
  });
});

describe('documents and units', () => {
  it('GET /api/documents lists the five documents with unit counts', async () => {
    const body = (await (await SELF.fetch('http://kaitou.test/api/documents')).json()) as { documents: { id: string; unitCount: number; title: string }[] };
    expect(body.documents.map((d) => d.id)).toEqual(['leyser-web-whitepaper', 'leyserkids-whitepaper', 'leyser-checksheet-mic', 'leyser-checksheet-meti', 'raykit-checksheet-meti']);
    for (const d of body.documents) expect(d.unitCount).toBeGreaterThan(20);
  });
  it('GET /api/units/:id returns a unit, 404 JSON for an unknown one', async () => {
    const ok = await SELF.fetch(`http://kaitou.test/api/units/${encodeURIComponent('leyser-checksheet-meti#6-30')}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { unit: { answer: string } }).unit.answer).toContain('30日後');
    const missing = await SELF.fetch(`http://kaitou.test/api/units/${encodeURIComponent('nope#1')}`);
    expect(missing.status).toBe(404);
    expect(ErrorBodySchema.parse(await missing.json()).error.code).toBe('unit_not_found');
  });
  it('security headers on API responses', async () => {
    const res = await SELF.fetch('http://kaitou.test/api/documents');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
