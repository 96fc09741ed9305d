// JSON API of approved answers. Every route here needs the same access as uploads (upload token
// or session, src/http/upload-access.ts): writes change what customers are told, and the list holds
// questions taken from customers' questionnaires. Lookups stay public and only *use* approvals.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../messages/error';
import { limitBody } from '../http/body-limit';
import { hasUploadAccess, sameOriginOnly, uploadAccess } from '../http/upload-access';
import { checkUnits, lineError, makeApproval, parseLines, toLine } from './approve';
import { BUNDLED_CORPUS, staleReason } from './library';
import { questionKey } from './similarity';
import type { ApprovalsAudience, ApprovalsState } from './apply';
import { ApprovalInputSchema, ApprovalListQuerySchema, MAX_APPROVAL_QUESTION_CHARS, MAX_APPROVALS, type Approval, type ListedApproval } from './schema';
import { ApprovalStore, approvalsState, invalidateApprovals, newApprovalId } from './store';
import { unknownProduct } from '../corpus/store';

export const approvalRoutes = new Hono<AppEnv>();

const MAX_APPROVAL_BODY_BYTES = 64 * 1024;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_LINES = 20_000;
/** At most this many line errors are listed (the count is always given). */
const MAX_REPORTED_ERRORS = 200;

/** The approvals a lookup in this request should use (public lookups included). */
export function approvalsFor(c: Context<AppEnv>): Promise<ApprovalsState> {
  let waitUntil: ((p: Promise<unknown>) => void) | undefined;
  try {
    const ctx = c.executionCtx;
    waitUntil = (p) => ctx.waitUntil(p);
  } catch {
    // app.request() without an ExecutionContext (tests, scripts): no background revalidation
  }
  return approvalsState(c.env?.DB, waitUntil);
}

/**
 * Whether this request may see approved questions and approvers (apply.ts): the upload token or a
 * session (or uploads open outside production); an anonymous public lookup may not. Never throws:
 * a refusal (429, 503) only means public.
 */
export async function approvalsAudience(c: Context<AppEnv>): Promise<ApprovalsAudience> {
  try {
    return (await hasUploadAccess(c)) ? 'signed_in' : 'public';
  } catch {
    return 'public';
  }
}

function storeOf(c: Context<AppEnv>): { store: ApprovalStore; db: D1Database } {
  const db = c.env?.DB;
  if (!db) throw new AppError('approvals_not_configured');
  return { store: new ApprovalStore(db), db };
}

function approvalsFull(): AppError {
  return new AppError('approvals_full', { maxApprovals: MAX_APPROVALS, maxQuestionChars: MAX_APPROVAL_QUESTION_CHARS });
}

/** Runs a D1 call; a database failure becomes a 503, never a 500 with details. */
async function d1<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error(`approvals: D1 call failed (${err instanceof Error ? err.name : 'error'})`);
    throw new AppError('approvals_unavailable');
  }
}

function listed(a: Approval): ListedApproval {
  const reason = staleReason(a, BUNDLED_CORPUS);
  return { ...a, stale: reason !== null, staleReason: reason };
}

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', { expected: 'application/json' });
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new AppError('invalid_json');
  }
}

// Cross-site requests first (writes only; a script or the CLI sends no Origin), then access.
approvalRoutes.use('/api/approvals', sameOriginOnly(), uploadAccess());
approvalRoutes.use('/api/approvals/*', sameOriginOnly(), uploadAccess());

approvalRoutes.post('/api/approvals', limitBody(MAX_APPROVAL_BODY_BYTES), async (c) => {
  const parsed = ApprovalInputSchema.safeParse(await jsonBody(c));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new AppError('invalid_approval', { field, issue: issue?.message ?? 'invalid' });
  }
  const input = parsed.data;
  const problem = unknownProduct(input.product) ?? checkUnits(input.unitIds, input.product);
  if (problem) throw problem;
  const { store, db } = storeOf(c);
  const existing = await d1(() => store.idFor(input.question, input.product));
  const totals = await d1(() => store.totals());
  // a replacement may change the question's length a little; a new approval adds one
  if ((!existing && totals.count >= MAX_APPROVALS) || totals.questionChars + input.question.length > MAX_APPROVAL_QUESTION_CHARS) throw approvalsFull();
  const approval = makeApproval({ ...input, ...(existing ? { id: existing } : {}) }, newApprovalId);
  await d1(() => store.upsertAll([approval]));
  invalidateApprovals(db);
  c.header('cache-control', 'no-store');
  return c.json({ approval }, existing ? 200 : 201);
});

function decodeCursor(raw: string | undefined): { approvedAt: string; id: string } | undefined {
  if (!raw) return undefined;
  try {
    const [approvedAt, id] = JSON.parse(atob(raw.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
    if (typeof approvedAt === 'string' && typeof id === 'string') return { approvedAt, id };
  } catch {
    // fall through
  }
  throw new AppError('invalid_cursor');
}

const encodeCursor = (c: { approvedAt: string; id: string }) =>
  btoa(JSON.stringify([c.approvedAt, c.id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** GET /api/approvals: newest first, filtered; also used by the /approvals page. */
export async function listApprovals(c: Context<AppEnv>, raw: Record<string, string>): Promise<{ approvals: ListedApproval[]; nextCursor: string | null }> {
  const q = ApprovalListQuerySchema.safeParse(raw);
  if (!q.success) {
    const field = q.error.issues[0]?.path.join('.') || 'query';
    throw new AppError('invalid_list_query', { field });
  }
  const product = q.data.product || undefined;
  if (product) {
    const p = unknownProduct(product);
    if (p) throw p;
  }
  const { store } = storeOf(c);
  const page = await d1(() => store.list({ limit: q.data.limit, ...(product ? { product } : {}), ...(q.data.q ? { q: q.data.q } : {}), ...(q.data.cursor ? { cursor: decodeCursor(q.data.cursor)! } : {}) }));
  return { approvals: page.approvals.map(listed), nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
}

approvalRoutes.get('/api/approvals', async (c) => {
  c.header('cache-control', 'no-store');
  return c.json(await listApprovals(c, c.req.query()));
});

/** Approvals read from D1 per page of the streamed export. */
export const EXPORT_PAGE = 500;

/**
 * Streamed, a page of EXPORT_PAGE approvals at a time (newest first, keyset pagination): the
 * isolate never holds the whole table and its JSON (issue 19: the export was built whole in memory).
 * The first page is read before the response starts, so a D1 failure is still a 503; a failure
 * later aborts the download (never a shorter file that looks complete). Not a snapshot: an approval
 * written during the export may be missing from it.
 */
approvalRoutes.get('/api/approvals/export', async (c) => {
  const { store } = storeOf(c);
  let page: Awaited<ReturnType<ApprovalStore['list']>> | null = await d1(() => store.list({ limit: EXPORT_PAGE }));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!page) {
        controller.close();
        return;
      }
      const text = page.approvals.map((a) => `${JSON.stringify(toLine(a))}\n`).join('');
      const cursor = page.nextCursor;
      if (text !== '') controller.enqueue(encoder.encode(text));
      try {
        page = cursor ? await store.list({ limit: EXPORT_PAGE, cursor }) : null;
      } catch {
        // the download fails visibly rather than ending as a shorter, valid-looking file
        console.error('approvals: D1 call failed during an export');
        controller.error(new Error('approvals export interrupted'));
      }
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return c.body(body, 200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="kaitou-approvals-${date}.jsonl"`,
    'cache-control': 'no-store',
  });
});

/** Lines of a text, a final line break ending the last line rather than starting an empty one (an export of 20,000 lines is 20,000 lines). */
export function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.length === 0 || text.endsWith('\n') ? n : n + 1;
}

/**
 * Imports JSONL export lines, all or nothing: any invalid line (by number) is a 400 invalid_import
 * listing them, and nothing is written. Same-question lines replace (keeping the stored id).
 */
export async function importText(c: Context<AppEnv>, text: string): Promise<{ imported: number; created: number; replaced: number }> {
  // NUL or bytes that are not UTF-8 (decoded to U+FFFD): a binary file (an Excel workbook picked by mistake), not an export
  if (/[\u0000\uFFFD]/.test(text)) throw new AppError('import_not_text');
  if (lineCount(text) > MAX_IMPORT_LINES) {
    throw new AppError('import_too_large', { maxBytes: MAX_IMPORT_BYTES, maxLines: MAX_IMPORT_LINES });
  }
  const { lines, errors } = parseLines(text);
  const { store, db } = storeOf(c);
  const { approvals: existing } = await d1(() => store.loadAll());
  const existingByKey = new Map<string, Approval>();
  const existingById = new Map<string, Approval>();
  for (const a of existing) {
    existingByKey.set(`${questionKey(a.question)}\u0000${a.product ?? ''}`, a);
    existingById.set(a.id, a);
  }
  const approvals: Approval[] = [];
  let replaced = 0;
  for (const l of lines) {
    const prior = existingByKey.get(`${questionKey(l.question)}\u0000${l.product ?? ''}`);
    const other = l.id !== undefined ? existingById.get(l.id) : undefined;
    if (other && other !== prior) {
      errors.push(lineError(l.line, new AppError('id_in_use', { id: l.id! })));
      continue;
    }
    if (prior) replaced++;
    approvals.push(makeApproval({ ...l, unitIds: l.gold, id: prior?.id ?? l.id }, newApprovalId));
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new AppError('invalid_import', { errors: errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length });
  }
  if (approvals.length === 0) throw new AppError('empty_import');
  // what the table holds after the import: the replaced approvals' questions give way to the new ones
  const replacedIds = new Set(approvals.map((a) => a.id));
  let chars = 0;
  for (const a of existing) if (!replacedIds.has(a.id)) chars += a.question.length;
  for (const a of approvals) chars += a.question.length;
  if (existing.length + approvals.length - replaced > MAX_APPROVALS || chars > MAX_APPROVAL_QUESTION_CHARS) throw approvalsFull();
  await d1(() => store.upsertAll(approvals));
  invalidateApprovals(db);
  return { imported: approvals.length, created: approvals.length - replaced, replaced };
}

const IMPORT_TYPES = new Set(['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'application/jsonlines', 'text/plain', 'application/json']);

approvalRoutes.post(
  '/api/approvals/import',
  limitBody(MAX_IMPORT_BYTES, () => new AppError('import_too_large', { maxBytes: MAX_IMPORT_BYTES, maxLines: MAX_IMPORT_LINES })),
  async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!IMPORT_TYPES.has(type)) {
      throw new AppError('unsupported_media_type', { expected: 'application/x-ndjson' });
    }
    // Decoded here (UTF-8, BOM dropped): workerd warns on .text() of a non-text media type.
    const text = new TextDecoder('utf-8').decode(await c.req.arrayBuffer());
    const result = await importText(c, text);
    c.header('cache-control', 'no-store');
    return c.json(result);
  },
);

approvalRoutes.delete('/api/approvals/:id', async (c) => {
  const id = c.req.param('id');
  const { store, db } = storeOf(c);
  const deleted = await d1(() => store.delete(id));
  if (!deleted) throw new AppError('approval_not_found', { id });
  invalidateApprovals(db);
  c.header('cache-control', 'no-store');
  return c.json({ deleted: id });
});
