// Contracts of POST /api/questionnaire: the request fields (validated with zod at the boundary)
// and the JSON response. The web page and the CLI rely on these shapes.
import * as z from 'zod';
import { CitationSchema, MatchSchema, NoteSchema, VerdictSchema } from '../search/contract';
import { columnIndex } from './model';
import { RowMessageSchema } from '../messages/error';

/** json: results; file: the filled file; review: CSV of rows needing review; html: the review as an HTML fragment (the web page). */
export const OutputFormatSchema = z.enum(['json', 'file', 'review', 'html']);

/** "C" or a 1-based column number "3" → 0-based index. */
const ColumnRefSchema = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const n = /^\d{1,5}$/.test(s) ? Number(s) - 1 : columnIndex(s);
    if (n < 0 || n > 16_383) {
      ctx.addIssue({ code: 'custom', message: 'must be a column letter (e.g. "D") or a 1-based column number' });
      return z.NEVER;
    }
    return n;
  });

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Choices: row key ("チェックシート!8", or "8" for a single-sheet file) → unit id or "clear". */
/**
 * The `choices` field's text, checked before it is parsed as JSON: a choice per question row
 * (5,000) of a sheet-and-row key and a unit id is about 500 KB (a 5.1 MB field took +109 MB).
 */
export const MAX_CHOICES_CHARS = 1_000_000;
export const ChoicesSchema = z.record(z.string().min(1).max(300), z.string().min(1).max(200)).refine((r) => Object.keys(r).length <= 10_000, 'too many choices');

/** Memos: row key → the person's note on the row (exported in the review CSV; never stored). */
export const MemosSchema = z.record(z.string().min(1).max(300), z.string().max(1000)).refine((r) => Object.keys(r).length <= 10_000, 'too many memos');

/** `?markers=` and `?citations=` of `format=file`: `none` makes the file to send (no 【要確認】 markers, no citation line). */
export const OutputToggleSchema = z.enum(['all', 'none']).default('all');

/** A JSON object in a form field (choices, memos): empty means none. */
function jsonField(example: string) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return {};
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a JSON object ${example}` });
        return z.NEVER;
      }
    });
}

export const QuestionnaireFieldsSchema = z.object({
  product: z.string().trim().min(1, 'product is required'),
  sheet: optionalText,
  headerRow: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : Number(s.trim())))
    .pipe(z.number().int().min(1).max(1_048_576).optional()),
  questionColumn: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s))
    .pipe(ColumnRefSchema.optional()),
  answerColumn: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s))
    .pipe(ColumnRefSchema.optional()),
  remarksColumn: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s))
    .pipe(ColumnRefSchema.optional()),
  /** "true"/"1"/"on" (a checked checkbox): write over a column's template default, never over anything else. */
  overwritePlaceholders: z
    .string()
    // bounded before JSON.parse builds anything from it
    .max(MAX_CHOICES_CHARS, `at most ${MAX_CHOICES_CHARS} characters`)
    .optional()
    .transform((s, ctx) => {
      const v = (s ?? '').trim().toLowerCase();
      if (v === '' || v === 'false' || v === '0' || v === 'off') return false;
      if (v === 'true' || v === '1' || v === 'on') return true;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    }),
  choices: jsonField('{"<sheet>!<row>": "<unit id>" | "clear"}').pipe(ChoicesSchema),
  memos: jsonField('{"<sheet>!<row>": "<memo>"}').pipe(MemosSchema),
});
export type QuestionnaireFields = z.output<typeof QuestionnaireFieldsSchema>;

export const LayoutNoteSchema = z.object({
  code: z.enum(['question_by_content', 'question_header_overridden', 'answer_by_dropdown', 'answer_by_empty_neighbour', 'no_remarks_column', 'repeated_headers', 'block', 'answer_is_requirement_level', 'remarks_are_authors_notes']),
  message: z.string(),
  message_ja: z.string(),
  /** The choice may well be wrong: check it before sending the file. */
  lowConfidence: z.boolean(),
});

export const SheetLayoutSchema = z.object({
  sheet: z.string(),
  /** 0 for the first questionnaire on the sheet; 1… for blocks side by side to its right. */
  block: z.number().int().nonnegative(),
  /** 1-based; null when the sheet has no header row. */
  headerRow: z.number().int().positive().nullable(),
  /** 1-based rows that repeat the header (section header rows); not questions. */
  headerRows: z.array(z.number().int().positive()),
  questionColumn: z.string(),
  idColumn: z.string().nullable(),
  answerColumn: z.string().nullable(),
  remarksColumn: z.string().nullable(),
  /** The header texts of those columns, as printed. */
  headers: z.object({ question: z.string().nullable(), answer: z.string().nullable(), remarks: z.string().nullable() }),
  answerChoices: z.array(z.string()).nullable(),
  language: z.enum(['ja', 'en']),
  detectedBy: z.enum(['header', 'content', 'override']),
  questionRows: z.number().int().nonnegative(),
  /** 1-based rows recognised as section headings (not questions). */
  sectionRows: z.array(z.number().int().positive()),
  /** How the columns were chosen when headers did not say (English). */
  notes: z.array(LayoutNoteSchema),
  /** Some choice above is a guess: a person should check the columns. */
  lowConfidence: z.boolean(),
});

export const SkipReasonSchema = z.enum(['hidden', 'no_question_column', 'no_question_rows', 'not_selected', 'not_questionnaire', 'computed', 'no_answer_column', 'list_source', 'mirror']);

export const LayoutSchema = z.object({
  format: z.enum(['xlsx', 'csv', 'text16']),
  fileName: z.string(),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'shift_jis', 'utf-16le', 'utf-16be']).optional(),
  delimiter: z.enum([',', '\t', ';']).optional(),
  lineEnding: z.enum(['CRLF', 'LF', 'CR']).optional(),
  sheets: z.array(SheetLayoutSchema),
  /** Sheets not answered, each with the reason (overridable with `sheet`). */
  skippedSheets: z.array(z.object({ sheet: z.string(), reason: SkipReasonSchema, detail: z.string().optional(), reason_ja: z.string() })),
});
export type Layout = z.infer<typeof LayoutSchema>;

export const RowResultSchema = z.object({
  key: z.string(),
  sheet: z.string(),
  row: z.number().int().positive(),
  /** The customer's own ID of the question, from its ID column (CAIQ "A&A-01.1", HECVAT "GNRL-01", a No.); null without one. */
  id: z.string().nullable(),
  question: z.string(),
  verdict: VerdictSchema,
  /** The lookup's first match, whatever was written (the automatic candidate). */
  best: MatchSchema.nullable(),
  /**
   * The match whose official text the file gets: \`best\` when answered automatically, the unit a
   * person chose through \`choices\` (selection "user"), or null when nothing official is written
   * (needs review, no match, or cleared). \`citations\` and \`filled\` come from this match.
   */
  written: MatchSchema.nullable(),
  alternates: z.array(MatchSchema).max(3),
  confidence: z.number().min(0).max(1),
  citations: z.array(CitationSchema),
  notes: z.array(NoteSchema),
  selection: z.enum(['auto', 'user', 'cleared']),
  filled: z.object({ answer: z.string().nullable(), remarks: z.string().nullable() }),
  /** What happened to the row's cells, from the message catalog (src/messages/catalog.ts). */
  messages: z.array(RowMessageSchema),
});

export const TotalsSchema = z.object({
  questions: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  needs_review: z.number().int().nonnegative(),
  no_match: z.number().int().nonnegative(),
  /** Rows whose cells received an official answer (auto or chosen by the user) in the file. */
  filled: z.number().int().nonnegative(),
  /** Rows with an official answer that could not be written (no column, or the customer's cell); listed in the review CSV. */
  answered_not_written: z.number().int().nonnegative(),
  /** Cells the filled file changes: answers, remarks and review markers. */
  cells_written: z.number().int().nonnegative(),
  user_selected: z.number().int().nonnegative(),
});
export type Totals = z.infer<typeof TotalsSchema>;

/** Something to say once about the whole result (also the first line of the review CSV). */
export const NoticeSchema = z.object({ code: z.string(), message: z.string(), message_ja: z.string() });
export type Notice = z.infer<typeof NoticeSchema>;

export const QuestionnaireResponseSchema = z.object({
  product: z.string(),
  layout: LayoutSchema,
  rows: z.array(RowResultSchema),
  totals: TotalsSchema,
  notices: z.array(NoticeSchema),
});
export type QuestionnaireResponse = z.infer<typeof QuestionnaireResponseSchema>;
