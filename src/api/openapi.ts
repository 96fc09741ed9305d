// GET /api/openapi.json: the OpenAPI 3.1 description of every JSON endpoint, generated from the zod
// schemas the routes validate requests and type responses with (z.toJSONSchema), and from the
// error catalog; nothing here repeats a field by hand. Built once per isolate, on first request.
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../env';
import { UnitSchema, DocumentInfoSchema, MarkSchema } from '../corpus/schema';
import { ERRORS, ERROR_CODES, type ErrorCode, type ErrorScope } from '../messages/catalog';
import { RowMessageSchema } from '../messages/error';
import { ErrorBodySchema } from '../http/errors';
import { SESSION_COOKIE } from '../http/upload-access';
import { CitationSchema, LookupRequestSchema, LookupResponseSchema, MatchSchema, NoteSchema } from '../search/contract';
import { LayoutSchema, OutputFormatSchema, OutputToggleSchema, QuestionnaireFieldsSchema, QuestionnaireResponseSchema, RowResultSchema, TotalsSchema } from '../questionnaire/schema';
import { DocumentsResponseSchema, LookupQuerySchema, ProductsResponseSchema, UnitResponseSchema } from './routes';
import { ApprovalInputSchema, ApprovalLineSchema, ApprovalListQuerySchema, ApprovalListResponseSchema, ApprovalSchema, ImportResultSchema, ListedApprovalSchema } from '../approvals/schema';

type JsonSchema = Record<string, unknown>;

/** Response schemas published under components/schemas, by name (shared ones become $refs). */
const COMPONENTS = {
  Mark: MarkSchema,
  Citation: CitationSchema,
  Match: MatchSchema,
  Note: NoteSchema,
  LookupResponse: LookupResponseSchema,
  Unit: UnitSchema,
  DocumentInfo: DocumentInfoSchema,
  DocumentsResponse: DocumentsResponseSchema,
  UnitResponse: UnitResponseSchema,
  ProductsResponse: ProductsResponseSchema,
  RowMessage: RowMessageSchema,
  RowResult: RowResultSchema,
  Layout: LayoutSchema,
  Totals: TotalsSchema,
  QuestionnaireResponse: QuestionnaireResponseSchema,
  Approval: ApprovalSchema,
  ListedApproval: ListedApprovalSchema,
  ApprovalListResponse: ApprovalListResponseSchema,
  // The routes' small envelopes ({approval}, {deleted}), from the same schemas.
  ApprovalResponse: z.object({ approval: ApprovalSchema }),
  DeletedResponse: z.object({ deleted: z.string() }),
  ImportResult: ImportResultSchema,
  ErrorBody: ErrorBodySchema,
} satisfies Record<string, z.ZodType>;
export type ComponentName = keyof typeof COMPONENTS;

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'output' });
  // Each component is a plain schema inside the document: no $schema/$id of its own.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest]));
}

/** A request schema as the client sends it (before coercion, defaults and transforms). */
const input = (schema: z.ZodType): JsonSchema => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
  return rest;
};

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = input(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

/** The error responses of an endpoint: every code of its scopes, grouped by status, from the catalog. */
function errorResponses(scopes: readonly ErrorScope[], only?: readonly ErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) {
    if (!scopes.includes(ERRORS[code].scope) || (only && !only.includes(code) && code !== 'internal_error')) continue;
    byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: codes.map((c) => `\`${c}\`: ${ERRORS[c].when}`).join('; '),
        'x-error-codes': codes,
        content: { 'application/json': { schema: ref('ErrorBody') } },
      },
    ]),
  );
}

const json = (name: ComponentName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });

const APPROVALS_ACCESS = 'Needs the upload token or session, like uploads; writes refuse cross-site requests.';
/** Either scheme: the upload token, or the session cookie (when the server has a token; open in local development). */
const PROTECTED = [{ uploadToken: [] }, { session: [] }];

function buildDocument() {
  const lookupErrors = errorResponses(['any', 'lookup'], ['unknown_product', 'invalid_json', 'invalid_request', 'invalid_question', 'question_too_long', 'invalid_limit', 'body_too_large', 'unsupported_media_type', 'rate_limited']);
  const lookup200 = json('LookupResponse', 'The verdict and the matched official answers, with citations.');
  // Approvals' own codes, plus the upload access they share and the JSON body checks.
  const approvalCodes = ERROR_CODES.filter((c) => ERRORS[c].scope === 'approvals');
  const approvalErrors = errorResponses(
    ['any', 'approvals', 'questionnaire', 'lookup'],
    [...approvalCodes, 'unauthorized', 'cross_origin_request', 'upload_not_configured', 'invalid_json', 'unsupported_media_type', 'body_too_large', 'unknown_product'],
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'kaitou API',
      version: '1',
      description: 'Official answers to security questions, with citations, from the vendor’s published documents. Errors are `{"error":{"code","message","message_ja","details"?}}`; the codes are listed per response.',
    },
    paths: {
      '/api/lookup': {
        get: { operationId: 'lookupGet', summary: 'Answer one question', parameters: queryParameters(LookupQuerySchema), responses: { '200': lookup200, ...lookupErrors } },
        post: {
          operationId: 'lookup',
          summary: 'Answer one question',
          requestBody: { required: true, content: { 'application/json': { schema: input(LookupRequestSchema) } } },
          responses: { '200': lookup200, ...lookupErrors },
        },
      },
      '/api/documents': { get: { operationId: 'listDocuments', summary: 'The published documents', responses: { '200': json('DocumentsResponse', 'Every document with its unit count.') } } },
      '/api/units/{id}': {
        get: {
          operationId: 'getUnit',
          summary: 'One answer unit',
          parameters: [{ name: 'id', in: 'path', required: true, description: '`<documentId>#<item>`, e.g. `leyser-checksheet-mic#25` (URL-encode the #).', schema: { type: 'string' } }],
          responses: { '200': json('UnitResponse', 'The unit.'), ...errorResponses(['lookup'], ['unit_not_found']) },
        },
      },
      '/api/products': { get: { operationId: 'listProducts', summary: 'Product names', responses: { '200': json('ProductsResponse', 'Every product named by the documents.') } } },
      '/api/questionnaire': {
        post: {
          operationId: 'answerQuestionnaire',
          security: PROTECTED,
          summary: 'Answer a questionnaire (XLSX or CSV)',
          description: 'Needs the upload token (`Authorization: Bearer`) when the server has one. The file is processed in memory and never stored.',
          parameters: [
            {
              name: 'format',
              in: 'query',
              required: false,
              description: '`json` (default): results; `file`: the filled file; `review`: CSV of rows needing review; `html`: the review as an HTML fragment (what the web page shows).',
              schema: input(OutputFormatSchema),
            },
            {
              name: 'markers',
              in: 'query',
              required: false,
              description: 'format=file: `all` (default) writes 【要確認】 / [REVIEW NEEDED] markers on rows without an answer; `none` writes none (the file to send: those cells stay empty).',
              schema: input(OutputToggleSchema),
            },
            { name: 'citations', in: 'query', required: false, description: 'format=file: `all` (default) writes the citation line under each official text; `none` writes the text alone.', schema: input(OutputToggleSchema) },
          ],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: input(z.object({ file: z.file() }).extend(QuestionnaireFieldsSchema.shape)) } } },
          responses: {
            '200': {
              description: 'format=json: the layout and one result per question row; format=file: the customer’s file with answers; format=review: CSV; format=html: the review fragment.',
              content: {
                'application/json': { schema: ref('QuestionnaireResponse') },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } },
                'text/csv': { schema: { type: 'string' } },
                'text/html': { schema: { type: 'string' } },
              },
            },
            ...errorResponses(['any', 'questionnaire']),
          },
        },
      },
      '/api/approvals': {
        post: {
          operationId: 'approve',
          security: PROTECTED,
          summary: 'Approve official units as the answer to a question',
          description: APPROVALS_ACCESS,
          requestBody: { required: true, content: { 'application/json': { schema: input(ApprovalInputSchema) } } },
          responses: { '200': json('ApprovalResponse', 'Replaced the approval of the same question and product.'), '201': json('ApprovalResponse', 'Created.'), ...approvalErrors },
        },
        get: {
          operationId: 'listApprovals',
          security: PROTECTED,
          summary: 'Approvals, newest first',
          description: APPROVALS_ACCESS,
          parameters: queryParameters(ApprovalListQuerySchema),
          responses: { '200': json('ApprovalListResponse', 'One page; pass nextCursor as cursor for the next.'), ...approvalErrors },
        },
      },
      '/api/approvals/export': {
        get: {
          operationId: 'exportApprovals',
          security: PROTECTED,
          summary: 'Every approval as JSONL (the eval-set shape)',
          description: APPROVALS_ACCESS,
          responses: { '200': { description: 'One approval per line.', content: { 'application/x-ndjson': { schema: { type: 'string', description: `Lines of: ${JSON.stringify(input(ApprovalLineSchema))}` } } } }, ...approvalErrors },
        },
      },
      '/api/approvals/import': {
        post: {
          operationId: 'importApprovals',
          security: PROTECTED,
          summary: 'Import JSONL, all or nothing',
          description: `${APPROVALS_ACCESS} Any invalid line is a 400 invalid_import listing the lines; nothing is written then.`,
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string', description: `Lines of: ${JSON.stringify(input(ApprovalLineSchema))}` } } } },
          responses: { '200': json('ImportResult', 'Imported.'), ...approvalErrors },
        },
      },
      '/api/approvals/{id}': {
        delete: {
          operationId: 'deleteApproval',
          security: PROTECTED,
          summary: 'Delete an approval',
          description: APPROVALS_ACCESS,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json('DeletedResponse', 'Deleted.'), ...approvalErrors },
        },
      },
      '/api/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } } },
    },
    components: {
      schemas: componentSchemas(),
      // the upload token as a bearer header (scripts, the CLI) or the session cookie set by /login
      securitySchemes: {
        uploadToken: { type: 'http', scheme: 'bearer', description: 'KAITOU_UPLOAD_TOKEN (docs/deployment.md)' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by signing in at /login; 8 hours' },
      },
    },
  };
}

let cached: ReturnType<typeof buildDocument> | undefined;
/** The document, built on first use (z.toJSONSchema is not free) and kept for the isolate's life. */
export function openApiDocument() {
  cached ??= buildDocument();
  return cached;
}

export const openApiRoutes = new Hono<AppEnv>();
openApiRoutes.get('/api/openapi.json', (c) => {
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(openApiDocument());
});
