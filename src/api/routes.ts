// JSON API: documents, units and the single-question lookup.
import { Hono } from 'hono';
import type { Context } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../env';
import { AppError } from '../messages/error';
import { limitBody } from '../http/body-limit';
import { getUnit, listDocuments, PRODUCTS, requireKnownProduct } from '../corpus/store';
import { LookupRequestSchema, MAX_QUESTION_CHARS, MAX_LIMIT } from '../search/contract';
import { lookup } from '../search/lookup';
import { applyApprovals } from '../approvals/apply';
import { approvalsFor } from '../approvals/routes';

export const apiRoutes = new Hono<AppEnv>();

apiRoutes.get('/api/documents', (c) => c.json({ documents: listDocuments() }));

apiRoutes.get('/api/units/:id', (c) => {
  const id = c.req.param('id');
  const unit = getUnit(id);
  if (!unit) throw new AppError('unit_not_found', { id });
  return c.json({ unit });
});

apiRoutes.get('/api/products', (c) => c.json({ products: PRODUCTS }));

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
  return c.json(applyApprovals(lookup(req), req, await approvalsFor(c)));
});

const LookupQuerySchema = z.object({ q: z.string().optional(), question: z.string().optional(), product: z.string().optional(), limit: z.string().optional() });

apiRoutes.get('/api/lookup', async (c) => {
  const q = LookupQuerySchema.parse(c.req.query());
  const product = q.product === '' ? undefined : q.product;
  const req = parseLookupRequest({ question: q.q ?? q.question ?? '', product, limit: q.limit });
  return c.json(applyApprovals(lookup(req), req, await approvalsFor(c)));
});
