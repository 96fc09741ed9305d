// One error shape for every endpoint: a stable machine code plus messages in Japanese and English.
import * as z from 'zod';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PRODUCTS } from '../corpus/store';

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    message_ja: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly messageEn: string,
    readonly messageJa: string,
    readonly details?: unknown,
  ) {
    super(messageEn);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.messageEn,
        message_ja: this.messageJa,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** 400 unknown_product listing the known products (lookup and questionnaire alike). */
export function requireKnownProduct(product: string): string {
  if (!PRODUCTS.includes(product)) {
    throw new ApiError(
      400,
      'unknown_product',
      `Unknown product "${product}". Known products: ${PRODUCTS.join(', ')}`,
      `製品「${product}」は登録されていません。指定できる製品: ${PRODUCTS.join('、')}`,
      { knownProducts: PRODUCTS },
    );
  }
  return product;
}

export function errorResponse(c: Context, err: ApiError): Response {
  return c.json(err.body(), err.status);
}
