// POST /api/questionnaire: multipart upload of a questionnaire (XLSX or CSV) → JSON results,
// the filled file (?format=file), the review summary (?format=review) or the web page's review as
// an HTML fragment (?format=html). The body is read with a
// hard byte cap before multipart parsing; the file is processed in memory and never stored or
// logged; every failure is an AppError (a 4xx, JSON or the error page), never a partial result.
import { jsonStream } from './json-stream';
import { Hono } from 'hono';
import { AppError } from '../messages/error';
import { sameOriginOnly, uploadAccess } from '../http/upload-access';
import { limitBody } from '../http/body-limit';
import type { AppEnv } from '../env';
import { MAX_REQUEST_BYTES, fileTooLarge } from './limits';
import { overridesFromFields, processQuestionnaire, type OutputFile } from './pipeline';
import { OutputFormatSchema, OutputToggleSchema, QuestionnaireFieldsSchema } from './schema';
import { reviewStream } from '../web/review';
import { applyApprovals } from '../approvals/apply';
import { approvalsFor } from '../approvals/routes';

export const questionnaireRoutes = new Hono<AppEnv>();

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name for Japanese file names. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function fileResponse(file: OutputFile): Response {
  return new Response(file.bytes, {
    status: 200,
    headers: {
      'content-type': file.contentType,
      'content-disposition': contentDisposition(file.fileName),
      'cache-control': 'no-store',
    },
  });
}

// Same-origin check and access first (before a byte of the body is read), then the size cap, then the work.
questionnaireRoutes.post('/api/questionnaire', sameOriginOnly(), uploadAccess(), limitBody(MAX_REQUEST_BYTES, fileTooLarge), async (c) => {
  const format = OutputFormatSchema.safeParse(c.req.query('format') ?? 'json');
  if (!format.success) {
    throw new AppError('invalid_format');
  }
  const output = { markers: true, citations: true };
  for (const name of ['markers', 'citations'] as const) {
    const value = c.req.query(name);
    const parsed = OutputToggleSchema.safeParse(value);
    if (!parsed.success) throw new AppError('invalid_output_option', { name, value: value ?? '' });
    output[name] = parsed.data === 'all';
  }
  const contentType = c.req.header('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new AppError('unsupported_media_type', { expected: 'multipart/form-data' });
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new AppError('invalid_multipart');
  }

  const file: unknown = form.get('file');
  if (!(file instanceof File)) {
    throw new AppError('no_file');
  }

  const parsed = QuestionnaireFieldsSchema.safeParse({
    product: field(form, 'product') ?? '',
    sheet: field(form, 'sheet'),
    headerRow: field(form, 'headerRow'),
    questionColumn: field(form, 'questionColumn'),
    answerColumn: field(form, 'answerColumn'),
    remarksColumn: field(form, 'remarksColumn'),
    choices: field(form, 'choices'),
    memos: field(form, 'memos'),
    overwritePlaceholders: field(form, 'overwritePlaceholders'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path[0]?.toString() ?? 'request';
    if (name === 'product') throw new AppError('missing_product');
    const problem = issue?.message ?? 'invalid';
    throw name === 'choices' || name === 'memos' ? new AppError('invalid_choices', { issue: `${name}: ${problem}` }) : new AppError('invalid_override', { field: name, issue: problem });
  }
  const f = parsed.data;

  const approvals = await approvalsFor(c);
  const outcome = processQuestionnaire({
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name || 'upload',
    contentType: file.type,
    product: f.product,
    overrides: overridesFromFields(f),
    choices: f.choices,
    memos: f.memos,
    output,
    overwritePlaceholders: f.overwritePlaceholders,
    // behind upload access: the review may show approved questions and approvers
    refineLookup: (res, req) => applyApprovals(res, req, approvals, 'signed_in'),
  });

  if (format.data === 'file') return fileResponse(outcome.filledFile());
  if (format.data === 'review') return fileResponse(outcome.reviewCsv());
  c.header('cache-control', 'no-store');
  // The web page's review, rendered by the same components as every other page (src/web/review.tsx).
  if (format.data === 'html') return c.body(reviewStream(outcome.response, outcome.cellsByChoice()), 200, { 'content-type': 'text/html; charset=utf-8' });
  // streamed: 5,000 rows are 25–31 MB of JSON, never built as one string
  return c.body(jsonStream(outcome.response, 'rows'), 200, { 'content-type': 'application/json' });
});
