// The HTTP edge of errors: an AppError (src/messages/error.ts) becomes a JSON error body for API
// clients or a readable Japanese page for browsers (src/http/negotiate.ts decides); anything else
// is a 500 that never leaks a stack, a request body or customer content.
import * as z from 'zod';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { html } from 'hono/html';
import { AppError } from '../messages/error';
import { ERROR_CODES, type ErrorCode } from '../messages/catalog';
import { ErrorPage } from '../web/pages/error';
import { NotFoundPage } from '../web/pages/not-found';
import { prefersHtml } from './negotiate';

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    message_ja: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export function errorBody(err: AppError): ErrorBody {
  const details = err.details;
  return { error: { code: err.code, message: err.messageEn, message_ja: err.messageJa, ...(details === undefined ? {} : { details }) } };
}

export function jsonError(c: Context, err: AppError): Response {
  return c.json(errorBody(err), err.status);
}

/** The Japanese page for an error: the not-found page for 404s, the error page otherwise. */
export function htmlError(c: Context, err: AppError): Response | Promise<Response> {
  c.header('Cache-Control', 'no-store');
  const page = err.code === 'not_found' ? NotFoundPage({ what: 'page' }) : ErrorPage({ message: err.messageJa, upload: c.req.path.startsWith('/api/questionnaire') });
  return c.html(html`<!doctype html>${page}`, err.status);
}

/** An AppError as the client prefers it. */
export function errorResponse(c: Context, err: AppError): Response | Promise<Response> {
  return prefersHtml(c) ? htmlError(c, err) : jsonError(c, err);
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) return errorResponse(c, err);
  // Never log request bodies or customer content: only the error class.
  console.error(`unhandled error: ${err.name}`);
  return errorResponse(c, new AppError('internal_error'));
};

export const notFound: NotFoundHandler = (c) => errorResponse(c, new AppError('not_found', { method: c.req.method, path: new URL(c.req.url).pathname }));
