// Approved answers (issue 12) in the real Workers runtime against a real D1 database
// (migrations/ applied by apply-migrations.ts). D1 state persists across the tests of this file,
// so every test uses questions of its own and cleans up what the assertions depend on.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../../src/worker';
import corpusJson from '../../src/generated/corpus.json';
import type { Unit } from '../../src/corpus/schema';
import { ErrorBodySchema } from '../../src/http/errors';
import { LookupResponseSchema, LookupRequestSchema, type LookupResponse } from '../../src/search/contract';
import { lookup } from '../../src/search/lookup';
import { ApprovalSchema, ApprovalListResponseSchema, ImportResultSchema, type Approval } from '../../src/approvals/schema';
import { ApprovalLibrary, type CorpusView } from '../../src/approvals/library';
import { applyApprovals } from '../../src/approvals/apply';
import { ApprovalStore, approvalsState } from '../../src/approvals/store';
import { QuestionnaireResponseSchema } from '../../src/questionnaire/schema';

const BASE = 'http://kaitou.test';
const KIDS = 'LeySerKids';
const JSON_HEADERS = { 'content-type': 'application/json' };

const approve = (body: unknown) => SELF.fetch(`${BASE}/api/approvals`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
async function lookupApi(question: string, product?: string): Promise<LookupResponse> {
  const res = await SELF.fetch(`${BASE}/api/lookup`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ question, ...(product ? { product } : {}) }) });
  expect(res.status).toBe(200);
  return LookupResponseSchema.parse(await res.json());
}
async function approved(body: unknown, status = 201): Promise<Approval> {
  const res = await approve(body);
  expect(res.status).toBe(status);
  return ApprovalSchema.parse(((await res.json()) as { approval: unknown }).approval);
}
const remove = (id: string) => SELF.fetch(`${BASE}/api/approvals/${id}`, { method: 'DELETE' });
const exportAll = async () =>
  new TextDecoder()
    .decode(await (await SELF.fetch(`${BASE}/api/approvals/export`)).arrayBuffer())
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const importLines = (lines: unknown[]) =>
  SELF.fetch(`${BASE}/api/approvals/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') });

describe('approve → lookup answers from the approval', () => {
  const question = 'パスワードの最低文字数は何文字ですか';

  it('a question the engine cannot answer is answered by the approved unit, with the approval on the match and an approved note', async () => {
    const before = await lookupApi(question, KIDS);
    expect(before.verdict).not.toBe('answered');

    const a = await approved({ question, product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'], approvedBy: '営業 山田' });
    expect(a.id).toMatch(/^apr_/);
    expect(a.sources).toEqual([{ unitId: 'leyser-checksheet-meti#6-17', documentId: 'leyser-checksheet-meti', version: null, date: null }]);

    // Same question after normalization (full-width, spaces, punctuation): answered from the approval.
    for (const asked of [question, `  ${question}？`, 'パスワードの 最低文字数は、何文字ですか。']) {
      const res = await lookupApi(asked, KIDS);
      expect(res.verdict).toBe('answered');
      expect(res.matches[0]!.id).toBe('leyser-checksheet-meti#6-17');
      expect(res.matches[0]!.approval).toEqual({ id: a.id, approvedAt: a.approvedAt, approvedBy: '営業 山田' });
      expect(res.matches[0]!.answer).toBe((corpusJson.units as Unit[]).find((u) => u.id === 'leyser-checksheet-meti#6-17')!.answer);
      expect(res.notes[0]!.kind).toBe('approved');
      expect(res.notes.some((n) => n.kind === 'weak_match')).toBe(false);
    }
    // The approval is for LeySerKids: another product's lookup is not affected.
    expect((await lookupApi(question, 'LeySer Plus')).notes.some((n) => n.kind === 'approved')).toBe(false);
    // The page marks it too.
    const page = await (await SELF.fetch(`${BASE}/?q=${encodeURIComponent(question)}&product=${encodeURIComponent(KIDS)}`)).text();
    expect(page).toContain('承認済み');
    expect(page).toContain('営業 山田');

    // Approving again (same normalized question) replaces it: 200, same id, new units.
    const again = await approved({ question: `${question}?`, product: KIDS, unitIds: ['leyser-checksheet-meti#6-23', 'leyser-checksheet-meti#6-17'] }, 200);
    expect(again.id).toBe(a.id);
    expect(again.approvedBy).toBeNull();
    const res = await lookupApi(question, KIDS);
    expect(res.matches.slice(0, 2).map((m) => m.id)).toEqual(['leyser-checksheet-meti#6-23', 'leyser-checksheet-meti#6-17']);
    expect((await remove(a.id)).status).toBe(200);
  });

  it('an approval for every product applies to each product its units cover, and not to the others', async () => {
    const q = '外部の認証機関による情報セキュリティの認証は取得していますか';
    const a = await approved({ question: q, product: null, unitIds: ['leyser-checksheet-meti#iso27001'] });
    expect((await lookupApi(q, 'LeySer Plus')).matches[0]!.approval?.id).toBe(a.id);
    expect((await lookupApi(q)).matches[0]!.approval?.id).toBe(a.id);
    const ray = await lookupApi(q, 'RaySheet');
    expect(ray.matches.every((m) => m.approval === undefined)).toBe(true);
    expect((await remove(a.id)).status).toBe(200);
  });

  it('a very similar approved question is offered as a suggestion, not applied', async () => {
    const q = 'ウイルス対策ソフトは全てのサーバに導入していますか';
    const a = await approved({ question: q, product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] });
    const res = await lookupApi('ウイルス対策ソフトは全てのサーバに導入されていますか', KIDS);
    const note = res.notes.find((n) => n.kind === 'similar_approval');
    expect(note?.approval?.id).toBe(a.id);
    expect(note?.approval?.question).toBe(q);
    expect(note?.approval?.similarity).toBeGreaterThanOrEqual(0.8);
    expect(res.matches.every((m) => m.approval === undefined)).toBe(true);
    // Not applied: the engine's verdict and first match stay; the suggested unit is a candidate right after it.
    const plain = LookupResponseSchema.parse(await (await SELF.fetch(`${BASE}/api/lookup?q=${encodeURIComponent('ウイルス対策ソフトは全てのサーバに導入されていますか')}&product=${KIDS}&limit=20`)).json());
    expect(res.verdict).toBe(plain.verdict);
    expect(res.matches[0]!.id).toBe(plain.matches[0]!.id);
    expect(res.matches.map((m) => m.id)).toContain('leyser-checksheet-meti#6-17');
    expect(res.matches.length).toBeLessThanOrEqual(5);
    // A different question with some shared words is not "similar".
    expect((await lookupApi('サーバの設置場所はどこですか', KIDS)).notes.some((n) => n.kind === 'similar_approval')).toBe(false);
    expect((await remove(a.id)).status).toBe(200);
  });

  it('refuses unknown units, units of another product, units without an answer, and bad bodies, with Japanese messages', async () => {
    const cases: [unknown, string][] = [
      [{ question: 'q1', product: KIDS, unitIds: ['nope#1'] }, 'unknown_unit'],
      [{ question: 'q1', product: 'RaySheet', unitIds: ['leyser-checksheet-meti#6-17'] }, 'unit_not_for_product'],
      [{ question: 'q1', product: KIDS, unitIds: ['leyser-checksheet-mic#23'] }, 'unit_without_answer'],
      [{ question: 'q1', product: 'Nope', unitIds: ['leyser-checksheet-meti#6-17'] }, 'unknown_product'],
      [{ question: '', product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] }, 'invalid_approval'],
      [{ question: 'x'.repeat(2001), product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] }, 'invalid_approval'],
      [{ question: 'q1', product: KIDS, unitIds: [] }, 'invalid_approval'],
      [{ question: 'q1', product: KIDS, unitIds: ['a#1', 'b#1', 'c#1', 'd#1'] }, 'invalid_approval'],
      [{ question: 'q1', product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'], approvedBy: 'x'.repeat(101) }, 'invalid_approval'],
    ];
    for (const [body, code] of cases) {
      const res = await approve(body);
      expect(res.status, code).toBe(400);
      const err = ErrorBodySchema.parse(await res.json());
      expect(err.error.code).toBe(code);
      expect(err.error.message_ja).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
  });
});

describe('stale approvals', () => {
  it('after a document version change (modified corpus fixture) the approval is not applied and says approval_stale', async () => {
    const question = 'バックアップデータの保管期間を教えてください';
    const a = await approved({ question, product: KIDS, unitIds: ['leyserkids-whitepaper#2.11'] });
    const { approvals } = await new ApprovalStore(env.DB).loadAll();

    const units = corpusJson.units as Unit[];
    const current: CorpusView = { getUnit: (id) => units.find((u) => u.id === id) };
    // The same corpus with LeySerKids' whitepaper published as Ver.1.1 on a later date.
    const modified: CorpusView = {
      getUnit: (id) => {
        const u = current.getUnit(id);
        return u && u.documentId === 'leyserkids-whitepaper' ? { ...u, version: '1.1', updated: '2026-10-01' } : u;
      },
    };
    const req = LookupRequestSchema.parse({ question, product: KIDS });
    const fresh = applyApprovals(lookup(req), req, { ok: true, library: new ApprovalLibrary(approvals, current), corpus: current }, 'signed_in');
    expect(fresh.matches[0]!.approval?.id).toBe(a.id);

    const stale = applyApprovals(lookup(req), req, { ok: true, library: new ApprovalLibrary(approvals, modified), corpus: modified }, 'signed_in');
    const note = stale.notes.find((n) => n.kind === 'approval_stale');
    expect(note?.approval?.id).toBe(a.id);
    expect(note?.message).toContain('Ver.1.0');
    expect(note?.message).toContain('Ver.1.1');
    expect(stale.matches.every((m) => m.approval === undefined)).toBe(true);
    expect(stale).toEqual({ ...lookup(req), notes: [note, ...lookup(req).notes] });
    expect((await remove(a.id)).status).toBe(200);
  });

  it('end to end: an imported approval made against an older edition, or naming a unit that is gone, is listed stale and not applied', async () => {
    const q1 = '古い版で承認したバックアップの質問';
    const q2 = '今はない回答単位を承認した質問';
    const res = await importLines([{ question: q1, product: KIDS, gold: ['leyserkids-whitepaper#2.11'], sources: [{ unitId: 'leyserkids-whitepaper#2.11', documentId: 'leyserkids-whitepaper', version: '0.9', date: '2024-04-01' }] }]);
    expect(res.status).toBe(200);
    const look = await lookupApi(q1, KIDS);
    expect(look.notes[0]!.kind).toBe('approval_stale');
    expect(look.matches.every((m) => m.approval === undefined)).toBe(true);
    // A unit that no longer exists cannot be imported (it is not in the corpus) …
    const gone = await importLines([{ question: q2, product: KIDS, gold: ['leyserkids-whitepaper#9.99'] }]);
    expect(gone.status).toBe(400);
    // … but one stored earlier is reported stale: written straight into D1 as an older deploy would have.
    await new ApprovalStore(env.DB).upsertAll([
      {
        id: 'apr_gone',
        question: q2,
        product: KIDS,
        unitIds: ['leyserkids-whitepaper#9.99'],
        approvedBy: null,
        approvedAt: '2026-01-01T00:00:00.000Z',
        sources: [{ unitId: 'leyserkids-whitepaper#9.99', documentId: 'leyserkids-whitepaper', version: '1.0', date: '2025-04-01' }],
      },
    ]);
    // Written behind the API's back: this isolate notices on the next write or revalidation; a listing reads D1 directly.
    const list = ApprovalListResponseSchema.parse(await (await SELF.fetch(`${BASE}/api/approvals?q=${encodeURIComponent('承認した')}`)).json());
    const byQ = new Map(list.approvals.map((a) => [a.question, a]));
    expect(byQ.get(q1)?.stale).toBe(true);
    expect(byQ.get(q1)?.staleReason).toContain('Ver.0.9');
    expect(byQ.get(q2)?.stale).toBe(true);
    expect(byQ.get(q2)?.staleReason).toContain('ありません');
    for (const a of list.approvals) expect((await remove(a.id)).status).toBe(200);
    expect((await lookupApi(q2, KIDS)).notes.some((n) => n.kind.startsWith('approv'))).toBe(false);
  });
});

describe('delete and list', () => {
  it('deleting an approval stops it answering; deleting again is 404', async () => {
    const question = 'クラウドサービスの稼働率の目標値はいくつですか';
    const a = await approved({ question, product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] });
    expect((await lookupApi(question, KIDS)).matches[0]!.approval?.id).toBe(a.id);
    const del = await remove(a.id);
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ deleted: a.id });
    const after = await lookupApi(question, KIDS);
    expect(after.matches.every((m) => m.approval === undefined)).toBe(true);
    expect(after.notes.some((n) => n.kind === 'approved')).toBe(false);
    const again = await remove(a.id);
    expect(again.status).toBe(404);
    expect(ErrorBodySchema.parse(await again.json()).error.code).toBe('approval_not_found');
  });

  it('lists newest first, filters by product and text, and pages with a cursor', async () => {
    const made: Approval[] = [];
    for (let i = 0; i < 5; i++) made.push(await approved({ question: `一覧テスト用の質問その${i}`, product: i % 2 ? KIDS : null, unitIds: ['leyser-checksheet-meti#6-17'] }));
    const page1 = ApprovalListResponseSchema.parse(await (await SELF.fetch(`${BASE}/api/approvals?q=${encodeURIComponent('一覧テスト')}&limit=2`)).json());
    expect(page1.approvals.map((a) => a.question)).toEqual(['一覧テスト用の質問その4', '一覧テスト用の質問その3']);
    const page2 = ApprovalListResponseSchema.parse(await (await SELF.fetch(`${BASE}/api/approvals?q=${encodeURIComponent('一覧テスト')}&limit=2&cursor=${page1.nextCursor}`)).json());
    expect(page2.approvals.map((a) => a.question)).toEqual(['一覧テスト用の質問その2', '一覧テスト用の質問その1']);
    const plus = ApprovalListResponseSchema.parse(await (await SELF.fetch(`${BASE}/api/approvals?q=${encodeURIComponent('一覧テスト')}&product=${encodeURIComponent('LeySer Plus')}`)).json());
    expect(plus.approvals.every((a) => a.product === null)).toBe(true);
    expect(plus.approvals).toHaveLength(3);
    expect((await SELF.fetch(`${BASE}/api/approvals?limit=0`)).status).toBe(400);
    expect((await SELF.fetch(`${BASE}/api/approvals?cursor=zzz`)).status).toBe(400);
    for (const a of made) expect((await remove(a.id)).status).toBe(200);
  });
});

describe('export and import', () => {
  it('round trip: export → delete → import restores the same approvals; the export is in the eval-set shape', async () => {
    const made = [
      await approved({ question: '往復テスト：データの暗号化について', product: KIDS, unitIds: ['leyser-checksheet-mic#40'], approvedBy: '佐藤' }),
      await approved({ question: 'Round trip test: do you hold an ISO 27001 certificate?', product: null, unitIds: ['leyser-checksheet-meti#iso27001'] }),
    ];
    const lines = (await exportAll()).filter((l) => made.some((a) => a.id === l['id']));
    expect(lines).toHaveLength(2);
    const en = lines.find((l) => l['product'] === null)!;
    expect(en).toMatchObject({ question: made[1]!.question, gold: ['leyser-checksheet-meti#iso27001'], lang: 'en', approvedBy: null, approvedAt: made[1]!.approvedAt });
    expect(lines.find((l) => l['product'] === KIDS)).toMatchObject({ gold: ['leyser-checksheet-mic#40'], lang: 'ja', approvedBy: '佐藤' });

    for (const a of made) expect((await remove(a.id)).status).toBe(200);
    expect((await lookupApi(made[0]!.question, KIDS)).notes.some((n) => n.kind === 'approved')).toBe(false);

    const res = await importLines(lines);
    expect(res.status).toBe(200);
    expect(ImportResultSchema.parse(await res.json())).toEqual({ imported: 2, created: 2, replaced: 0 });
    const back = (await exportAll()).filter((l) => made.some((a) => a.id === l['id']));
    expect(back.sort((x, y) => String(x['id']).localeCompare(String(y['id'])))).toEqual(lines.sort((x, y) => String(x['id']).localeCompare(String(y['id']))));
    expect((await lookupApi(made[0]!.question, KIDS)).matches[0]!.approval).toEqual({ id: made[0]!.id, approvedAt: made[0]!.approvedAt, approvedBy: '佐藤' });

    // Importing the same lines again replaces, never duplicates.
    expect(ImportResultSchema.parse(await (await importLines(lines)).json())).toEqual({ imported: 2, created: 0, replaced: 2 });
    for (const a of made) expect((await remove(a.id)).status).toBe(200);
  });

  it('an import with any invalid line imports nothing and reports every bad line by number', async () => {
    const before = (await exportAll()).length;
    const good = { question: '一括インポートの正しい行', product: KIDS, gold: ['leyser-checksheet-meti#6-17'] };
    const res = await importLines([
      good,
      '{not json',
      { question: '製品の違う行', product: 'RaySheet', gold: ['leyser-checksheet-meti#6-17'] },
      '',
      { question: '', gold: ['leyser-checksheet-meti#6-17'] },
      { ...good, question: '一括インポートの正しい行。' },
      { question: '存在しない単位', product: KIDS, gold: ['nope#1'] },
    ]);
    expect(res.status).toBe(400);
    const err = ErrorBodySchema.parse(await res.json());
    expect(err.error.code).toBe('invalid_import');
    const details = err.error.details as { errors: { line: number; code: string; message_ja: string }[]; errorCount: number };
    expect(details.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'invalid_line'],
      [3, 'unit_not_for_product'],
      [5, 'invalid_line'],
      [6, 'duplicate_question'],
      [7, 'unknown_unit'],
    ]);
    expect(details.errorCount).toBe(5);
    expect(await exportAll()).toHaveLength(before);
    expect((await lookupApi(good.question, KIDS)).notes.some((n) => n.kind === 'approved')).toBe(false);
    expect((await SELF.fetch(`${BASE}/api/approvals/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' })).status).toBe(415);
    expect((await importLines([''])).status).toBe(400);
  });

  it('a binary file (an Excel workbook picked by mistake) is one clear 400 import_not_text, not one "not JSON" error per line', async () => {
    // a zip local header with NULs and bytes that are not UTF-8, spread over several "lines"
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x0a, 0xff, 0xfe, 0x0a, 0x91, 0x00, 0x0a, 0x7b, 0x7d]);
    const res = await SELF.fetch(`${BASE}/api/approvals/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: bytes });
    expect(res.status).toBe(400);
    const body = ErrorBodySchema.parse(await res.json());
    expect(body.error.code).toBe('import_not_text');
    expect(body.error.message_ja).toContain('テキスト');
    const form = new FormData();
    form.append('file', new File([bytes], 'questionnaire.xlsx'));
    const page = await SELF.fetch(`${BASE}/approvals/import`, { method: 'POST', body: form });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('エクスポートしたファイル（.jsonl）を選んでください');
    expect(html).not.toContain('JSON として読み取れません');
  });
});

describe('access and availability', () => {
  const TOKEN = 'approvals-test-token-7f3a';
  const withToken = { ...env, KAITOU_UPLOAD_TOKEN: TOKEN };
  const req = (path: string, init: RequestInit = {}, e: object = withToken) => Promise.resolve(app.request(`${BASE}${path}`, init, e));

  it('with the upload token configured, every approvals route refuses a request without it (401) while lookups keep working', async () => {
    const question = 'アクセス制御テスト：管理者パスワードの運用について';
    const ok = await req('/api/approvals', { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ question, product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] }) });
    expect(ok.status).toBe(201);
    const { approval } = (await ok.json()) as { approval: Approval };

    const attempts: [string, RequestInit][] = [
      ['/api/approvals', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ question: 'x', product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] }) }],
      ['/api/approvals', { method: 'POST', headers: { ...JSON_HEADERS, authorization: 'Bearer wrong' }, body: '{}' }],
      [`/api/approvals/${approval.id}`, { method: 'DELETE' }],
      ['/api/approvals/import', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{}' }],
      ['/api/approvals', {}],
      ['/api/approvals/export', {}],
    ];
    for (const [path, init] of attempts) {
      const res = await req(path, init);
      expect(res.status, path).toBe(401);
      expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('unauthorized');
    }
    // Lookups stay public and still use the approval.
    const look = await req('/api/lookup', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ question, product: KIDS }) });
    expect(look.status).toBe(200);
    expect(LookupResponseSchema.parse(await look.json()).matches[0]!.approval?.id).toBe(approval.id);
    expect((await req(`/?q=${encodeURIComponent(question)}`)).status).toBe(200);
    expect((await req('/approvals')).status).toBe(303);
    // A cross-site form or fetch cannot approve or delete, even with a session (CSRF).
    for (const [path, init] of [
      ['/api/approvals', { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' }, body: '{}' }],
      [`/approvals/${approval.id}/delete`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'sec-fetch-site': 'cross-site' } }],
    ] as [string, RequestInit][]) {
      const res = await req(path, init);
      expect(res.status, path).toBe(403);
    }
    expect((await req(`/api/approvals/${approval.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it.each<[string, object]>([
    ['a D1 database without the schema (real D1, migrations not applied)', { ...env, DB: env.DB_UNMIGRATED }],
    ['no D1 binding at all', { ...env, DB: undefined }],
  ])('%s: lookups, the page and questionnaires still answer, with a note; writes are 503', async (_label, e) => {
    const look = await req('/api/lookup', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ question: 'データのバックアップは取得していますか', product: KIDS }) }, e);
    expect(look.status).toBe(200);
    const body = LookupResponseSchema.parse(await look.json());
    expect(body.verdict).toBe('answered');
    expect(body.matches.length).toBeGreaterThan(0);
    expect(body.notes.some((n) => n.kind === 'approvals_unavailable')).toBe(true);
    const page = await req(`/?q=${encodeURIComponent('データのバックアップは取得していますか')}`, {}, e);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('承認済み回答を');

    const form = new FormData();
    form.append('file', new File(['質問,回答,備考\nデータのバックアップは取得していますか。,,\n'], 'q.csv', { type: 'text/csv' }));
    form.append('product', KIDS);
    const qn = await req('/api/questionnaire', { method: 'POST', body: form }, e);
    expect(qn.status).toBe(200);
    expect(QuestionnaireResponseSchema.parse(await qn.json()).rows[0]!.verdict).toBe('answered');

    const write = await req('/api/approvals', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ question: 'x', product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] }) }, e);
    expect(write.status).toBe(503);
    expect(ErrorBodySchema.parse(await write.json()).error.message_ja).toMatch(/データベース/);
  });
});

describe('questionnaires use approvals', () => {
  it('rows approved (one with a chosen alternate) come back answered from the approvals on the next upload', async () => {
    const csv = ['質問,回答,備考', 'データのバックアップは取得していますか。,,', 'パスワードの最低文字数は何文字ですか。,,', '御社の事業継続計画について教えてください。,,', ''].join('\n');
    const upload = async () => {
      const form = new FormData();
      form.append('file', new File([csv], 'customer.csv', { type: 'text/csv' }));
      form.append('product', KIDS);
      const res = await SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', body: form });
      expect(res.status).toBe(200);
      return QuestionnaireResponseSchema.parse(await res.json());
    };
    const first = await upload();
    const [backup, password] = first.rows;
    const alternate = backup!.alternates.find((m) => m.hasAnswer)!;
    expect(alternate.id).not.toBe(backup!.best!.id);
    const made = [await approved({ question: backup!.question, product: KIDS, unitIds: [alternate.id] }), await approved({ question: password!.question, product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'] })];

    const second = await upload();
    expect(second.rows[0]!.verdict).toBe('answered');
    expect(second.rows[0]!.best!.id).toBe(alternate.id);
    expect(second.rows[0]!.best!.approval?.id).toBe(made[0]!.id);
    expect(second.rows[0]!.citations[0]!.url).toBe(alternate.citation.url);
    expect(second.rows[0]!.filled.remarks).toContain(alternate.answer);
    expect(second.rows[1]!.verdict).toBe('answered');
    expect(second.rows[1]!.best!.id).toBe('leyser-checksheet-meti#6-17');
    expect(second.rows[2]!.best!.approval).toBeUndefined();
    for (const a of made) expect((await remove(a.id)).status).toBe(200);
  });
});

describe('the /approvals page', () => {
  it('lists and searches approvals, deletes one with a plain form, and imports a file (all without JavaScript)', async () => {
    const a = await approved({ question: 'ページ表示テスト：ログの保管期間は何年ですか', product: KIDS, unitIds: ['leyser-checksheet-meti#6-17'], approvedBy: '<b>鈴木</b>' });
    const html = await (await SELF.fetch(`${BASE}/approvals?q=${encodeURIComponent('ページ表示テスト')}`)).text();
    expect(html).toContain('ページ表示テスト：ログの保管期間は何年ですか');
    expect(html).toContain('&lt;b&gt;鈴木&lt;/b&gt;');
    expect(html).not.toContain('<b>鈴木</b>');
    expect(html).toContain('/documents/leyser-checksheet-meti#6-17');
    expect(html).toContain('保存しているのは、質問文・製品・回答単位の ID');
    expect(await (await SELF.fetch(`${BASE}/approvals?q=${encodeURIComponent('存在しない質問の文字列')}`)).text()).toContain('条件に当てはまる承認はありません');

    const form = new FormData();
    form.append('back', `/approvals?q=${encodeURIComponent('ページ表示テスト')}`);
    const del = await SELF.fetch(`${BASE}/approvals/${a.id}/delete`, { method: 'POST', body: form, redirect: 'manual' });
    expect(del.status).toBe(303);
    expect(del.headers.get('location')).toBe(`/approvals?q=${encodeURIComponent('ページ表示テスト')}&done=deleted`);
    expect(await (await SELF.fetch(`${BASE}${del.headers.get('location')}`)).text()).toContain('承認を削除しました');
    expect((await lookupApi(a.question, KIDS)).notes.some((n) => n.kind === 'approved')).toBe(false);

    const bad = new FormData();
    bad.append('file', new File(['{"question":"ページからのインポート","product":"LeySerKids","gold":["nope#1"]}\n'], 'approvals.jsonl'));
    const refused = await SELF.fetch(`${BASE}/approvals/import`, { method: 'POST', body: bad });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('1 行目：ID「nope#1」の回答単位はありません。');
    const good = new FormData();
    good.append('file', new File(['{"question":"ページからのインポート","product":"LeySerKids","gold":["leyser-checksheet-meti#6-17"]}\n'], 'approvals.jsonl'));
    const imported = await SELF.fetch(`${BASE}/approvals/import`, { method: 'POST', body: good, redirect: 'manual' });
    expect(imported.status).toBe(303);
    expect((await lookupApi('ページからのインポート', KIDS)).notes[0]!.kind).toBe('approved');
    const list = ApprovalListResponseSchema.parse(await (await SELF.fetch(`${BASE}/api/approvals?q=${encodeURIComponent('ページからのインポート')}`)).json());
    for (const x of list.approvals) expect((await remove(x.id)).status).toBe(200);
  });
});

describe('the isolate cache', () => {
  it('a write by another isolate (straight into D1) is picked up by the revision check after a response, not before', async () => {
    const question = 'キャッシュ検証用：別のアイソレートで承認された質問';
    const req = LookupRequestSchema.parse({ question, product: KIDS });
    const pending: Promise<unknown>[] = [];
    const waitUntil = (p: Promise<unknown>) => void pending.push(p);
    const first = await approvalsState(env.DB, waitUntil, { revalidateMs: 0 });
    expect(first.ok).toBe(true);
    await Promise.all(pending.splice(0));

    // Another isolate approves it: D1 changes, this isolate's copy does not know yet.
    await new ApprovalStore(env.DB).upsertAll([
      {
        id: 'apr_other_isolate',
        question,
        product: KIDS,
        unitIds: ['leyser-checksheet-meti#6-17'],
        approvedBy: null,
        approvedAt: '2026-11-25T00:00:00.000Z',
        sources: [{ unitId: 'leyser-checksheet-meti#6-17', documentId: 'leyser-checksheet-meti', version: null, date: null }],
      },
    ]);
    const stale = await approvalsState(env.DB, waitUntil, { revalidateMs: 0 });
    // Served from the copy: the check runs after the response (waitUntil), never on the lookup's path.
    expect(applyApprovals(lookup(req), req, stale, 'signed_in').notes.some((n) => n.kind === 'approved')).toBe(false);
    expect(pending.length).toBe(1);
    await Promise.all(pending.splice(0));

    const fresh = await approvalsState(env.DB, waitUntil, { revalidateMs: 0 });
    expect(applyApprovals(lookup(req), req, fresh, 'signed_in').matches[0]!.approval?.id).toBe('apr_other_isolate');
    await Promise.all(pending.splice(0));
    expect((await remove('apr_other_isolate')).status).toBe(200);
  });

  it('without changes, lookups never read D1 again: the same library object is served', async () => {
    const a = await approvalsState(env.DB);
    const b = await approvalsState(env.DB);
    expect(a.ok && b.ok && a.library === b.library).toBe(true);
  });
});

describe('confidentiality of what is stored', () => {
  it('D1 holds exactly the columns the README names, and uploading or looking up stores nothing', async () => {
    const { results } = await env.DB.prepare('PRAGMA table_info(approvals)').all<{ name: string }>();
    // question (+ its normalized key), product (+ key), unit ids, source versions, time, optional approver, id.
    expect(results.map((r) => r.name).sort()).toEqual(['approved_at', 'approved_by', 'id', 'product', 'product_key', 'question', 'question_key', 'sources', 'unit_ids']);
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").all<{ name: string }>();
    expect(tables.results.map((t) => t.name)).toEqual(['approvals', 'approvals_revision', 'd1_migrations']);

    const count = async () => (await env.DB.prepare('SELECT count(*) AS n FROM approvals').first<{ n: number }>())!.n;
    const before = await count();
    const form = new FormData();
    form.append('file', new File(['質問,回答,備考\n機密の質問文 ACME株式会社向け,,\n'], 'ACME-questionnaire.csv', { type: 'text/csv' }));
    form.append('product', KIDS);
    expect((await SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', body: form })).status).toBe(200);
    await lookupApi('機密の質問文 ACME株式会社向け', KIDS);
    expect(await count()).toBe(before);
    const all = await env.DB.prepare('SELECT * FROM approvals').all();
    expect(JSON.stringify(all.results)).not.toContain('ACME');
  });
});
