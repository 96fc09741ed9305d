// One questionnaire, end to end, shared by the HTTP route and the CLI: recognise the format (the
// registry in formats/), read it into the common model, detect the layout, answer every question
// row, and — on demand — write the filled file (checked against the upload before it is returned)
// or the review summary. Everything happens in memory; nothing is stored or logged.
import { AppError, rowMessage } from '../messages/error';
import { NOTICE_MESSAGES, NOTICES, SKIP_REASONS, type NoticeMessageCode, type NothingWrittenCounts } from '../messages/catalog';
import { requireKnownProduct } from '../corpus/store';
import { questionForLookup } from '../search/contract';
import { answerQuestionnaire, rowKey, WORKING_FILE, type OutputOptions, type RefineLookup, type RowResult } from './answer';
import { writeCsvTable } from './csv';
import { detectLayout, letter, type LayoutOverrides } from './detect';
import { formatOf } from './formats';
import { analysisTooLarge, MAX_ANALYSIS_CHARS } from './limits';
import { cellText, type WorkbookFormat, type WorkbookModel } from './model';
import type { Layout, Notice, QuestionnaireFields, QuestionnaireResponse, Totals } from './schema';
import { checkWrite } from './verify';

export { CSV_SHEET_NAME } from './formats/csv';

export interface QuestionnaireInput {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  product: string;
  overrides?: LayoutOverrides;
  /** Row key → unit id or "clear"; a bare row number is accepted for single-sheet files. */
  choices?: Record<string, string>;
  /** Applied to every row's lookup result: approved answers (src/approvals/apply.ts). */
  refineLookup?: RefineLookup;
  /** Markers and citation line in the filled file (default: both, the working file). */
  output?: OutputOptions;
  /** Row key → the person's memo, exported in the review CSV (never stored). */
  memos?: Record<string, string>;
  /** Write over a column's template default (the same value on every question row), never over anything else. */
  overwritePlaceholders?: boolean;
}

export interface OutputFile {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
}

export interface QuestionnaireOutcome {
  format: WorkbookFormat;
  response: QuestionnaireResponse;
  /** The uploaded file with the answers written in, same format and encoding. */
  filledFile(): OutputFile;
  /** CSV (UTF-8 with BOM) of the rows that still need a person, and of every row with a memo. */
  reviewCsv(): OutputFile;
  /** Cells the file gets for each choice of each row (the web review's counter). */
  cellsByChoice(): Map<string, Record<string, number>>;
}

function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name) || 'questionnaire';
}

const DEFAULT_EXTENSION: Record<WorkbookFormat, string> = { xlsx: 'xlsx', csv: 'csv', text16: 'txt' };

function extension(fileName: string, format: WorkbookFormat): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(fileName);
  return m?.[1] ?? DEFAULT_EXTENSION[format];
}

function normalizeChoices(raw: Record<string, string>, sheets: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const k = /^\d+$/.test(key) && sheets.length === 1 && sheets[0] !== undefined ? rowKey(sheets[0], Number(key)) : key;
    out.set(k, value.trim());
  }
  return out;
}

function hasOfficialText(r: RowResult): boolean {
  return r.citations.length > 0;
}

/** Written: an official answer went into the file (answer or remarks cell), not only a review marker. */
function officialWritten(r: RowResult): boolean {
  return hasOfficialText(r) && (r.filled.answer !== null || r.filled.remarks !== null);
}

function totalsOf(rows: RowResult[], cellsWritten: number): Totals {
  return {
    questions: rows.length,
    answered: rows.filter((r) => r.verdict === 'answered').length,
    needs_review: rows.filter((r) => r.verdict === 'needs_review').length,
    no_match: rows.filter((r) => r.verdict === 'no_match').length,
    filled: rows.filter(officialWritten).length,
    answered_not_written: rows.filter((r) => hasOfficialText(r) && !officialWritten(r)).length,
    cells_written: cellsWritten,
    user_selected: rows.filter((r) => r.selection === 'user').length,
  };
}

/** A row needs a person when no official answer (auto or user-chosen) is in the file for it. */
function needsPerson(r: RowResult): boolean {
  return !officialWritten(r);
}

export const JAPANESE_IN_ENGLISH: Notice = {
  code: 'japanese_answers_in_english_questionnaire',
  message: NOTICES.japanese_answers_in_english_questionnaire.en,
  message_ja: NOTICES.japanese_answers_in_english_questionnaire.ja,
};

/** The caller's layout corrections (upload form or CLI flags, 1-based header row) as detection overrides. */
export function overridesFromFields(f: Pick<QuestionnaireFields, 'sheet' | 'headerRow' | 'questionColumn' | 'answerColumn' | 'remarksColumn'>): LayoutOverrides {
  return {
    ...(f.sheet !== undefined ? { sheet: f.sheet } : {}),
    ...(f.headerRow !== undefined ? { headerRow: f.headerRow - 1 } : {}),
    ...(f.questionColumn !== undefined ? { questionCol: f.questionColumn } : {}),
    ...(f.answerColumn !== undefined ? { answerCol: f.answerColumn } : {}),
    ...(f.remarksColumn !== undefined ? { remarksCol: f.remarksColumn } : {}),
  };
}

export function processQuestionnaire(input: QuestionnaireInput): QuestionnaireOutcome {
  const product = requireKnownProduct(input.product);
  const fmt = formatOf(input.bytes, input.fileName, input.contentType);
  const opened = fmt.open(input.bytes);
  const model = opened.model;
  const format = model.format;

  const overrides = { ...input.overrides };
  if ((format === 'csv' || format === 'text16') && overrides.sheet !== undefined) delete overrides.sheet; // a text file has one sheet
  const detected = detectLayout(model, overrides);
  const choices = normalizeChoices(
    input.choices ?? {},
    detected.sheets.map((s) => s.sheet),
  );
  checkAnalysisBudget(model, detected.sheets);
  const output = input.output ?? WORKING_FILE;
  const overwrite = input.overwritePlaceholders === true;
  const { rows, edits, japaneseInEnglish, placeholders, cellsByChoice } = answerQuestionnaire(model, detected.sheets, product, choices, input.refineLookup, { overwritePlaceholders: overwrite, output });
  const memos = normalizeChoices(
    input.memos ?? {},
    detected.sheets.map((s) => s.sheet),
  );
  // Without markers (the 提出用 file) a row without an answer has nothing to write: only rows with an
  // answer can say that nothing could be written.
  const nothing = nothingWritten(output.markers ? rows : rows.filter((r) => r.written !== null), edits.length);

  const layout: Layout = {
    format,
    fileName: input.fileName,
    ...opened.info,
    sheets: detected.sheets.map((s) => {
      const sheet = model.sheets.find((m) => m.name === s.sheet);
      const header = (c: number | null) => (sheet && s.headerRow !== null && c !== null ? cellText(sheet, s.headerRow, c).trim() || null : null);
      return {
        sheet: s.sheet,
        block: s.block,
        headerRow: s.headerRow === null ? null : s.headerRow + 1,
        headerRows: s.headerRows.map((r) => r + 1),
        questionColumn: letter(s.questionCol) ?? 'A',
        idColumn: letter(s.idCol),
        answerColumn: letter(s.answerCol),
        remarksColumn: letter(s.remarksCol),
        headers: { question: header(s.questionCol), answer: header(s.answerCol), remarks: header(s.remarksCol) },
        answerChoices: s.answerChoices,
        language: s.language,
        detectedBy: s.detectedBy,
        questionRows: s.questionRows.length,
        sectionRows: s.sectionRows.map((r) => r + 1),
        notes: s.notes,
        lowConfidence: s.notes.some((n) => n.lowConfidence),
      };
    }),
    skippedSheets: detected.skipped.map((k) => ({ ...k, reason_ja: SKIP_REASONS[k.reason].ja })),
  };
  const notices: Notice[] = japaneseInEnglish ? [JAPANESE_IN_ENGLISH] : [];
  if (placeholders.length > 0) notices.push(noticeOf('placeholder_answers', { columns: placeholders, overwrite }));
  if (nothing) notices.push(noticeOf('nothing_written', nothing));
  const response: QuestionnaireResponse = { product, layout, rows, totals: totalsOf(rows, edits.length), notices };
  const base = baseName(input.fileName);

  return {
    format,
    response,
    filledFile(): OutputFile {
      if (detected.sheets.every((s) => s.answerCol === null && s.remarksCol === null)) {
        throw new AppError('no_answer_column', {});
      }
      // An unchanged "_filled" file would look like a result: say why nothing could be written
      // instead. A file whose cells all hold answers already (filled before, by hand or by another
      // vendor) comes back as it is; the notice says so.
      if (nothing && !alreadyAnswered(nothing)) throw new AppError('nothing_writable', nothing);
      const written = opened.write(edits);
      for (const e of edits) {
        if (written.lossy(e)) rows.find((r) => r.sheet === e.sheet && r.row === e.r + 1)?.messages.push(rowMessage('not_encodable'));
      }
      // Read the filled file back with the same reader and compare it with the upload.
      checkWrite(model, fmt.open(written.bytes).model, edits, written);
      const ext = written.extension || extension(input.fileName, format);
      // The file to send (no markers) is named so that it is not mistaken for the working copy.
      return { bytes: written.bytes, contentType: written.contentType, fileName: `${base}_${output.markers ? 'filled' : '提出用'}.${ext}` };
    },
    reviewCsv(): OutputFile {
      const table: string[][] = [['シート', '行', 'ID', '質問', '判定', '候補（出典）', '候補の単位ID', '信頼度', '理由', 'メモ']];
      for (const n of notices) table.push(['', '', '', '', 'notice', '', '', '', n.message_ja, '']);
      for (const r of rows.filter((x) => needsPerson(x) || memos.has(x.key))) {
        table.push([
          r.sheet,
          String(r.row),
          r.id ?? '',
          r.question,
          r.selection === 'cleared' ? 'cleared' : hasOfficialText(r) ? (officialWritten(r) ? 'answered' : 'answered_not_written') : r.verdict,
          r.best ? r.best.citation.text : '',
          r.best ? r.best.id : '',
          r.confidence.toFixed(2),
          // The catalog's words (reasons and what happened to the cells), plus approvals not applied.
          [...r.messages.map((m) => m.message_ja), ...r.notes.filter((n) => n.kind === 'approval_stale' || n.kind === 'similar_approval').map((n) => n.message)].join(' / '),
          memos.get(r.key) ?? '',
        ]);
      }
      return { bytes: writeCsvTable(table), contentType: 'text/csv; charset=utf-8', fileName: `${base}_review.csv` };
    },
    cellsByChoice,
  };
}

function noticeOf<C extends NoticeMessageCode>(code: C, params: Parameters<(typeof NOTICE_MESSAGES)[C]['en']>[0]): Notice {
  const e = NOTICE_MESSAGES[code] as unknown as { en: (p: typeof params) => string; ja: (p: typeof params) => string };
  return { code, message: e.en(params), message_ja: e.ja(params) };
}

/**
 * Not one cell of the file can be written (and none already holds what would be written): the
 * reasons, counted over the rows' messages; null when something is written.
 */
function nothingWritten(rows: RowResult[], edits: number): NothingWrittenCounts | null {
  if (edits > 0 || rows.length === 0 || rows.some((r) => r.filled.answer !== null || r.filled.remarks !== null)) return null;
  const count = (code: string) => rows.reduce((n, r) => n + r.messages.filter((m) => m.code === code).length, 0);
  const refusals = ['cell_locked', 'cell_formula', 'cell_not_empty', 'cell_placeholder', 'cell_merged'];
  return {
    locked: count('cell_locked'),
    formula: count('cell_formula'),
    notEmpty: count('cell_not_empty'),
    placeholder: count('cell_placeholder'),
    merged: count('cell_merged'),
    noColumn: rows.filter((r) => !r.messages.some((m) => refusals.includes(m.code))).length,
  };
}

/** Every refused cell already held an answer (no lock, formula, default, merge or missing column). */
function alreadyAnswered(n: NothingWrittenCounts): boolean {
  return n.notEmpty > 0 && n.locked + n.formula + n.placeholder + n.merged + n.noColumn === 0;
}

/** Refuses, before any lookup, a questionnaire whose distinct questions exceed the analysis budget. */
function checkAnalysisBudget(model: WorkbookModel, layouts: ReturnType<typeof detectLayout>['sheets']): void {
  const seen = new Set<string>();
  let chars = 0;
  for (const layout of layouts) {
    const sheet = model.sheets.find((m) => m.name === layout.sheet);
    if (!sheet) continue;
    for (const r of layout.questionRows) {
      const { question } = questionForLookup(cellText(sheet, r, layout.questionCol));
      if (seen.has(question)) continue;
      seen.add(question);
      chars += question.length;
    }
  }
  if (chars > MAX_ANALYSIS_CHARS) throw analysisTooLarge(chars);
}
