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
import { ApiError } from '../api/errors';
import { parseLookupRequest } from '../api/routes';
import { limitBody } from '../api/body-limit';
import { getDocument, listDocuments, PRODUCTS, unitsOfDocument } from '../corpus/store';
import type { LookupResponse } from '../search/contract';
import { lookup } from '../search/lookup';
import { applyApprovals } from '../approvals/apply';
import { approvalsFor } from '../approvals/routes';
import { DocumentListPage, DocumentPage } from './pages/document';
import { LookupPage } from './pages/lookup';
import { NotFoundPage } from './pages/not-found';
import { QuestionnairePage } from './pages/questionnaire';
import { LoginPage } from './pages/login';
import { UploadErrorPage } from './pages/upload-error';
import { hasUploadAccess, logIn, logOut, uploadTokenConfigured } from '../api/upload-access';
import { checkLookupRateLimit } from '../api/rate-limit';
import { CLIENT_VOCABULARY_MODULE } from './labels';

export const webRoutes = new Hono<AppEnv>();

type Status = 200 | 400 | 401 | 404 | 429;

function page(c: Context<AppEnv>, node: JSX.Element, status: Status = 200) {
  // Pages reflect the current corpus and may echo a question: never cache them in shared caches.
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!doctype html>${node}`, status);
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
      res = applyApprovals(lookup(req), req, await approvalsFor(c));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      error = err.messageJa;
      status = err.status === 429 ? 429 : 400;
    }
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
  if (!(await hasUploadAccess(c))) return c.redirect('/login?next=/questionnaire', 303);
  return page(c, <QuestionnairePage products={PRODUCTS} />);
});

/**
 * A browser navigation (the no-JavaScript questionnaire form) that fails gets an HTML page with
 * the Japanese message; scripts and API clients keep the JSON error.
 */
export function wantsHtmlError(c: Context<AppEnv>): boolean {
  return c.req.path === '/api/questionnaire' && (c.req.header('accept') ?? '').startsWith('text/html');
}

export function htmlErrorPage(c: Context<AppEnv>, err: ApiError): Response | Promise<Response> {
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!doctype html>${<UploadErrorPage message={err.messageJa} />}`, err.status);
}

// Sign-in for uploads when KAITOU_UPLOAD_TOKEN is set (see src/api/upload-access.ts).
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/[a-z]/.test(next) ? next : '/questionnaire');

webRoutes.get('/login', (c) => {
  if (!uploadTokenConfigured(c)) return c.redirect('/questionnaire', 303);
  return page(c, <LoginPage next={safeNext(c.req.query('next'))} failed={false} />);
});

webRoutes.post('/login', limitBody(8 * 1024), async (c) => {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const next = safeNext(form['next']);
  if (!uploadTokenConfigured(c)) return c.redirect(next, 303);
  const token = typeof form['token'] === 'string' ? form['token'] : '';
  if (await logIn(c, token)) return c.redirect(next, 303);
  return page(c, <LoginPage next={next} failed={true} />, 401);
});

webRoutes.post('/logout', (c) => {
  logOut(c);
  return c.redirect('/', 303);
});

// Labels and thresholds for the browser scripts, generated from labels.ts (not a static file, so
// the client can never drift from the server's rules).
webRoutes.get('/ui/vocabulary.js', (c) => {
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(CLIENT_VOCABULARY_MODULE);
});
