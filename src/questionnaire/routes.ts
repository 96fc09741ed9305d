// POST /api/questionnaire: multipart upload of a questionnaire (XLSX or CSV) → JSON results,
// the filled file (?format=file) or the review summary (?format=review). The body is read with a
// hard byte cap before multipart parsing; the file is processed in memory and never stored or
// logged; every failure is an ApiError (4xx JSON), never a partial result.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { ApiError } from '../api/errors';
import { uploadAccess } from '../api/upload-access';
import { limitBody } from '../api/body-limit';
import type { AppEnv } from '../env';
import { MAX_REQUEST_BYTES, fileTooLarge } from './limits';
import { overridesFromFields, processQuestionnaire, type OutputFile } from './pipeline';
import { OutputFormatSchema, QuestionnaireFieldsSchema } from './schema';
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

// Access first (before a byte of the body is read), then the size cap, then the work.
questionnaireRoutes.post('/api/questionnaire', uploadAccess(), limitBody(MAX_REQUEST_BYTES, fileTooLarge), async (c) => {
  const format = OutputFormatSchema.safeParse(c.req.query('format') ?? 'json');
  if (!format.success) {
    throw new ApiError(400, 'invalid_format', 'format must be json, file or review.', 'format には json / file / review のいずれかを指定してください。');
  }
  const contentType = c.req.header('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the questionnaire as multipart/form-data with a "file" field.', 'ファイルは multipart/form-data の「file」フィールドで送信してください。');
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new ApiError(400, 'invalid_multipart', 'The multipart body cannot be parsed.', 'multipart/form-data の本文を解析できません。');
  }

  const file: unknown = form.get('file');
  if (!(file instanceof File)) {
    throw new ApiError(400, 'no_file', 'No file uploaded: send the questionnaire in the "file" field.', 'ファイルが選択されていません。「file」フィールドでチェックシートを送信してください。');
  }

  const parsed = QuestionnaireFieldsSchema.safeParse({
    product: field(form, 'product') ?? '',
    sheet: field(form, 'sheet'),
    headerRow: field(form, 'headerRow'),
    questionColumn: field(form, 'questionColumn'),
    answerColumn: field(form, 'answerColumn'),
    remarksColumn: field(form, 'remarksColumn'),
    choices: field(form, 'choices'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path[0]?.toString() ?? 'request';
    if (name === 'product') {
      throw new ApiError(400, 'missing_product', 'product is required: the product whose documents answer the questionnaire.', '製品を指定してください（どの製品の資料で回答するか）。');
    }
    throw new ApiError(400, name === 'choices' ? 'invalid_choices' : 'invalid_override', `${name}: ${issue?.message ?? 'invalid'}`, `${name} の指定が正しくありません。`);
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
    refineLookup: (res, req) => applyApprovals(res, req, approvals),
  });

  if (format.data === 'file') return fileResponse(outcome.filledFile());
  if (format.data === 'review') return fileResponse(outcome.reviewCsv());
  c.header('cache-control', 'no-store');
  return c.json(outcome.response);
});
