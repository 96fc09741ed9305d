// Issue 19, approvals (low and medium items), in workerd against the real D1: text a person cannot
// read as stored is refused like the lookup refuses it; lines and fields are bounded before
// JSON.parse; an import inside the documented bounds is never over D1's 2 MB bound string; an
// export of exactly 20,000 lines can be imported again; the table is capped.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../../src/worker';
import type { Bindings } from '../../src/env';
import { LookupResponseSchema } from '../../src/search/contract';
import { ErrorBodySchema } from '../../src/http/errors';
import { MAX_APPROVAL_QUESTION_CHARS, MAX_APPROVALS } from '../../src/approvals/schema';
import { lineCount } from '../../src/approvals/routes';
import { boundChunks, MAX_STATEMENT_BYTES } from '../../src/approvals/store';
import { MAX_LINE_CHARS } from '../../src/approvals/approve';

const BASE = 'http://kaitou.test';
const KIDS = 'LeySerKids';
const UNIT = 'leyser-checksheet-meti#6-17';
const JSON_HEADERS = { 'content-type': 'application/json' };

const approve = (body: unknown) => SELF.fetch(`${BASE}/api/approvals`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
const importText = (text: string) => SELF.fetch(`${BASE}/api/approvals/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: text });
async function errorOf(res: Response): Promise<{ code: string; details?: unknown }> {
  const body = ErrorBodySchema.parse(await res.json());
  return { code: body.error.code, details: body.error.details };
}
const cleanup = (like: string) => env.DB.prepare('DELETE FROM approvals WHERE question LIKE ?').bind(like).run();

describe('issue 19 low: approvals refuse text the lookup refuses, and controls and bidi characters', () => {
  it.each([
    ['a lone surrogate in the question', { question: 'バックアップ\ud800は取得していますか' }],
    ['a NUL in the question', { question: 'バックアップ\u0000は取得していますか' }],
    ['an escape character in the question', { question: 'バックアップ\u001b[31mは取得していますか' }],
    ['a right-to-left override in the question', { question: 'バックアップ\u202eは取得していますか' }],
    ['a bidi isolate in the approver', { question: 'バックアップは取得していますか（bidi）', approvedBy: '山田\u2067様' }],
    ['a line break in the approver', { question: 'バックアップは取得していますか（改行）', approvedBy: '山田\n様' }],
    ['a question over 2,000 characters once normalized (U+FDFA)', { question: '\ufdfa'.repeat(200) }],
  ])('%s → 400 invalid_approval', async (_label, fields) => {
    const res = await approve({ product: KIDS, unitIds: [UNIT], ...fields });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_approval');
  });

  it('an import line with a bidi character in the approver → 400 invalid_import naming the line; a line break in a question is kept', async () => {
    const ok = JSON.stringify({ question: '複数行の\n質問（issue19-ok）', product: KIDS, gold: [UNIT] });
    const bad = JSON.stringify({ question: 'バックアップは取得していますか（issue19-bidi）', product: KIDS, gold: [UNIT], approvedBy: '\u202e様田山' });
    const res = await importText(`${ok}\n${bad}\n`);
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('invalid_import');
    expect(JSON.stringify(err.details)).toContain('"line":2');
    const good = await importText(`${ok}\n`);
    expect(good.status).toBe(200);
    await cleanup('%issue19-ok%');
  });
});

describe('issue 19 low: JSON is bounded before it is parsed', () => {
  it(`an import line over ${MAX_LINE_CHARS} characters is refused by its length (a 9.9 MB line was accepted, +211 MB)`, async () => {
    const line = JSON.stringify({ question: 'バックアップは取得していますか（issue19-long）', product: KIDS, gold: [UNIT], padding: 'x'.repeat(200_000) });
    const res = await importText(`${line}\n`);
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('invalid_import');
    expect(JSON.stringify(err.details)).toContain('line:');
    await cleanup('%issue19-long%');
  });

  it('a `choices` field over 1,000,000 characters → 400 invalid_choices, not parsed', async () => {
    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode('質問,回答\nバックアップは取得していますか。,\n')], 'q.csv', { type: 'text/csv' }));
    form.append('product', KIDS);
    form.append('choices', `{"2":"${'x'.repeat(1_100_000)}"}`);
    const res = await SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_choices');
  });
});

describe('issue 19 low: imports inside the documented bounds reach D1 in statements under its 2 MB string limit', () => {
  it('statements are packed by bytes, not only by rows', () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => ({ question: `${i}${'長'.repeat(1_999)}`, question_key: `${i}${'長'.repeat(1_999)}` }));
    const chunks = boundChunks(rows);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(new TextEncoder().encode(c).length).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    expect(chunks.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(rows);
  });

  // Local D1 does not enforce the 2 MB limit (production does: 503 there), so this one only shows the
  // packed statements still import end to end; the test above is the one that fails on the old packing.
  it('700 approvals of 2,000-character questions in one import → 200 (one bound string of ~2.8 MB before)', async () => {
    const lines = Array.from({ length: 700 }, (_, i) => JSON.stringify({ question: `issue19-batch ${i} ${'data backup retention policy '.repeat(70).slice(0, 1_950)}`, product: KIDS, gold: [UNIT] }));
    const res = await importText(`${lines.join('\n')}\n`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: 700, created: 700 });
    await cleanup('issue19-batch %');
  });
});

describe('issue 19 low: an export of exactly 20,000 lines can be imported again', () => {
  it('a final line break does not count as a 20,001st line', () => {
    expect(lineCount('{}\n'.repeat(20_000))).toBe(20_000);
    expect(lineCount('{}\n'.repeat(19_999) + '{}')).toBe(20_000);
    expect(lineCount('')).toBe(0);
  });

  it('20,000 lines ending in a line break reach the line checks (400 invalid_import), not 413 import_too_large', async () => {
    const res = await importText('x\n'.repeat(20_000));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_import');
    const over = await importText('x\n'.repeat(20_001));
    expect(over.status).toBe(413);
  });
});

describe('issue 19 medium: the approvals table is capped', () => {
  it(`with ${MAX_APPROVALS} approvals stored, a new one → 409 approvals_full; replacing an existing one still works`, async () => {
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO approvals (id, question, question_key, product, product_key, unit_ids, sources, approved_by, approved_at)
       SELECT 'apr_fill' || i, 'issue19-fill ' || i, 'issue19fill' || i, NULL, '', '["${UNIT}"]', '[]', NULL, '2026-01-01T00:00:00.000Z' FROM n`,
    )
      .bind(MAX_APPROVALS)
      .run();
    try {
      const res = await approve({ question: 'issue19-full 新しい質問ですか', product: KIDS, unitIds: [UNIT] });
      expect(res.status).toBe(409);
      expect(await errorOf(res)).toMatchObject({ code: 'approvals_full', details: { maxApprovals: MAX_APPROVALS } });
      const imp = await importText(`${JSON.stringify({ question: 'issue19-full 別の質問ですか', product: KIDS, gold: [UNIT] })}\n`);
      expect(imp.status).toBe(409);
      // the same normalized question replaces, so it is allowed
      const again = await approve({ question: 'issue19-fill 1', product: null, unitIds: [UNIT] });
      expect(again.status).toBe(200);
    } finally {
      await cleanup('issue19-fill %');
    }
  });
});

describe("issue 19 medium: the public lookup does not show other customers' approved questions or approvers", () => {
  const TOKEN = 'k4it0u-issue19-privacy';
  const withToken: Bindings = { ...env, KAITOU_UPLOAD_TOKEN: TOKEN };
  const approvedQuestion = '株式会社サンプル商事の山田様ご担当のウイルス対策ソフトは全てのサーバに導入していますか';
  const asked = '株式会社サンプル商事の山田様ご担当のウイルス対策ソフトは全てのサーバに導入されていますか';
  const approver = '営業部 佐藤';

  async function lookupAs(headers: Record<string, string>) {
    const res = await app.request(`${BASE}/api/lookup`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ question: asked, product: KIDS }) }, withToken);
    expect(res.status).toBe(200);
    return LookupResponseSchema.parse(await res.json());
  }

  it('anonymous: the similar approval still adds its unit, without the approved question, the approver or their wording', async () => {
    const made = await app.request(
      `${BASE}/api/approvals`,
      { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ question: approvedQuestion, product: KIDS, unitIds: [UNIT], approvedBy: approver }) },
      withToken,
    );
    expect(made.status).toBe(201);
    try {
      const anon = await lookupAs({});
      const note = anon.notes.find((n) => n.kind === 'similar_approval');
      expect(note).toBeDefined();
      expect(note?.approval?.question).toBeUndefined();
      expect(note?.approval?.approvedBy).toBeNull();
      const shown = JSON.stringify(anon);
      expect(shown).not.toContain(approvedQuestion);
      expect(shown).not.toContain(approver);
      expect(anon.matches.map((m) => m.id)).toContain(UNIT);
      // the lookup page too
      const page = await (await app.request(`${BASE}/?q=${encodeURIComponent(asked)}&product=${encodeURIComponent(KIDS)}`, {}, withToken)).text();
      expect(page).not.toContain(approvedQuestion);
      expect(page).not.toContain(approver);

      // signed in (bearer): the reviewer sees which question was approved, and by whom
      const signed = await lookupAs({ authorization: `Bearer ${TOKEN}` });
      const full = signed.notes.find((n) => n.kind === 'similar_approval');
      expect(full?.approval?.question).toBe(approvedQuestion);
      expect(full?.approval?.approvedBy).toBe(approver);
    } finally {
      await cleanup('株式会社サンプル商事%');
    }
  });

  it('anonymous, exact approved question: answered from the approval, without the approver name', async () => {
    const q = '株式会社テスト物産向けのバックアップの保管期間は何日ですか';
    const made = await app.request(
      `${BASE}/api/approvals`,
      { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ question: q, product: KIDS, unitIds: [UNIT], approvedBy: approver }) },
      withToken,
    );
    expect(made.status).toBe(201);
    try {
      const res = await app.request(`${BASE}/api/lookup`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ question: q, product: KIDS }) }, withToken);
      const body = LookupResponseSchema.parse(await res.json());
      expect(body.verdict).toBe('answered');
      expect(body.matches[0]!.approval?.approvedBy).toBeNull();
      expect(JSON.stringify(body)).not.toContain(approver);
    } finally {
      await cleanup('株式会社テスト物産%');
    }
  });
});

describe('issue 19 medium: the characters of the stored questions are capped too (each isolate loads them all)', () => {
  it(`with ${MAX_APPROVAL_QUESTION_CHARS} characters of questions stored, a new approval or an import → 409 approvals_full`, async () => {
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2010)
       INSERT INTO approvals (id, question, question_key, product, product_key, unit_ids, sources, approved_by, approved_at)
       SELECT 'apr_chars' || i, 'issue19-chars ' || i || ' ' || hex(zeroblob(990)), 'issue19chars' || i, NULL, '', '["${UNIT}"]', '[]', NULL, '2026-01-01T00:00:00.000Z' FROM n`,
    ).run();
    try {
      const res = await approve({ question: 'issue19-chars 新しい質問ですか', product: KIDS, unitIds: [UNIT] });
      expect(res.status).toBe(409);
      expect(await errorOf(res)).toMatchObject({ code: 'approvals_full', details: { maxQuestionChars: MAX_APPROVAL_QUESTION_CHARS } });
      const imp = await importText(`${JSON.stringify({ question: 'issue19-chars 別の質問ですか', product: KIDS, gold: [UNIT] })}\n`);
      expect(imp.status).toBe(409);
    } finally {
      await cleanup('issue19-chars %');
    }
    // room again: the same approval is accepted
    const ok = await approve({ question: 'issue19-chars 新しい質問ですか', product: KIDS, unitIds: [UNIT] });
    expect(ok.status).toBe(201);
    await cleanup('issue19-chars %');
  });
});

describe('issue 19 medium: the export is streamed page by page', () => {
  it('1,234 approvals (more than two pages) come out once each, every line whole', async () => {
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234)
       INSERT INTO approvals (id, question, question_key, product, product_key, unit_ids, sources, approved_by, approved_at)
       SELECT 'apr_exp' || i, 'issue19-exp ' || i, 'issue19exp' || i, NULL, '', '["${UNIT}"]', '[]', NULL, '2026-01-01T00:00:' || printf('%02d', i % 60) || '.000Z' FROM n`,
    ).run();
    try {
      const res = await SELF.fetch(`${BASE}/api/approvals/export`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = new TextDecoder().decode(await res.arrayBuffer());
      expect(text.endsWith('\n')).toBe(true);
      const ids = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .filter((id) => id.startsWith('apr_exp'));
      expect(ids.length).toBe(1234);
      expect(new Set(ids).size).toBe(1234);
    } finally {
      await cleanup('issue19-exp %');
    }
  });
});
