// Access control for uploads. When the secret KAITOU_UPLOAD_TOKEN is configured
// (`wrangler secret put KAITOU_UPLOAD_TOKEN`), the upload endpoint and the questionnaire page need
// either `Authorization: Bearer <token>` (scripts, the CLI) or a session cookie from the login
// form (people). Without the secret, local development stays open; in production
// (KAITOU_ENV=production, set by wrangler.toml's production environment) uploads are refused
// instead: fail closed. The lookup page and /api/lookup stay public: they only reveal published
// answers.
//
// Sessions (why this shape, on a stateless Worker):
// - The cookie is `<session id>.<expiry>` signed with HMAC-SHA256 (hono/cookie setSignedCookie).
//   The expiry is checked here on every request, so the 8 hours hold on the server, not only as a
//   browser hint. Every login draws a new random id (no fixed value to steal once and keep).
// - The signing key is derived from the upload token and KAITOU_SESSION_GENERATION: rotating the
//   token, or bumping the generation (a plain var, no token change), ends every session at once,
//   everywhere.
// - Logout revokes its session id until the session would have expired anyway. A Worker keeps no
//   state between requests, so the revocation list needs a store: the KV namespace
//   SESSION_REVOCATIONS when bound (global, read-your-writes where written, elsewhere within
//   ~60 s), otherwise the Cache API (per Cloudflare location; a no-op on workers.dev), plus the
//   isolate's own memory. D1 is deliberately not used: it would make every upload depend on a
//   database round trip for a check that a short expiry already bounds. See docs/deployment.md.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { clientKey } from './rate-limit';
import type { AppEnv, Bindings } from '../env';
import { AppError } from '../messages/error';

/**
 * `__Host-`: the browser keeps it only when set Secure, with Path=/ and no Domain, from this host
 * itself, so a sibling subdomain cannot plant or overwrite a session cookie.
 */
export const SESSION_COOKIE = '__Host-kaitou_upload';
/** A working day, enforced on the server. */
export const SESSION_SECONDS = 8 * 60 * 60;
/** Per client address: attempts that present a credential (login form, bearer header). */
export const AUTH_RETRY_AFTER_SECONDS = 60;

const encoder = new TextEncoder();

/** Constant-time comparison, so a secret cannot be guessed byte by byte from timings. */
export function sameSecret(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The cookie-signing key: never the token itself, and it changes with the token or the generation. */
async function signingKey(token: string, generation: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`kaitou upload session v2|${generation}`)));
}

export function isProduction(c: Context<AppEnv>): boolean {
  return c.env?.KAITOU_ENV === 'production';
}

export function uploadTokenConfigured(c: Context<AppEnv>): boolean {
  return Boolean(c.env?.KAITOU_UPLOAD_TOKEN);
}

/** The warning an isolate logs once when uploads and the approvals API are open to anyone; null when they are not. */
export function openAccessWarning(env: Partial<Bindings> | undefined): string | null {
  if (env?.KAITOU_UPLOAD_TOKEN || env?.KAITOU_ENV === 'production') return null;
  return 'kaitou: WARNING: KAITOU_UPLOAD_TOKEN is not set and KAITOU_ENV is not "production": uploads and the approvals API (list, export, import, delete) are OPEN to anyone who can reach this Worker. Set the token (wrangler secret put KAITOU_UPLOAD_TOKEN) or deploy with --env production.';
}

/** Production without the secret: uploads refused rather than open to everyone. */
export function uploadsMisconfigured(c: Context<AppEnv>): boolean {
  return !uploadTokenConfigured(c) && isProduction(c);
}

export function uploadNotConfiguredError(): AppError {
  return new AppError('upload_not_configured');
}

// --- revocation ---------------------------------------------------------------------------

/** Revoked session ids this isolate has seen (bounded; the shared stores are the real list). */
const revokedHere = new Map<string, number>();
const MAX_REVOKED_HERE = 10_000;

function revocationUrl(sid: string): string {
  return `https://session-revocations.kaitou.invalid/${sid}`;
}

async function revoke(c: Context<AppEnv>, sid: string, expiresAt: number): Promise<void> {
  const ttl = Math.max(60, expiresAt - Math.floor(Date.now() / 1000));
  if (revokedHere.size >= MAX_REVOKED_HERE) revokedHere.clear();
  revokedHere.set(sid, expiresAt);
  const kv = c.env?.SESSION_REVOCATIONS;
  try {
    if (kv) await kv.put(`revoked:${sid}`, '1', { expirationTtl: ttl });
    else if (typeof caches !== 'undefined') {
      await (caches as unknown as { default: Cache }).default.put(revocationUrl(sid), new Response('revoked', { headers: { 'Cache-Control': `max-age=${ttl}` } }));
    }
  } catch {
    // the cookie is deleted and expires on its own; a store outage must not break logout
  }
}

async function isRevoked(c: Context<AppEnv>, sid: string): Promise<boolean> {
  if (revokedHere.has(sid)) return true;
  const kv = c.env?.SESSION_REVOCATIONS;
  try {
    if (kv) return (await kv.get(`revoked:${sid}`)) !== null;
    if (typeof caches !== 'undefined') return (await (caches as unknown as { default: Cache }).default.match(revocationUrl(sid))) !== undefined;
  } catch {
    // store outage: the signature and the expiry still hold
  }
  return false;
}

// --- sessions -------------------------------------------------------------------------------

interface Session {
  sid: string;
  expiresAt: number;
}

const SESSION_VALUE = /^([0-9a-f]{32})\.(\d{1,12})$/;

async function readSession(c: Context<AppEnv>, token: string): Promise<Session | null> {
  const value = await getSignedCookie(c, await signingKey(token, c.env?.KAITOU_SESSION_GENERATION ?? '0'), SESSION_COOKIE);
  if (typeof value !== 'string') return null;
  const m = SESSION_VALUE.exec(value);
  if (!m) return null;
  const session = { sid: m[1]!, expiresAt: Number(m[2]) };
  const now = Math.floor(Date.now() / 1000);
  if (session.expiresAt <= now || session.expiresAt > now + SESSION_SECONDS) return null;
  return session;
}

function newSessionId(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

// --- rate limit of credential attempts ---------------------------------------------------

/** The client's IPv4 address, or the /64 of its IPv6 address (as the lookup limiter: one subscriber holds a whole /64). */
function clientAddress(c: Context<AppEnv>): string {
  return clientKey(c.req.header('cf-connecting-ip'));
}

/**
 * Counts one attempt that presents a credential (every login POST, every bearer header) against
 * AUTH_RATE_LIMITER; 429 when over. Every attempt counts, not only failures: counting failures
 * alone would still answer a correct guess. Without the binding (local development, tests)
 * nothing is counted; a failing binding lets the attempt through (tokens are 256-bit random, the
 * limit is defence in depth and must not lock people out during a limiter outage).
 */
export async function countCredentialAttempt(c: Context<AppEnv>): Promise<void> {
  const limiter = c.env?.AUTH_RATE_LIMITER;
  if (!limiter) return;
  let success: boolean;
  try {
    ({ success } = await limiter.limit({ key: `auth:${clientAddress(c)}` }));
  } catch {
    return;
  }
  if (success) return;
  c.header('Retry-After', String(AUTH_RETRY_AFTER_SECONDS));
  throw new AppError('too_many_attempts', { retryAfterSeconds: AUTH_RETRY_AFTER_SECONDS });
}

// --- access ------------------------------------------------------------------------------

/**
 * True when uploads are open (no secret, not production) or the request carries the token or a
 * valid, unexpired, unrevoked session. Throws 503 in production without the secret, and 429 when
 * the client has made too many credential attempts.
 */
export async function hasUploadAccess(c: Context<AppEnv>): Promise<boolean> {
  const expected = c.env?.KAITOU_UPLOAD_TOKEN;
  if (!expected) {
    if (isProduction(c)) throw uploadNotConfiguredError();
    return true;
  }
  const header = c.req.header('authorization');
  if (header !== undefined) {
    await countCredentialAttempt(c);
    if (header.toLowerCase().startsWith('bearer ') && sameSecret(header.slice(7).trim(), expected)) return true;
  }
  const session = await readSession(c, expected);
  return session !== null && !(await isRevoked(c, session.sid));
}

export async function requireUploadAccess(c: Context<AppEnv>): Promise<void> {
  if (await hasUploadAccess(c)) return;
  c.header('WWW-Authenticate', 'Bearer realm="kaitou uploads"');
  throw new AppError('unauthorized');
}

/** Middleware form of requireUploadAccess, for routes that must refuse before reading the body. */
export function uploadAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await requireUploadAccess(c);
    await next();
  };
}

/** Checks a token typed into the login form (counted attempt); on success sets a new session. */
export async function logIn(c: Context<AppEnv>, token: string): Promise<boolean> {
  const expected = c.env?.KAITOU_UPLOAD_TOKEN;
  if (!expected) return false;
  await countCredentialAttempt(c);
  if (!sameSecret(token, expected)) return false;
  const expiresAt = Math.floor(Date.now() / 1000) + SESSION_SECONDS;
  const key = await signingKey(expected, c.env?.KAITOU_SESSION_GENERATION ?? '0');
  await setSignedCookie(c, SESSION_COOKIE, `${newSessionId()}.${expiresAt}`, key, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: SESSION_SECONDS });
  return true;
}

/** Ends the session: the cookie is deleted and its id revoked on the server until it would have expired. */
export async function logOut(c: Context<AppEnv>): Promise<void> {
  const expected = c.env?.KAITOU_UPLOAD_TOKEN;
  if (expected) {
    const session = await readSession(c, expected);
    if (session) await revoke(c, session.sid, session.expiresAt);
  }
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}

// --- cross-site requests -----------------------------------------------------------------

/**
 * Refuses a state-changing request sent by another site (CSRF: a cross-site form post to /login,
 * /logout or the upload). Browsers send `Origin` (and `Sec-Fetch-Site`) on every cross-site POST;
 * a request with neither comes from a script or the CLI, which carry the bearer token instead of
 * ambient cookies, and passes. The session cookie is SameSite=Strict as well.
 */
export function sameOriginOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const own = new URL(c.req.url).origin;
      if ((origin !== undefined && origin !== own) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
        throw new AppError('cross_origin_request');
      }
    }
    await next();
  };
}

/** Where to go after signing in: a path on this site only (no scheme, host, `//`, `\` or control characters). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 200) return '/questionnaire';
  return /^\/(?![/\\])[A-Za-z0-9\-._~/?=&%]*$/.test(next) ? next : '/questionnaire';
}
