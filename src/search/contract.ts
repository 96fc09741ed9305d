// The lookup contract (POST/GET /api/lookup). Other tools depend on this shape: change it only
// together with the API docs in README.md.
import * as z from 'zod';
import { MarkSchema } from '../corpus/schema';

export const MAX_QUESTION_CHARS = 2000;
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 20;

/** True when the string has a UTF-16 surrogate without its partner (not text; JSON "\ud800" can carry one). */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * The question as the search sees it: NFKC first (as query analysis does), then the length cap.
 * Capping before normalizing let one character expand up to 18× (U+FDFA, ㌀) past the cap.
 * Lone surrogates become U+FFFD; the cut never splits a surrogate pair.
 */
export function questionForLookup(text: string): { question: string; truncated: boolean } {
  let q = text.normalize('NFKC').trim();
  if (hasLoneSurrogate(q)) q = q.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (q.length <= MAX_QUESTION_CHARS) return { question: q, truncated: false };
  let end = MAX_QUESTION_CHARS;
  const last = q.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { question: q.slice(0, end).trim(), truncated: true };
}

export const LookupRequestSchema = z.object({
  question: z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, 'question is empty')
        .max(MAX_QUESTION_CHARS, `question is over ${MAX_QUESTION_CHARS} characters`)
        .refine((s) => !hasLoneSurrogate(s), { message: 'question is not valid text (unpaired surrogate)', params: { reason: 'lone_surrogate' } })
        // the cap holds after normalization too: the search works on the NFKC form
        .refine((s) => s.normalize('NFKC').length <= MAX_QUESTION_CHARS, { message: `question is over ${MAX_QUESTION_CHARS} characters once normalized (NFKC)`, params: { reason: 'too_long' } }),
    ),
  product: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
});
export type ParsedLookupRequest = z.output<typeof LookupRequestSchema>;

export const VerdictSchema = z.enum(['answered', 'needs_review', 'no_match']);
export type Verdict = z.infer<typeof VerdictSchema>;

/** Where a unit is shown: `/documents/<documentId>#<item>` for a unit id `<documentId>#<item>`. */
export function unitUrl(unitId: string): string {
  const at = unitId.indexOf('#');
  if (at < 0) return `/documents/${encodeURIComponent(unitId)}`;
  return `/documents/${encodeURIComponent(unitId.slice(0, at))}#${encodeURIComponent(unitId.slice(at + 1))}`;
}

export const CitationSchema = z.object({
  /** Human-readable: 「title」 version/date, 項番 item. */
  text: z.string(),
  /** Link to the unit on the document page: /documents/<documentId>#<item>. */
  url: z.string(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** Set on a match that a person approved for this question (src/approvals). */
export const ApprovalRefSchema = z.object({
  id: z.string(),
  /** ISO 8601 UTC. */
  approvedAt: z.string(),
  approvedBy: z.string().nullable(),
});
export type ApprovalRef = z.infer<typeof ApprovalRefSchema>;

export const MatchSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  item: z.string(),
  heading: z.string(),
  /** Official answer text of the unit (normalized), whole; the product's own part is in productAnswer. */
  answer: z.string(),
  /** Printed wording when it differs (e.g. 同上). */
  answerAsPrinted: z.string().optional(),
  /** For a product-scoped lookup, the part of the answer about that product (when the source lists per-product details). */
  productAnswer: z.string().optional(),
  mark: MarkSchema.nullable(),
  hasAnswer: z.boolean(),
  products: z.array(z.string()),
  score: z.number(),
  /** Calibrated 0–1. */
  confidence: z.number().min(0).max(1),
  citation: CitationSchema,
  /** Query terms that matched, for highlighting. */
  matchedTerms: z.array(z.string()),
  /** Present when this unit answers the question by a person's approval (note `approved`). */
  approval: ApprovalRefSchema.optional(),
});
export type Match = z.infer<typeof MatchSchema>;

export const NoteSchema = z.object({
  kind: z.enum([
    'conflict',
    'product_preference',
    'no_disclosed_answer',
    'weak_match',
    // A form field (代表者氏名, 提案サービス名): a datum a person fills in; the front matter is shown.
    'form_field',
    'translated',
    'newer_document',
    // Approved answers (src/approvals): applied, suggested, out of date, or not readable right now.
    'approved',
    'similar_approval',
    'approval_stale',
    'approvals_unavailable',
  ]),
  message: z.string(),
  units: z.array(z.string()),
  /** For the approval notes: which approval (and, for similar_approval, the approved question and its similarity). */
  approval: ApprovalRefSchema.extend({ question: z.string().optional(), similarity: z.number().optional() }).optional(),
});
export type Note = z.infer<typeof NoteSchema>;

export const LookupResponseSchema = z.object({
  question: z.string(),
  product: z.string().nullable(),
  verdict: VerdictSchema,
  matches: z.array(MatchSchema),
  notes: z.array(NoteSchema),
});
export type LookupResponse = z.infer<typeof LookupResponseSchema>;
