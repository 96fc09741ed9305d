// Optional access control of the upload endpoint (src/questionnaire/routes.ts checkUploadToken,
// which already compares in constant time, so there is no separate auth module). The test
// config sets no KAITOU_UPLOAD_TOKEN, so the real Worker app is driven with app.request and an
// env object carrying the secret, the way `wrangler secret put` would provide it.
import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import app from '../../src/worker';
import { ErrorBodySchema } from '../../src/http/errors';
import { SESSION_COOKIE } from '../../src/http/upload-access';
import { JAPANESE, expectSecurityHeaders } from './fuzz-support';

const BASE = 'https://kaitou.test';
const TOKEN = 'k4it0u-upload-token-2f9c';
const CSV = strToU8('質問,回答,備考\nデータのバックアップは取得していますか。,,\n');

function upload(env: Record<string, unknown>, authorization?: string, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([CSV], 'q.csv', { type: 'text/csv' }));
  form.append('product', 'LeySerKids');
  return Promise.resolve(app.request(`${BASE}/api/questionnaire${query}`, { method: 'POST', body: form, headers: authorization === undefined ? {} : { authorization } }, env));
}

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expectSecurityHeaders(res);
  const body = ErrorBodySchema.parse(await res.json());
  expect(body.error.code).toBe('unauthorized');
  expect(body.error.message_ja).toMatch(JAPANESE);
  // the response never echoes what was sent as a token
  expect(JSON.stringify(body)).not.toContain('wrong');
}

describe('upload token not configured (local development)', () => {
  it.each([
    ['no env at all', {}],
    ['empty secret', { KAITOU_UPLOAD_TOKEN: '' }],
  ])('%s: uploads are open', async (_label, env) => {
    expect((await upload(env)).status).toBe(200);
    expect((await upload(env, 'Bearer anything')).status).toBe(200);
  });
});

describe('upload token configured', () => {
  const env = { KAITOU_UPLOAD_TOKEN: TOKEN };

  it.each([
    ['no Authorization header', undefined],
    ['empty header', ''],
    ['wrong token', 'Bearer wrong'],
    ['empty bearer', 'Bearer '],
    ['prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['token plus one character', `Bearer ${TOKEN}x`],
    ['token differing in case', `Bearer ${TOKEN.toUpperCase()}`],
    ['token without the scheme', TOKEN],
    ['Basic scheme', `Basic ${TOKEN}`],
    ['token in a query-like form', `Bearer token=${TOKEN}`],
    ['wrong token sent as wrongwrong…', `Bearer ${'wrong'.repeat(2000)}`],
  ])('%s → 401 unauthorized', async (_label, authorization) => {
    await expectUnauthorized(await upload(env, authorization));
  });

  it.each([
    ['Bearer', `Bearer ${TOKEN}`],
    ['lower-case scheme', `bearer ${TOKEN}`],
    ['upper-case scheme', `BEARER ${TOKEN}`],
    ['surrounding spaces', `Bearer   ${TOKEN}  `],
  ])('%s → 200', async (_label, authorization) => {
    const res = await upload(env, authorization);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a base64 token (as `openssl rand -base64 32` makes) works, one changed character does not', async () => {
    const b64 = 'q+/Zr0W3x9vT1mE8yH2kPpL4sN6uA7cD5fG0jK1oR3w=';
    const b64Env = { KAITOU_UPLOAD_TOKEN: b64 };
    expect((await upload(b64Env, `Bearer ${b64}`)).status).toBe(200);
    await expectUnauthorized(await upload(b64Env, `Bearer ${b64.replace('+', '-')}`));
  });

  it('authentication comes first: a wrong token is refused before the body or the format is looked at', async () => {
    await expectUnauthorized(await upload(env, 'Bearer wrong', '?format=pdf'));
    const res = await app.request(`${BASE}/api/questionnaire`, { method: 'POST', headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: '{}' }, env);
    await expectUnauthorized(res);
  });

  it('the lookup API and the lookup page stay public', async () => {
    const q = encodeURIComponent('通信は暗号化されていますか。');
    expect((await app.request(`${BASE}/api/lookup?q=${q}`, {}, env)).status).toBe(200);
    expect((await app.request(`${BASE}/api/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '通信は暗号化されていますか。' }) }, env)).status).toBe(200);
    expect((await app.request(`${BASE}/?q=${q}`, {}, env)).status).toBe(200);
    expect((await app.request(`${BASE}/api/documents`, {}, env)).status).toBe(200);
  });
});

describe('login form and session cookie (people, not scripts)', () => {
  const env = { KAITOU_UPLOAD_TOKEN: TOKEN };
  const login = (token: string) => {
    const form = new FormData();
    form.append('token', token);
    form.append('next', '/questionnaire');
    return Promise.resolve(app.request(`${BASE}/login`, { method: 'POST', body: form }, env));
  };

  it('the questionnaire page redirects to the login form while signed out', async () => {
    const res = await app.request(`${BASE}/questionnaire`, {}, env);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=/questionnaire');
    const form = await app.request(`${BASE}/login`, {}, env);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('アップロード用トークン');
  });

  it('a wrong token shows the form again with a Japanese error and sets no cookie', async () => {
    const res = await login('wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('トークンが正しくありません');
  });

  it('the right token sets an HttpOnly, Secure, SameSite=Strict cookie that opens page and uploads', async () => {
    const res = await login(TOKEN);
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // the cookie is an HMAC of the token, never the token itself
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0]!;
    expect((await app.request(`${BASE}/questionnaire`, { headers: { cookie: session } }, env)).status).toBe(200);
    const form = new FormData();
    form.append('file', new File([CSV], 'q.csv', { type: 'text/csv' }));
    form.append('product', 'LeySerKids');
    expect((await app.request(`${BASE}/api/questionnaire`, { method: 'POST', body: form, headers: { cookie: session } }, env)).status).toBe(200);
    // a forged cookie does not
    const forged = new FormData();
    forged.append('file', new File([CSV], 'q.csv', { type: 'text/csv' }));
    forged.append('product', 'LeySerKids');
    await expectUnauthorized(await app.request(`${BASE}/api/questionnaire`, { method: 'POST', body: forged, headers: { cookie: `${SESSION_COOKIE}=${'0'.repeat(64)}` } }, env));
  });

  it('401 tells clients how to authenticate', async () => {
    const res = await upload(env);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });
});
