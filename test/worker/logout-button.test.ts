// Issue 20: the header offers ログアウト (a form posting to /logout) once signed in with the upload
// token, and not before; the login page's password field is styled like the other inputs.
import { env as workerEnv } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../../src/worker';
import type { Bindings } from '../../src/env';

const BASE = 'https://kaitou.test';
const TOKEN = 'k4it0u-upload-token-logout';
const env: Bindings = { ...workerEnv, KAITOU_UPLOAD_TOKEN: TOKEN };

async function signIn(): Promise<string> {
  const form = new FormData();
  form.append('token', TOKEN);
  form.append('next', '/questionnaire');
  const res = await app.request(`${BASE}/login`, { method: 'POST', body: form }, env);
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('logout button', () => {
  it('appears in the header only with a session, and posts to /logout', async () => {
    const anonymous = await (await app.request(`${BASE}/questionnaire`, {}, env)).text();
    expect(anonymous).not.toContain('action="/logout"');
    const cookie = await signIn();
    const page = await (await app.request(`${BASE}/questionnaire`, { headers: { cookie } }, env)).text();
    expect(page).toMatch(/<form method="post" action="\/logout"[^>]*>\s*<button type="submit"[^>]*>ログアウト<\/button>/);
    const out = await app.request(`${BASE}/logout`, { method: 'POST', headers: { cookie } }, env);
    expect(out.status).toBe(303);
    // Without an upload token there is nothing to sign out of.
    const open = await (await app.request(`${BASE}/questionnaire`, { headers: { cookie } }, workerEnv)).text();
    expect(open).not.toContain('action="/logout"');
  });
});
