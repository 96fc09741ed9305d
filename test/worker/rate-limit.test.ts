// The lookup rate limit (src/http/rate-limit.ts) on small Hono apps with a fake
// LOOKUP_RATE_LIMITER binding: a fixed-window counter per key, like the real binding's
// `simple` limit. The Worker's wrangler.toml has no binding, so SELF cannot exercise it.
import { describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv, Bindings } from '../../src/env';
import { ErrorBodySchema } from '../../src/http/errors';
import { apiRoutes } from '../../src/api/routes';
import { clientKey, lookupRateLimit } from '../../src/http/rate-limit';
import { JAPANESE } from './fuzz-support';

type Limiter = NonNullable<Bindings['LOOKUP_RATE_LIMITER']>;

/** Allows `limit` calls per key, then refuses; records every key it was asked about. */
function fakeLimiter(limit: number): Limiter & { keys: string[] } {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  return {
    keys,
    async limit({ key }: { key: string }) {
      keys.push(key);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
}

/** A stand-in for the Worker: the middleware in front of a lookup route, a page and another route. */
function appWith(options?: Parameters<typeof lookupRateLimit>[0]) {
  const app = new Hono<AppEnv>();
  app.use('*', lookupRateLimit(options));
  app.get('/api/lookup', (c) => c.json({ ok: true }));
  app.post('/api/lookup', (c) => c.json({ ok: true }));
  app.get('/', (c) => c.html('<p>page</p>'));
  app.get('/api/units/:id', (c) => c.json({ unit: c.req.param('id') }));
  return app;
}

const from = (ip?: string): RequestInit => ({ headers: ip ? { 'cf-connecting-ip': ip } : {} });

async function expectRateLimited(res: Response, retryAfter: string): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(retryAfter);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = ErrorBodySchema.parse(await res.json());
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.message).toMatch(/Too many lookups/);
  expect(body.error.message_ja).toMatch(JAPANESE);
  expect(body.error.message_ja).toContain(`${retryAfter} 秒`);
}

describe('lookupRateLimit middleware', () => {
  it('is a no-op without the binding (local development)', async () => {
    const app = appWith();
    for (let i = 0; i < 50; i++) expect((await app.request('/api/lookup?q=x', from('192.0.2.1'), {})).status).toBe(200);
  });

  it('lets lookups through up to the limit, then answers 429 rate_limited with Retry-After', async () => {
    const limiter = fakeLimiter(3);
    const app = appWith();
    const env = { LOOKUP_RATE_LIMITER: limiter };
    for (let i = 0; i < 3; i++) expect((await app.request('/api/lookup?q=x', from('192.0.2.1'), env)).status).toBe(200);
    await expectRateLimited(await app.request('/api/lookup?q=x', from('192.0.2.1'), env), '60');
    // POST counts against the same key
    await expectRateLimited(await app.request('/api/lookup', { method: 'POST', headers: { 'cf-connecting-ip': '192.0.2.1', 'content-type': 'application/json' }, body: '{"question":"x"}' }, env), '60');
    // another client has its own budget
    expect((await app.request('/api/lookup?q=x', from('192.0.2.2'), env)).status).toBe(200);
    expect(limiter.keys).toEqual(['192.0.2.1', '192.0.2.1', '192.0.2.1', '192.0.2.1', '192.0.2.1', '192.0.2.2']);
  });

  it('uses the configured period as Retry-After', async () => {
    const app = appWith({ retryAfterSeconds: 10 });
    await expectRateLimited(await app.request('/api/lookup?q=x', from('192.0.2.1'), { LOOKUP_RATE_LIMITER: fakeLimiter(0) }), '10');
  });

  it('counts the lookup page only when it carries a question, and nothing else', async () => {
    const limiter = fakeLimiter(100);
    const app = appWith();
    const env = { LOOKUP_RATE_LIMITER: limiter };
    for (const path of ['/', '/?q=', '/?q=%20%E3%80%80', '/?product=RaySheet', '/api/units/x', '/api/units/x?q=y']) {
      expect((await app.request(path, from('192.0.2.9'), env)).status).toBe(200);
    }
    expect(limiter.keys).toEqual([]);
    expect((await app.request(`/?q=${encodeURIComponent('暗号化')}`, from('192.0.2.9'), env)).status).toBe(200);
    expect(limiter.keys).toEqual(['192.0.2.9']);
    await expectRateLimited(await app.request('/?q=x', from('192.0.2.9'), { LOOKUP_RATE_LIMITER: fakeLimiter(0) }), '60');
  });

  it('keys by cf-connecting-ip only (x-forwarded-for is client-controlled)', async () => {
    const limiter = fakeLimiter(100);
    const app = appWith();
    await app.request('/api/lookup?q=x', { headers: { 'x-forwarded-for': '203.0.113.7' } }, { LOOKUP_RATE_LIMITER: limiter });
    await app.request('/api/lookup?q=x', { headers: { 'cf-connecting-ip': '2001:db8:aa:bb:1:2:3:4', 'x-forwarded-for': '203.0.113.7' } }, { LOOKUP_RATE_LIMITER: limiter });
    expect(limiter.keys).toEqual(['unknown', '2001:db8:aa:bb::/64']);
  });

  it('fails open when the binding itself errors', async () => {
    const broken: Limiter = { limit: vi.fn(async () => Promise.reject(new Error('binding unavailable'))) };
    const res = await appWith().request('/api/lookup?q=x', from('192.0.2.1'), { LOOKUP_RATE_LIMITER: broken });
    expect(res.status).toBe(200);
    expect(broken.limit).toHaveBeenCalledTimes(1);
  });

  it('in front of the real lookup API: real answers until the limit, then 429', async () => {
    const app = new Hono<AppEnv>();
    app.use('/api/lookup', lookupRateLimit());
    app.route('/', apiRoutes);
    const env = { LOOKUP_RATE_LIMITER: fakeLimiter(2) };
    const q = `/api/lookup?q=${encodeURIComponent('データのバックアップは取得していますか。')}`;
    for (let i = 0; i < 2; i++) {
      const res = await app.request(q, from('198.51.100.1'), env);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { matches: unknown[] }).matches.length).toBeGreaterThan(0);
    }
    await expectRateLimited(await app.request(q, from('198.51.100.1'), env), '60');
    // other API routes are not counted
    expect((await app.request('/api/documents', from('198.51.100.1'), env)).status).toBe(200);
  });
});

describe('clientKey', () => {
  it.each([
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::', 'fe80:0:0:0::/64'],
  ])('%j → %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});
