/// <reference types="vite/client" />
// GET /api/openapi.json inside workerd: the document is well-formed OpenAPI 3.1, documents every
// /api route the Worker has, and real responses (successes and refusals) validate against the JSON
// Schemas it publishes. The published schemas are read back with z.fromJSONSchema, so what is
// checked is the generated document, not the zod schemas it came from.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import app from '../../src/worker';
import { ERROR_CODES } from '../../src/messages/catalog';
import { buildXlsx } from '../node/questionnaire-fixtures';
import checklistUrl from '../fixtures/school-cloud-checklist.xlsx?url&inline';

const BASE = 'https://kaitou.test';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The part of OpenAPI 3.1 this document uses, checked strictly enough to catch a malformed one. */
const SchemaObject = z.record(z.string(), z.unknown());
const MediaType = z.object({ schema: SchemaObject }).strict();
const Response = z.object({ description: z.string().min(1), content: z.record(z.string(), MediaType).optional(), 'x-error-codes': z.array(z.string()).optional() }).strict();
const Parameter = z.object({ name: z.string(), in: z.enum(['query', 'path', 'header']), required: z.boolean(), description: z.string().optional(), schema: SchemaObject }).strict();
const Operation = z
  .object({
    operationId: z.string().regex(/^[A-Za-z]+$/),
    summary: z.string().min(1),
    description: z.string().optional(),
    security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
    parameters: z.array(Parameter).optional(),
    requestBody: z
      .object({ required: z.boolean(), content: z.record(z.string(), MediaType) })
      .strict()
      .optional(),
    responses: z.record(z.string().regex(/^[1-5]\d\d$/), Response),
  })
  .strict();
const Document = z
  .object({
    openapi: z.literal('3.1.0'),
    info: z.object({ title: z.string(), version: z.string(), description: z.string() }).strict(),
    paths: z.record(z.string().regex(/^\/api\//), z.partialRecord(z.enum(METHODS), Operation)),
    components: z
      .object({
        schemas: z.record(z.string(), SchemaObject),
        securitySchemes: z.record(
          z.string(),
          z.union([
            z.object({ type: z.literal('http'), scheme: z.string(), description: z.string().optional() }).strict(),
            z.object({ type: z.literal('apiKey'), in: z.enum(['header', 'query', 'cookie']), name: z.string(), description: z.string().optional() }).strict(),
          ]),
        ),
      })
      .strict(),
  })
  .strict();
type Doc = z.infer<typeof Document>;

async function fetchDocument(): Promise<Doc> {
  const res = await SELF.fetch(`${BASE}/api/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return Document.parse(await res.json());
}

/** Every $ref in a value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

/** A validator for a schema of the document: its components become $defs so $refs resolve. */
function validator(doc: Doc, schema: Record<string, unknown>): z.ZodType {
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/')) as Record<string, unknown>;
  const root = JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/', '#/$defs/')) as Record<string, unknown>;
  return z.fromJSONSchema({ ...root, $defs: defs } as Parameters<typeof z.fromJSONSchema>[0]);
}

/** Checks a real response against what the document says for its path, method and status. */
async function expectDocumented(doc: Doc, path: string, method: (typeof METHODS)[number], res: globalThis.Response): Promise<unknown> {
  const op = doc.paths[path]?.[method];
  expect(op, `${method} ${path} documented`).toBeDefined();
  const documented = op!.responses[String(res.status)];
  expect(documented, `${method} ${path} ${res.status} documented`).toBeDefined();
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = documented!.content?.[type];
  expect(media, `${method} ${path} ${res.status} ${type} documented`).toBeDefined();
  if (type !== 'application/json') return null;
  const body: unknown = await res.json();
  const parsed = validator(doc, media!.schema).safeParse(body);
  expect(parsed.error?.issues ?? [], `${method} ${path} ${res.status} matches its schema`).toEqual([]);
  if (res.status >= 400) expect(documented!['x-error-codes']).toContain((body as { error: { code: string } }).error.code);
  return body;
}

function dataUrlBytes(url: string): Uint8Array {
  const payload = url.slice(url.indexOf(',') + 1);
  return Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
}

function upload(bytes: Uint8Array, name: string, fields: Record<string, string>): Promise<globalThis.Response> {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type: XLSX_TYPE }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', body: form });
}

describe('GET /api/openapi.json', () => {
  it('is a well-formed OpenAPI 3.1 document whose $refs all resolve', async () => {
    const doc = await fetchDocument();
    const names = new Set(Object.keys(doc.components.schemas));
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) {
      expect(r).toMatch(/^#\/components\/schemas\//);
      expect(names, r).toContain(r.slice('#/components/schemas/'.length));
    }
    // Every component compiles as JSON Schema, and operation ids are unique.
    for (const schema of Object.values(doc.components.schemas)) expect(() => validator(doc, schema)).not.toThrow();
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    // Error codes named by responses are the catalog's.
    for (const p of Object.values(doc.paths)) for (const op of Object.values(p)) for (const r of Object.values(op.responses)) for (const c of r['x-error-codes'] ?? []) expect(ERROR_CODES).toContain(c);
  });

  it('documents every /api route of the Worker', async () => {
    const doc = await fetchDocument();
    const routes = app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL');
    expect(routes.length).toBeGreaterThan(5);
    for (const r of routes) {
      const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase() as (typeof METHODS)[number]], `${r.method} ${r.path}`).toBeDefined();
    }
  });

  it('real responses of every endpoint match the published schemas', async () => {
    const doc = await fetchDocument();
    const get = (path: string) => SELF.fetch(`${BASE}${path}`);
    const post = (body: string, type = 'application/json') => SELF.fetch(`${BASE}/api/lookup`, { method: 'POST', body, headers: { 'content-type': type } });

    await expectDocumented(doc, '/api/documents', 'get', await get('/api/documents'));
    await expectDocumented(doc, '/api/products', 'get', await get('/api/products'));
    await expectDocumented(doc, '/api/units/{id}', 'get', await get(`/api/units/${encodeURIComponent('leyser-checksheet-mic#25')}`));
    await expectDocumented(doc, '/api/units/{id}', 'get', await get('/api/units/nope'));
    for (const q of ['データのバックアップは取得していますか', 'Is data encrypted at rest?', '宇宙旅行の保険はありますか']) {
      await expectDocumented(doc, '/api/lookup', 'get', await get(`/api/lookup?q=${encodeURIComponent(q)}&product=${encodeURIComponent('LeySerKids')}`));
      await expectDocumented(doc, '/api/lookup', 'post', await post(JSON.stringify({ question: q, limit: 3 })));
    }
    for (const bad of ['{', '[]', '{"question":""}', '{"question":"x","limit":99}', '{"question":"x","product":"nope"}']) await expectDocumented(doc, '/api/lookup', 'post', await post(bad));
    await expectDocumented(doc, '/api/lookup', 'post', await post('question=x', 'text/plain'));
    await expectDocumented(doc, '/api/lookup', 'get', await get('/api/lookup'));

    const checklist = dataUrlBytes(checklistUrl);
    const res = await upload(checklist, 'school-cloud-checklist.xlsx', { product: 'LeySerKids' });
    const body = (await expectDocumented(doc, '/api/questionnaire', 'post', res)) as { rows: unknown[] };
    expect(body.rows.length).toBe(40);
    // Rows with per-row messages: an answer column already filled in.
    const filledIn = buildXlsx([
      {
        name: 'S',
        rows: [
          ['No', '質問', '回答', '備考'],
          [1, 'データのバックアップは取得していますか', 'はい', '記入済み'],
        ],
      },
    ]);
    const withMessages = (await expectDocumented(doc, '/api/questionnaire', 'post', await upload(filledIn, 'q.xlsx', { product: 'LeySerKids' }))) as { rows: { messages: unknown[] }[] };
    expect(withMessages.rows[0]?.messages.length).toBeGreaterThan(0);
    await expectDocumented(doc, '/api/questionnaire', 'post', await upload(new TextEncoder().encode('%PDF-1.4'), 'x.xlsx', { product: 'LeySerKids' }));

    // Approvals (D1 in the test pool): create, replace, list, export, import, delete, refusals.
    const approve = (body: unknown) => SELF.fetch(`${BASE}/api/approvals`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const approval = { question: 'OpenAPI テスト: バックアップは取得していますか', product: 'LeySerKids', unitIds: ['leyserkids-whitepaper#2.8'] };
    const created = (await expectDocumented(doc, '/api/approvals', 'post', await approve(approval))) as { approval: { id: string } };
    await expectDocumented(doc, '/api/approvals', 'post', await approve({ ...approval, approvedBy: '営業部' }));
    await expectDocumented(doc, '/api/approvals', 'post', await approve({ ...approval, unitIds: [] }));
    await expectDocumented(doc, '/api/approvals', 'get', await get('/api/approvals?limit=5'));
    await expectDocumented(doc, '/api/approvals', 'get', await get('/api/approvals?limit=0'));
    await expectDocumented(doc, '/api/approvals/export', 'get', await get('/api/approvals/export'));
    const importLines = (text: string) => SELF.fetch(`${BASE}/api/approvals/import`, { method: 'POST', body: text, headers: { 'content-type': 'application/x-ndjson' } });
    await expectDocumented(doc, '/api/approvals/import', 'post', await importLines(`${JSON.stringify({ question: 'OpenAPI テスト: 暗号化していますか', product: 'LeySerKids', gold: ['leyserkids-whitepaper#2.8'] })}\n`));
    await expectDocumented(doc, '/api/approvals/import', 'post', await importLines('{"question": ""}\n'));
    const del = (id: string) => SELF.fetch(`${BASE}/api/approvals/${encodeURIComponent(id)}`, { method: 'DELETE' });
    await expectDocumented(doc, '/api/approvals/{id}', 'delete', await del(created.approval.id));
    await expectDocumented(doc, '/api/approvals/{id}', 'delete', await del(created.approval.id));
    await expectDocumented(doc, '/api/questionnaire', 'post', await upload(checklist, 'school-cloud-checklist.xlsx', { product: 'nope' }));
  });
});
