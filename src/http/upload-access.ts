// Optional access control for uploads. When the secret KAITOU_UPLOAD_TOKEN is configured
// (`wrangler secret put KAITOU_UPLOAD_TOKEN`), the upload endpoint and the questionnaire page need
// either `Authorization: Bearer <token>` (scripts, the CLI) or the session cookie set by the login
// form (people). Without the secret, local development stays open. The lookup page and
// /api/lookup stay public: they only reveal published answers.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { AppError } from '../messages/error';

export const SESSION_COOKIE = 'kaitou_upload';
/** A working day; the cookie carries no expiry of its own beyond this. */
const SESSION_SECONDS = 8 * 60 * 60;

/** Constant-time comparison, so a secret cannot be guessed byte by byte from timings. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * The cookie holds an HMAC of the token, not the token: a leaked cookie does not reveal the
 * secret, and rotating the secret ends every session.
 */
async function sessionValue(token: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('kaitou upload session v1'));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function uploadTokenConfigured(c: Context<AppEnv>): boolean {
  return Boolean(c.env?.KAITOU_UPLOAD_TOKEN);
}

/** True when uploads are open (no secret) or the request carries the token or a valid session. */
export async function hasUploadAccess(c: Context<AppEnv>): Promise<boolean> {
  const expected = c.env?.KAITOU_UPLOAD_TOKEN;
  if (!expected) return true;
  const header = c.req.header('authorization') ?? '';
  if (header.toLowerCase().startsWith('bearer ') && sameSecret(header.slice(7).trim(), expected)) return true;
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie !== undefined && sameSecret(cookie, await sessionValue(expected));
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

/** Checks a token typed into the login form; on success sets the session cookie. */
export async function logIn(c: Context<AppEnv>, token: string): Promise<boolean> {
  const expected = c.env?.KAITOU_UPLOAD_TOKEN;
  if (!expected || !sameSecret(token, expected)) return false;
  setCookie(c, SESSION_COOKIE, await sessionValue(expected), { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: SESSION_SECONDS });
  return true;
}

export function logOut(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}
