// JSON API: documents, units and the single-question lookup.
import { Hono } from 'hono';
import type { Context } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../env';
import { AppError } from '../messages/error';
import { limitBody } from '../http/body-limit';
import { getUnit, listDocuments, PRODUCTS, requireKnownProduct } from '../corpus/store';
import { DocumentInfoSchema, UnitSchema } from '../corpus/schema';
import { LookupRequestSchema, MAX_QUESTION_CHARS, MAX_LIMIT, type LookupResponse } from '../search/contract';
import { lookup } from '../search/lookup';
import { applyApprovals } from '../approvals/apply';
import { approvalsAudience, approvalsFor } from '../approvals/routes';

export const apiRoutes = new Hono<AppEnv>();

// Response shapes of the small endpoints (the lookup's is in src/search/contract.ts); the OpenAPI
// document (src/api/openapi.ts) is generated from these.
export const DocumentsResponseSchema = z.object({ documents: z.array(DocumentInfoSchema) });
export const UnitResponseSchema = z.object({ unit: UnitSchema });
export const ProductsResponseSchema = z.object({ products: z.array(z.string()) });

apiRoutes.get('/api/documents', (c) => c.json<z.infer<typeof DocumentsResponseSchema>>({ documents: listDocuments() }));

apiRoutes.get('/api/units/:id', (c) => {
  const id = c.req.param('id');
  const unit = getUnit(id);
  if (!unit) throw new AppError('unit_not_found', { id });
  return c.json<z.infer<typeof UnitResponseSchema>>({ unit });
});

apiRoutes.get('/api/products', (c) => c.json<z.infer<typeof ProductsResponseSchema>>({ products: [...PRODUCTS] }));

/** Validates a raw lookup request into the contract's parsed form, or throws a 400 AppError. */
export function parseLookupRequest(raw: unknown) {
  const parsed = LookupRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    if (field === 'question') {
      const tooLong = issue?.code === 'too_big' || (issue?.code === 'custom' && issue.params?.['reason'] === 'too_long');
      throw tooLong ? new AppError('question_too_long', { maxChars: MAX_QUESTION_CHARS }) : new AppError('invalid_question');
    }
    if (field === 'limit') throw new AppError('invalid_limit', { maxLimit: MAX_LIMIT });
    throw new AppError('invalid_request', { field, issue: issue?.message ?? 'invalid' });
  }
  const req = parsed.data;
  if (req.product !== undefined) requireKnownProduct(req.product);
  return req;
}

async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  // The media type itself, parameters (charset) aside: not a substring match (application/jsonx).
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('unsupported_media_type', { expected: 'application/json' });
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_json');
  }
}

/** A lookup body is a question of at most 2,000 characters (≤ 4 bytes each in UTF-8, or \uXXXX escapes) and two small fields. */
const MAX_LOOKUP_BODY_BYTES = MAX_QUESTION_CHARS * 12 + 1024;

apiRoutes.post('/api/lookup', limitBody(MAX_LOOKUP_BODY_BYTES), async (c) => {
  const body = await readJsonBody(c);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('invalid_request', { notAnObject: true });
  }
  const req = parseLookupRequest(body);
  return c.json<LookupResponse>(applyApprovals(lookup(req), req, await approvalsFor(c), await approvalsAudience(c)));
});

/** GET /api/lookup's query: `q` (or `question`), `product` (empty: all), `limit`. */
export const LookupQuerySchema = z.object({
  q: z.string().optional().describe('The question (1–2,000 characters).'),
  question: z.string().optional().describe('Same as q.'),
  product: z.string().optional().describe('A product from GET /api/products; empty or absent: all products.'),
  limit: z.string().optional().describe('1–20, default 5.'),
});

apiRoutes.get('/api/lookup', async (c) => {
  const q = LookupQuerySchema.parse(c.req.query());
  const product = q.product === '' ? undefined : q.product;
  const req = parseLookupRequest({ question: q.q ?? q.question ?? '', product, limit: q.limit });
  return c.json<LookupResponse>(applyApprovals(lookup(req), req, await approvalsFor(c), await approvalsAudience(c)));
});
