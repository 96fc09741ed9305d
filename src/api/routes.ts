// JSON API: documents, units and the single-question lookup.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { ApiError, errorResponse, requireKnownProduct } from './errors';
import { limitBody } from './body-limit';
import { getUnit, listDocuments, PRODUCTS } from '../corpus/store';
import { LookupRequestSchema, MAX_QUESTION_CHARS, MAX_LIMIT } from '../search/contract';
import { lookup } from '../search/lookup';
import { applyApprovals } from '../approvals/apply';
import { approvalsFor } from '../approvals/routes';

export const apiRoutes = new Hono<AppEnv>();

apiRoutes.get('/api/documents', (c) => c.json({ documents: listDocuments() }));

apiRoutes.get('/api/units/:id', (c) => {
  const id = c.req.param('id');
  const unit = getUnit(id);
  if (!unit) {
    return errorResponse(
      c,
      new ApiError(404, 'unit_not_found', `No unit with id "${id}". Ids look like leyser-checksheet-mic#25.`, `ID「${id}」の回答単位はありません。ID は leyser-checksheet-mic#25 のような形式です。`),
    );
  }
  return c.json({ unit });
});

apiRoutes.get('/api/products', (c) => c.json({ products: PRODUCTS }));

/** Validates a raw lookup request into the contract's parsed form, or throws a 400 ApiError. */
export function parseLookupRequest(raw: unknown) {
  const parsed = LookupRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    if (field === 'question') {
      const tooLong = issue?.code === 'too_big';
      throw new ApiError(
        400,
        tooLong ? 'question_too_long' : 'invalid_question',
        tooLong ? `question must be at most ${MAX_QUESTION_CHARS} characters` : 'question must be a non-empty string',
        tooLong ? `質問は ${MAX_QUESTION_CHARS} 文字以内で入力してください。` : '質問を入力してください（空の質問は検索できません）。',
      );
    }
    if (field === 'limit') {
      throw new ApiError(400, 'invalid_limit', `limit must be an integer from 1 to ${MAX_LIMIT}`, `limit は 1〜${MAX_LIMIT} の整数で指定してください。`);
    }
    throw new ApiError(400, 'invalid_request', `Invalid request: ${field}: ${issue?.message ?? 'invalid'}`, `リクエストが不正です（${field}）。`);
  }
  const req = parsed.data;
  if (req.product !== undefined) requireKnownProduct(req.product);
  return req;
}

async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  // The media type itself, parameters (charset) aside: not a substring match (application/jsonx).
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the lookup as application/json', 'リクエストは application/json で送信してください。');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'Request body is not valid JSON', 'リクエスト本文が正しい JSON ではありません。');
  }
}

/** A lookup body is a question of at most 2,000 characters (≤ 4 bytes each in UTF-8, or \uXXXX escapes) and two small fields. */
const MAX_LOOKUP_BODY_BYTES = MAX_QUESTION_CHARS * 12 + 1024;

apiRoutes.post('/api/lookup', limitBody(MAX_LOOKUP_BODY_BYTES), async (c) => {
  const body = await readJsonBody(c);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'Body must be a JSON object {"question": ...}', 'リクエスト本文は {"question": ...} 形式の JSON オブジェクトにしてください。');
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
