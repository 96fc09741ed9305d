// Issue 19, low items on the request side, on the real Worker app in workerd (app.request with an
// env carrying the secret): the credential limiter keys IPv6 by /64, the approvals delete form's
// `back` cannot turn the redirect into a 500, approvals replies are never cached (errors included),
// every response carries a Permissions-Policy, and an open deployment says so loudly.
import { env as workerEnv } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../../src/worker';
import { openAccessWarning } from '../../src/http/upload-access';
import type { Bindings } from '../../src/env';
import { fakeLimiter } from './fake-limiter';

const BASE = 'https://kaitou.test';
const TOKEN = 'k4it0u-upload-token-19';
const env: Bindings = { ...workerEnv, KAITOU_UPLOAD_TOKEN: TOKEN };

function login(e: Bindings, token: string, ip: string): Promise<Response> {
  const form = new FormData();
  form.append('token', token);
  form.append('next', '/questionnaire');
  return Promise.resolve(app.request(`${BASE}/login`, { method: 'POST', body: form, headers: { 'cf-connecting-ip': ip } }, e));
}

describe('issue 19 low: the login/token limiter counts an IPv6 /64 as one client', () => {
  it('20 guesses from 20 addresses of one /64, then the right token from a 21st → 429', async () => {
    const e: Bindings = { ...env, AUTH_RATE_LIMITER: fakeLimiter(20) };
    for (let i = 1; i <= 20; i++) expect((await login(e, 'wrong', `2001:db8:1:2::${i.toString(16)}`)).status).toBe(401);
    const res = await login(e, TOKEN, '2001:db8:1:2:ffff:ffff:ffff:1');
    expect(res.status).toBe(429);
    // another /64 is another client; IPv4 addresses stay separate
    expect((await login(e, TOKEN, '2001:db8:1:3::1')).status).toBe(303);
    expect((await login(e, TOKEN, '192.0.2.1')).status).toBe(303);
  });
});

describe('issue 19 low: the approvals delete form', () => {
  it.each([
    ['a NUL', '/approvals?q=a\u0000b'],
    ['a CR LF', '/approvals?q=a\r\nSet-Cookie: x=1'],
    ['a tab and non-ASCII', '/approvals?q=\t認証'],
    ['another site', '//evil.example/approvals'],
  ])('`back` with %s → 303 to /approvals, never a 500', async (_label, back) => {
    const form = new FormData();
    form.append('back', back);
    const res = await app.request(`${BASE}/approvals/appr_none/delete`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } }, env);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/approvals?done=deleted');
  });

  it("an ordinary `back` (the page's own filter, percent-encoded) is kept", async () => {
    const form = new FormData();
    form.append('back', `/approvals?${new URLSearchParams({ q: 'バックアップ 取得', product: 'LeySerKids' }).toString()}`);
    const res = await app.request(`${BASE}/approvals/appr_none/delete`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } }, env);
    expect(res.headers.get('location')).toMatch(/^\/approvals\?q=%E3%83%90.*&product=LeySerKids&done=deleted$/);
  });
});

describe('issue 19 low: approvals replies are never cached, errors included', () => {
  it.each([
    ['GET /api/approvals without credentials (401)', `${BASE}/api/approvals`, {}],
    ['GET /api/approvals/export without credentials (401)', `${BASE}/api/approvals/export`, {}],
    ['GET /api/approvals with a bad query (400)', `${BASE}/api/approvals?limit=abc`, { authorization: `Bearer ${TOKEN}` }],
    ['GET /api/approvals (200)', `${BASE}/api/approvals`, { authorization: `Bearer ${TOKEN}` }],
    ['GET /approvals (the page)', `${BASE}/approvals`, { authorization: `Bearer ${TOKEN}` }],
  ])('%s → Cache-Control: no-store', async (_label, url, headers) => {
    const res = await app.request(url, { headers }, env);
    await res.arrayBuffer();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('issue 19 low: Permissions-Policy on every response', () => {
  it.each(['/', '/api/products', '/no-such-page', '/approvals'])('%s', async (p) => {
    const res = await app.request(`${BASE}${p}`, {}, env);
    const policy = res.headers.get('permissions-policy') ?? '';
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) expect(policy).toContain(feature);
  });
});

describe('issue 19 low: an open deployment says so loudly', () => {
  it('no token outside production: the warning names what is open; with the token or in production: none', () => {
    const warning = openAccessWarning({}) ?? '';
    expect(warning).toContain('OPEN');
    expect(warning).toContain('approvals API');
    expect(openAccessWarning({ KAITOU_UPLOAD_TOKEN: 'x' } as Partial<Bindings>)).toBeNull();
    expect(openAccessWarning({ KAITOU_ENV: 'production' } as Partial<Bindings>)).toBeNull();
  });
});

describe('issue 19 low: the session cookie is a __Host- cookie', () => {
  it('set by /login as __Host-kaitou_upload: Secure, Path=/, no Domain; it opens uploads', async () => {
    const res = await login(env, TOKEN, '192.0.2.50');
    expect(res.status).toBe(303);
    const set = res.headers.get('set-cookie') ?? '';
    expect(set.startsWith('__Host-kaitou_upload=')).toBe(true);
    expect(set).toMatch(/;\s*Secure/i);
    expect(set).toMatch(/;\s*Path=\/(;|$)/);
    expect(set).not.toMatch(/Domain=/i);
    const cookie = set.split(';')[0]!;
    const page = await app.request(`${BASE}/approvals`, { headers: { cookie } }, env);
    expect(page.status).toBe(200);
    // the old name is not read any more
    const old = await app.request(`${BASE}/approvals`, { headers: { cookie: cookie.replace('__Host-', '') } }, env);
    expect(old.status).not.toBe(200);
  });
});

describe('issue 19 low: the OpenAPI document names its security schemes', () => {
  it('bearer upload token and the session cookie; the protected operations need one, the lookup none', async () => {
    const doc = (await (await app.request(`${BASE}/api/openapi.json`, {}, env)).json()) as {
      components: { securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.components.securitySchemes?.['uploadToken']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes?.['session']).toMatchObject({ type: 'apiKey', in: 'cookie', name: '__Host-kaitou_upload' });
    for (const [p, m] of [
      ['/api/questionnaire', 'post'],
      ['/api/approvals', 'get'],
      ['/api/approvals', 'post'],
      ['/api/approvals/export', 'get'],
      ['/api/approvals/import', 'post'],
      ['/api/approvals/{id}', 'delete'],
    ] as const) {
      expect(doc.paths[p]?.[m]?.security, `${m} ${p}`).toEqual([{ uploadToken: [] }, { session: [] }]);
    }
    expect(doc.paths['/api/lookup']?.['post']?.security).toBeUndefined();
  });
});
