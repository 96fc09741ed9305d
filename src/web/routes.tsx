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
import { DocumentListPage, DocumentPage } from './pages/document';
import { LookupPage } from './pages/lookup';
import { ResultsContent } from './components';
import { NotFoundPage } from './pages/not-found';
import { QuestionnairePage } from './pages/questionnaire';
import { LoginPage } from './pages/login';
import { hasUploadAccess, logIn, logOut, safeNext, sameOriginOnly, uploadNotConfiguredError, uploadsMisconfigured, uploadTokenConfigured } from '../http/upload-access';
import { checkLookupRateLimit } from '../http/rate-limit';
import { htmlError } from '../http/errors';

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
      res = lookup(req);
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
