// Worker entry: composes the routers of each interface and applies what every response needs
// (security headers, JSON errors that never leak a stack or customer content).
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError, errorResponse } from './api/errors';
import { apiRoutes } from './api/routes';
import { approvalRoutes } from './approvals/routes';
import { lookupRateLimit } from './api/rate-limit';
import { questionnaireRoutes } from './questionnaire/routes';
import { htmlErrorPage, wantsHtmlError, webRoutes } from './web/routes';
import type { AppEnv } from './env';

const app = new Hono<AppEnv>();

// hono/secure-headers: maintained defaults (nosniff, Referrer-Policy, frame protections, ...) plus
// a CSP without unsafe-inline scripts: pages load their script from /static/*.js only.
app.use(
  '*',
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
  }),
);

// Public lookup is rate limited when the LOOKUP_RATE_LIMITER binding exists (production); the
// lookup page applies the same check itself (src/web/routes.tsx).
app.use('/api/lookup', lookupRateLimit());

app.route('/', apiRoutes);
app.route('/', approvalRoutes);
app.route('/', questionnaireRoutes);
app.route('/', webRoutes);

app.notFound((c) => {
  const err = new ApiError(404, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`, 'ページまたは API が見つかりません。');
  return errorResponse(c, err);
});

app.onError((err, c) => {
  if (err instanceof ApiError) return wantsHtmlError(c) ? htmlErrorPage(c, err) : errorResponse(c, err);
  // Never log request bodies or customer content: only the error class.
  console.error(`unhandled error: ${err.name}`);
  return errorResponse(
    c,
    new ApiError(500, 'internal_error', 'Internal error. Please retry; if it persists, contact support.', '内部エラーが発生しました。再度お試しください。解決しない場合はサポートにお問い合わせください。'),
  );
});

export default app;
