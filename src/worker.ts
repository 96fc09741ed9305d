// Worker entry: composes the routers of each interface and applies what every response needs
// (security headers; errors and not-found answers from src/http/errors.ts, as JSON or a Japanese
// page, never leaking a stack or customer content).
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { notFound, onError } from './http/errors';
import { lookupRateLimit } from './http/rate-limit';
import { apiRoutes } from './api/routes';
import { openApiRoutes } from './api/openapi';
import { approvalRoutes } from './approvals/routes';
import { questionnaireRoutes } from './questionnaire/routes';
import { webRoutes } from './web/routes';
import type { AppEnv } from './env';
import { openAccessWarning } from './http/upload-access';

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
    // no page of kaitou uses a device or browser feature: deny them all to this page and its frames
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      bluetooth: [],
      hid: [],
      displayCapture: [],
      fullscreen: [],
      browsingTopics: [],
    },
  }),
);

// Without the upload token outside production, uploads and the approvals API (list, export,
// writes) are open to anyone who can reach the Worker: said loudly, once per isolate.
let openWarned = false;
app.use('*', async (c, next) => {
  const warning = openAccessWarning(c.env);
  if (!openWarned && warning) {
    openWarned = true;
    console.warn(warning);
  }
  return next();
});

// Replies that echo a question (the lookup) or concern a customer's file (the upload, its errors
// included) are never stored by a browser or a shared cache. Set after the handler, so error
// replies (401, 413, 429 …) carry it too.
const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};
app.use('/api/lookup', noStore);
app.use('/api/questionnaire', noStore);
// approved questions come from customers' questionnaires: never cached, error replies included
app.use('/api/approvals', noStore);
app.use('/api/approvals/*', noStore);
app.use('/approvals', noStore);
app.use('/approvals/*', noStore);

// Public lookup is rate limited when the LOOKUP_RATE_LIMITER binding exists (production); the
// lookup page applies the same check itself (src/web/routes.tsx).
app.use('/api/lookup', lookupRateLimit());

app.route('/', apiRoutes);
app.route('/', openApiRoutes);
app.route('/', approvalRoutes);
app.route('/', questionnaireRoutes);
app.route('/', webRoutes);

app.notFound(notFound);
app.onError(onError);

export default app;
