// The approvals contract (issue 12): what a person approves, what is stored, and the JSONL line
// shape of export/import (the labelled eval sets' shape, so `npm run eval -- export.jsonl` runs on
// an export). Types come from these schemas at every boundary (API, D1 rows, CLI file).
import * as z from 'zod';
import { hasLoneSurrogate, MAX_QUESTION_CHARS } from '../search/contract';

export const MAX_APPROVED_UNITS = 3;
export const MAX_APPROVER_CHARS = 100;
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

/** The corpus as it stood when the approval was made: how staleness is detected later. */
export const ApprovalSourceSchema = z.object({
  unitId: z.string(),
  documentId: z.string(),
  version: z.string().nullable(),
  /** The unit's document date (updated, else issued), ISO date. */
  date: z.string().nullable(),
});
export type ApprovalSource = z.infer<typeof ApprovalSourceSchema>;

/** At most this many approvals are stored (documented in docs/approvals.md); an export of them all imports again. */
export const MAX_APPROVALS = 20_000;
/**
 * Characters of the stored questions, summed: every isolate reads and indexes the whole table on its
 * first lookup (20,000 adversarial 2,000-character questions were +191 MB per isolate). 20,000
 * questions of 200 characters fit; real questionnaire items are mostly under 150.
 */
export const MAX_APPROVAL_QUESTION_CHARS = 4_000_000;

/** C0 controls other than tab, line feed and carriage return, DEL, and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Bidirectional formatting characters: they reorder what a reader of the list or a page sees. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Text a person can read as it is stored: the same rules as the lookup (no lone surrogates), plus no controls and no bidi overrides. */
function readable(schema: z.ZodString, what: string, lineBreaks: boolean) {
  return schema
    .refine((s) => !hasLoneSurrogate(s), `${what} is not valid text (unpaired surrogate)`)
    .refine((s) => !CONTROL.test(s) && (lineBreaks || !/[\t\n\r]/.test(s)), `${what} contains control characters`)
    .refine((s) => !BIDI.test(s), `${what} contains bidirectional formatting characters`);
}

const question = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    readable(z.string().min(1, 'question is empty').max(MAX_QUESTION_CHARS, `question is over ${MAX_QUESTION_CHARS} characters`), 'question', true)
      // the cap holds after normalization too, as for the lookup
      .refine((s) => s.normalize('NFKC').length <= MAX_QUESTION_CHARS, `question is over ${MAX_QUESTION_CHARS} characters once normalized (NFKC)`),
  );
const approver = z
  .string()
  .transform((s) => s.trim())
  .pipe(readable(z.string().max(MAX_APPROVER_CHARS, `approvedBy is over ${MAX_APPROVER_CHARS} characters`), 'approvedBy', false))
  .transform((s) => (s === '' ? null : s));
const unitIds = z
  .array(z.string().min(1).max(200))
  .min(1, 'unitIds needs at least one unit')
  .max(MAX_APPROVED_UNITS, `at most ${MAX_APPROVED_UNITS} units`)
  .refine((ids) => new Set(ids).size === ids.length, 'unitIds has duplicates');

/** POST /api/approvals body. */
export const ApprovalInputSchema = z.object({
  question,
  product: z.string().trim().min(1).nullable(),
  unitIds,
  approvedBy: approver.nullish().transform((v) => v ?? null),
});

export const ApprovalSchema = z.object({
  id: z.string(),
  question: z.string(),
  product: z.string().nullable(),
  unitIds: z.array(z.string()),
  approvedBy: z.string().nullable(),
  approvedAt: z.string(),
  sources: z.array(ApprovalSourceSchema),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** An approval as listed: plus whether it still applies to the current corpus. */
export const ListedApprovalSchema = ApprovalSchema.extend({
  stale: z.boolean(),
  /** Why it is stale, in Japanese (unit gone, document version/date changed). */
  staleReason: z.string().nullable(),
});
export type ListedApproval = z.infer<typeof ListedApprovalSchema>;

export const ApprovalListQuerySchema = z.object({
  product: z.string().trim().optional(),
  q: z.string().trim().max(MAX_QUESTION_CHARS).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(500).optional(),
});

export const ApprovalListResponseSchema = z.object({
  approvals: z.array(ListedApprovalSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/**
 * One line of GET /api/approvals/export and POST /api/approvals/import. Eval-set fields (`id`,
 * `question`, `product`, `gold`, `lang`) plus the approval's own. On import only `question` and
 * `gold` are required: a missing id/approvedAt is generated, missing sources are read from the
 * current corpus.
 */
export const ApprovalLineSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'id: letters, digits, - and _ (at most 64)')
    .optional(),
  question,
  product: z
    .string()
    .trim()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  gold: unitIds,
  lang: z.enum(['ja', 'en']).optional(),
  approvedAt: z.string().regex(ISO_INSTANT, 'approvedAt must be an ISO 8601 UTC time like 2026-01-31T09:00:00.000Z').optional(),
  approvedBy: approver.nullish().transform((v) => v ?? null),
  sources: z.array(ApprovalSourceSchema).optional(),
});
export type ApprovalLine = z.output<typeof ApprovalLineSchema>;

export const ImportResultSchema = z.object({
  imported: z.number().int(),
  created: z.number().int(),
  replaced: z.number().int(),
});
