// Rate limiting of the public lookup (/api/lookup, and the lookup page / when it carries a
// question) with the Workers Rate Limiting binding LOOKUP_RATE_LIMITER, keyed by the client IP
// Cloudflare reports (cf-connecting-ip). Without the binding (local development, tests) it does
// nothing. Uploads are not limited here: they sit behind the upload token instead.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../messages/error';
import { errorResponse } from './errors';

/**
 * The binding's period (wrangler.toml, env.production.ratelimits simple.period; Cloudflare accepts
 * 10 or 60 seconds), sent as Retry-After by the API and the page alike: change both together.
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

export interface LookupRateLimitOptions {
  /** Sent as Retry-After; set it to the binding's period. */
  retryAfterSeconds?: number;
}

export function rateLimitedError(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', { retryAfterSeconds });
}

/**
 * The counter key of a client: its IPv4 address, or the /64 prefix of its IPv6 address (one
 * subscriber usually holds a whole /64, so per-address keys would be trivial to rotate).
 */
export function clientKey(ip: string | undefined): string {
  const addr = (ip ?? '').trim();
  if (addr === '') return 'unknown';
  if (!addr.includes(':')) return addr;
  const [head = '', tail] = addr.toLowerCase().split('::', 2);
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** True for the requests the limit applies to: the API lookup and a page lookup with a question. */
export function isLookupRequest(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  if (path === '/api/lookup') return true;
  return path === '/' && (c.req.query('q') ?? '').trim() !== '';
}

/**
 * Counts one lookup for the client; throws the 429 AppError (and sets Retry-After) when over the
 * limit. Shared by the middleware and any route that renders its own 429 (the lookup page).
 * A failing binding lets the request through: the lookup only reveals published answers, so an
 * outage of the limiter should not become an outage of the lookup.
 */
export async function checkLookupRateLimit(c: Context<AppEnv>, options: LookupRateLimitOptions = {}): Promise<void> {
  const limiter = c.env?.LOOKUP_RATE_LIMITER;
  if (!limiter) return;
  let success: boolean;
  try {
    ({ success } = await limiter.limit({ key: clientKey(c.req.header('cf-connecting-ip')) }));
  } catch {
    return;
  }
  if (success) return;
  const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  c.header('Retry-After', String(retryAfter));
  throw rateLimitedError(retryAfter);
}

/**
 * Hono middleware: 429 rate_limited (JSON, or the error page for a browser) with Retry-After for lookups over the
 * limit, otherwise passes through. Safe to mount on '*': it only counts lookup requests.
 */
export function lookupRateLimit(options: LookupRateLimitOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isLookupRequest(c)) return next();
    try {
      await checkLookupRateLimit(c, options);
    } catch (err) {
      if (err instanceof AppError) return errorResponse(c, err);
      throw err;
    }
    return next();
  };
}
