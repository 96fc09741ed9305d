// HTML pages. Server-rendered with hono/jsx so every page works without JavaScript; the small
// scripts in public/static/ only enhance (as-you-type lookup, copy, questionnaire review).
//
// Static assets: CSS/JS are served by Workers Static Assets from public/ (wrangler.toml [assets])
// rather than from Hono routes: they stay real files (no JS embedded in TypeScript strings, no
// bundler step), get ETags/revalidation from Cloudflare and cost no Worker invocation. Assets
// bypass the Worker, so public/_headers repeats the security headers for them.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../env';
import { AppError } from '../messages/error';
import { parseLookupRequest } from '../api/routes';
import { limitBody } from '../http/body-limit';
import { getDocument, listDocuments, PRODUCTS, unitsOfDocument } from '../corpus/store';
import type { LookupResponse } from '../search/contract';
import { lookup } from '../search/lookup';
import { applyApprovals } from '../approvals/apply';
import { approvalsAudience, approvalsFor, importText, listApprovals, MAX_IMPORT_BYTES } from '../approvals/routes';
import { ApprovalStore, invalidateApprovals } from '../approvals/store';
import { ApprovalsPage } from './pages/approvals';
import { DocumentListPage, DocumentPage } from './pages/document';
import { LookupPage } from './pages/lookup';
import { ResultsContent } from './components';
import { NotFoundPage } from './pages/not-found';
import { QuestionnairePage } from './pages/questionnaire';
import { LoginPage } from './pages/login';
import { hasUploadAccess, logIn, logOut, safeNext, sameOriginOnly, SESSION_COOKIE, uploadNotConfiguredError, uploadsMisconfigured, uploadTokenConfigured } from '../http/upload-access';
import { getCookie } from 'hono/cookie';
import { SignedInContext } from './layout';
import { checkLookupRateLimit } from '../http/rate-limit';
import { htmlError } from '../http/errors';

export const webRoutes = new Hono<AppEnv>();

type Status = 200 | 400 | 401 | 404 | 429 | 503;

function page(c: Context<AppEnv>, node: JSX.Element, status: Status = 200) {
  // Pages reflect the current corpus and may echo a question: never cache them in shared caches.
  c.header('Cache-Control', 'no-store');
  // A session cookie (signed in with the upload token) puts ログアウト in the header.
  const signedIn = uploadTokenConfigured(c) && getCookie(c, SESSION_COOKIE) !== undefined;
  return c.html(html`<!doctype html>${(<SignedInContext.Provider value={signedIn}>{node}</SignedInContext.Provider>)}`, status);
}

webRoutes.get('/', async (c) => {
  const q = c.req.query('q') ?? '';
  const product = c.req.query('product') ?? '';
  let res: LookupResponse | null = null;
  let error: string | null = null;
  let status: Status = 200;
  if (q.trim() !== '') {
    try {
      // Same validation, messages and rate limit as GET /api/lookup.
      const req = parseLookupRequest({ question: q, product: product === '' ? undefined : product });
      await checkLookupRateLimit(c);
      res = applyApprovals(lookup(req), req, await approvalsFor(c), await approvalsAudience(c));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      error = err.messageJa;
      status = err.status === 429 ? 429 : 400;
    }
  }
  if (c.req.query('fragment') === '1') {
    // The results block alone, for lookup.js (as-you-type results): the same component as the page.
    c.header('Cache-Control', 'no-store');
    return c.html(<ResultsContent res={res} error={error} />, status);
  }
  return page(c, <LookupPage q={q} product={product} products={PRODUCTS} res={res} error={error} />, status);
});

webRoutes.get('/documents', (c) => page(c, <DocumentListPage documents={listDocuments()} />));

webRoutes.get('/documents/:id', (c) => {
  const doc = getDocument(c.req.param('id'));
  if (!doc) return page(c, <NotFoundPage what="document" />, 404);
  return page(c, <DocumentPage doc={doc} units={unitsOfDocument(doc.id)} />);
});

webRoutes.get('/questionnaire', async (c) => {
  if (uploadsMisconfigured(c)) return htmlError(c, uploadNotConfiguredError());
  if (!(await hasUploadAccess(c))) return c.redirect('/login?next=/questionnaire', 303);
  return page(c, <QuestionnairePage products={PRODUCTS} />);
});

// Approved answers (src/approvals): same access as uploads; the list holds customers' questions.
webRoutes.get('/approvals', async (c) => {
  if (!(await hasUploadAccess(c))) return c.redirect('/login?next=/approvals', 303);
  const query = c.req.query();
  const props = { q: query['q'] ?? '', product: query['product'] ?? '', products: PRODUCTS, notice: NOTICES[query['done'] ?? ''] ?? null, importErrors: [] };
  try {
    const list = await listApprovals(c, query);
    return page(c, <ApprovalsPage {...props} approvals={list.approvals} nextCursor={list.nextCursor} error={null} />);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return page(c, <ApprovalsPage {...props} approvals={[]} nextCursor={null} error={err.messageJa} />, err.status === 503 ? 503 : 400);
  }
});

const NOTICES: Record<string, string> = { deleted: '承認を削除しました。', imported: '承認をインポートしました。' };
/**
 * Only our own page may be the target of the redirect after an action, and only with characters a
 * Location header carries as they are (a NUL or any control character made the redirect a 500
 * after the delete had run; the sibling of `safeNext`).
 */
const backTo = (back: unknown, done: string) => {
  const base = typeof back === 'string' && back.length <= 1_000 && /^\/approvals(\?[A-Za-z0-9\-._~%=&+]*)?$/.test(back) ? back : '/approvals';
  return `${base}${base.includes('?') ? (base.endsWith('?') ? '' : '&') : '?'}done=${done}`;
};

webRoutes.post('/approvals/:id/delete', sameOriginOnly(), limitBody(8 * 1024), async (c) => {
  if (!(await hasUploadAccess(c))) return c.redirect('/login?next=/approvals', 303);
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const db = c.env?.DB;
  if (db) {
    try {
      await new ApprovalStore(db).delete(c.req.param('id'));
      invalidateApprovals(db);
    } catch {
      return page(c, <ApprovalsPage q="" product="" products={PRODUCTS} approvals={[]} nextCursor={null} notice={null} importErrors={[]} error="承認済み回答のデータベースに接続できません。しばらくしてから再度お試しください。" />, 503);
    }
  }
  return c.redirect(backTo(form['back'], 'deleted'), 303);
});

webRoutes.post('/approvals/import', sameOriginOnly(), limitBody(MAX_IMPORT_BYTES + 64 * 1024), async (c) => {
  if (!(await hasUploadAccess(c))) return c.redirect('/login?next=/approvals', 303);
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const file = form['file'];
  const fail = (message: string, importErrors: { line: number; message_ja: string }[] = [], status: Status = 400) =>
    page(c, <ApprovalsPage q="" product="" products={PRODUCTS} approvals={[]} nextCursor={null} notice={null} importErrors={importErrors} error={message} />, status);
  if (!(file instanceof File)) return fail('ファイルを選択してください。');
  try {
    await importText(c, new TextDecoder('utf-8').decode(await file.arrayBuffer()));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const details = err.details as { errors?: { line: number; message_ja: string }[] } | undefined;
    return fail(err.messageJa, details?.errors ?? [], err.status === 503 ? 503 : 400);
  }
  return c.redirect(backTo('/approvals', 'imported'), 303);
});

// Sign-in for uploads when KAITOU_UPLOAD_TOKEN is set (see src/http/upload-access.ts).
webRoutes.get('/login', (c) => {
  if (uploadsMisconfigured(c)) return htmlError(c, uploadNotConfiguredError());
  if (!uploadTokenConfigured(c)) return c.redirect('/questionnaire', 303);
  return page(c, <LoginPage next={safeNext(c.req.query('next'))} failed={false} />);
});

webRoutes.post('/login', sameOriginOnly(), limitBody(8 * 1024), async (c) => {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const next = safeNext(form['next']);
  if (uploadsMisconfigured(c)) return htmlError(c, uploadNotConfiguredError());
  if (!uploadTokenConfigured(c)) return c.redirect(next, 303);
  const token = typeof form['token'] === 'string' ? form['token'] : '';
  try {
    if (await logIn(c, token)) return c.redirect(next, 303);
  } catch (err) {
    if (err instanceof AppError) return htmlError(c, err);
    throw err;
  }
  return page(c, <LoginPage next={next} failed={true} />, 401);
});

webRoutes.post('/logout', sameOriginOnly(), async (c) => {
  await logOut(c);
  return c.redirect('/', 303);
});
