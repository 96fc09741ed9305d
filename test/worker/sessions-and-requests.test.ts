// Issue 13, request side, on the real Worker app in workerd (app.request with an env carrying the
// secret, as `wrangler secret put` would): sessions with a server-checked expiry, rotated per
// login and revoked on logout; rate limits on credential attempts; the Origin check on
// state-changing POSTs; `next` validation; fail closed in production; Cache-Control on replies
// that echo a question or concern a file; questions that are not text or too long once normalized.
import { env as workerEnv } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { strToU8 } from 'fflate';
import app from '../../src/worker';
import { ErrorBodySchema } from '../../src/http/errors';
import { SESSION_COOKIE, SESSION_SECONDS } from '../../src/http/upload-access';
import type { Bindings } from '../../src/env';
import { JAPANESE } from './fuzz-support';
import { fakeLimiter } from './fake-limiter';

const BASE = 'https://kaitou.test';
const TOKEN = 'k4it0u-upload-token-7a1e';
const CSV = strToU8('質問,回答,備考\nデータのバックアップは取得していますか。,,\n');
// The test pool's bindings (D1 for approvals) with the secret added.
const env: Bindings = { ...workerEnv, KAITOU_UPLOAD_TOKEN: TOKEN };

async function errorCode(res: Response): Promise<string> {
  const body = ErrorBodySchema.parse(await res.json());
  expect(body.error.message_ja).toMatch(JAPANESE);
  return body.error.code;
}

function uploadForm(): FormData {
  const form = new FormData();
  form.append('file', new File([CSV], 'q.csv', { type: 'text/csv' }));
  form.append('product', 'LeySerKids');
  return form;
}

function upload(e: Bindings, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(`${BASE}/api/questionnaire`, { method: 'POST', body: uploadForm(), headers }, e));
}

function login(e: Bindings, token: string, next = '/questionnaire', headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('token', token);
  form.append('next', next);
  return Promise.resolve(app.request(`${BASE}/login`, { method: 'POST', body: form, headers }, e));
}

async function sessionCookie(e: Bindings = env): Promise<string> {
  const res = await login(e, TOKEN);
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('finding 7: sessions expire on the server, rotate per login, end on logout', () => {
  it('the session is refused after 8 hours even if the browser keeps the cookie', async () => {
    const cookie = await sessionCookie();
    expect((await upload(env, { cookie })).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (SESSION_SECONDS + 60) * 1000);
    expect((await upload(env, { cookie })).status).toBe(401);
  });

  it('every login gets a different session value', async () => {
    const a = await sessionCookie();
    const b = await sessionCookie();
    expect(a).not.toBe(b);
  });

  it('after logout the same cookie no longer opens uploads', async () => {
    const cookie = await sessionCookie();
    expect((await upload(env, { cookie })).status).toBe(200);
    const out = await app.request(`${BASE}/logout`, { method: 'POST', headers: { cookie } }, env);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/kaitou_upload=;/);
    expect((await upload(env, { cookie })).status).toBe(401);
  });

  it('logout revokes through the KV namespace when one is bound (visible to other isolates)', async () => {
    const store = new Map<string, string>();
    const kv = { get: async (k: string) => store.get(k) ?? null, put: async (k: string, v: string) => void store.set(k, v) };
    const withKv: Bindings = { ...env, SESSION_REVOCATIONS: kv };
    const cookie = await sessionCookie(withKv);
    await app.request(`${BASE}/logout`, { method: 'POST', headers: { cookie } }, withKv);
    expect([...store.keys()].some((k) => k.startsWith('revoked:'))).toBe(true);
  });

  it('the fixed HMAC value of the old scheme (same for every login) is refused', async () => {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(TOKEN), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('kaitou upload session v1'));
    const old = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect((await upload(env, { cookie: `${SESSION_COOKIE}=${old}` })).status).toBe(401);
  });

  it('a new generation (KAITOU_SESSION_GENERATION) ends every session at once', async () => {
    const cookie = await sessionCookie({ ...env, KAITOU_SESSION_GENERATION: '1' });
    expect((await upload({ ...env, KAITOU_SESSION_GENERATION: '1' }, { cookie })).status).toBe(200);
    expect((await upload({ ...env, KAITOU_SESSION_GENERATION: '2' }, { cookie })).status).toBe(401);
  });
});

describe('finding 8 and low: rate limits on credential attempts', () => {
  it('the 21st login attempt in a minute from one address → 429 too_many_attempts (even with the right token)', async () => {
    const e: Bindings = { ...env, AUTH_RATE_LIMITER: fakeLimiter(20) };
    const ip = { 'cf-connecting-ip': '203.0.113.7' };
    for (let i = 0; i < 20; i++) expect((await login(e, 'wrong', '/questionnaire', ip)).status).toBe(401);
    const res = await login(e, TOKEN, '/questionnaire', ip);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    // another address is not affected
    expect((await login(e, TOKEN, '/questionnaire', { 'cf-connecting-ip': '203.0.113.8' })).status).toBe(303);
  });

  it('bearer attempts are counted too → 429 too_many_attempts JSON', async () => {
    const e: Bindings = { ...env, AUTH_RATE_LIMITER: fakeLimiter(5) };
    const h = { authorization: 'Bearer wrong', 'cf-connecting-ip': '198.51.100.1' };
    for (let i = 0; i < 5; i++) expect((await upload(e, h)).status).toBe(401);
    const res = await upload(e, { ...h, authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(429);
    expect(await errorCode(res)).toBe('too_many_attempts');
  });
});

describe('low: cross-site POSTs are refused (Origin / Sec-Fetch-Site)', () => {
  const evil = { origin: 'https://evil.example' };

  it('a cross-site logout → 403 cross_origin_request, the session survives', async () => {
    const cookie = await sessionCookie();
    const res = await app.request(`${BASE}/logout`, { method: 'POST', headers: { ...evil, cookie } }, env);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('cross_origin_request');
    expect((await upload(env, { cookie })).status).toBe(200);
  });

  it('a cross-site login → 403', async () => {
    expect((await login(env, TOKEN, '/questionnaire', evil)).status).toBe(403);
    expect((await login(env, TOKEN, '/questionnaire', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('a cross-site upload → 403, a same-origin one and a script without Origin → 200', async () => {
    expect((await upload(env, { ...evil, authorization: `Bearer ${TOKEN}` })).status).toBe(403);
    expect((await upload(env, { origin: BASE, 'sec-fetch-site': 'same-origin', authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await upload(env, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('low: `next` after login is a path on this site', () => {
  it.each([
    ['CR/LF (header injection)', '/questionnaire\r\nSet-Cookie: x=1'],
    ['another host', '//evil.example/'],
    ['backslash host', '/\\evil.example'],
    ['absolute URL', 'https://evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
  ])('%s → redirect to /questionnaire, never a 500', async (_label, next) => {
    const res = await login(env, TOKEN, next);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/questionnaire');
  });

  it('an ordinary path is kept', async () => {
    expect((await login(env, TOKEN, '/questionnaire?x=1')).headers.get('location')).toBe('/questionnaire?x=1');
  });
});

describe('finding 8: production fails closed without the upload secret', () => {
  const prod: Bindings = { DB: workerEnv.DB, KAITOU_ENV: 'production' };

  it('the upload API → 503 upload_not_configured', async () => {
    const res = await upload(prod);
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe('upload_not_configured');
  });

  it('the questionnaire page and the login page say so in Japanese (no redirect loop)', async () => {
    for (const p of ['/questionnaire', '/login']) {
      const res = await app.request(`${BASE}${p}`, {}, prod);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('KAITOU_UPLOAD_TOKEN');
    }
  });

  it('with the secret, production works as usual', async () => {
    expect((await upload({ ...prod, KAITOU_UPLOAD_TOKEN: TOKEN }, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('low: Cache-Control no-store on the lookup and on questionnaire errors', () => {
  const q = encodeURIComponent('通信は暗号化されていますか。');

  it('GET and POST /api/lookup', async () => {
    expect((await app.request(`${BASE}/api/lookup?q=${q}`, {}, {})).headers.get('cache-control')).toBe('no-store');
    const post = await app.request(`${BASE}/api/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '通信は暗号化されていますか。' }) }, {});
    expect(post.headers.get('cache-control')).toBe('no-store');
    expect((await app.request(`${BASE}/api/lookup?q=`, {}, {})).headers.get('cache-control')).toBe('no-store');
  });

  it('questionnaire errors: 401, 415, 400', async () => {
    expect((await upload(env)).headers.get('cache-control')).toBe('no-store');
    const notMultipart = await app.request(`${BASE}/api/questionnaire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, {});
    expect(notMultipart.status).toBe(415);
    expect(notMultipart.headers.get('cache-control')).toBe('no-store');
    const badFormat = await app.request(`${BASE}/api/questionnaire?format=pdf`, { method: 'POST', body: uploadForm() }, {});
    expect(badFormat.status).toBe(400);
    expect(badFormat.headers.get('cache-control')).toBe('no-store');
  });
});

describe('low and finding 6: questions that are not text, or too long once normalized', () => {
  const post = (question: string) => app.request(`${BASE}/api/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) }, {});

  it('a lone surrogate → 400 invalid_question', async () => {
    const res = await post('バックアップ\ud800');
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_question');
  });

  it('112 × U+FDFA (2,016 characters under NFKC) → 400 question_too_long', async () => {
    const res = await post('\uFDFA'.repeat(112));
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('question_too_long');
  });

  it('a surrogate pair (emoji) is fine', async () => {
    expect((await post('バックアップ😀')).status).toBe(200);
  });
});
