// One questionnaire, end to end, shared by the HTTP route and the CLI: sniff and bound the upload,
// read it (XLSX or CSV), detect the layout, answer every question row, and — on demand — write
// the filled file or the review summary. Everything happens in memory; nothing is stored or logged.
import { AppError, rowMessage } from '../messages/error';
import { requireKnownProduct } from '../corpus/store';
import { PRODUCTS } from '../corpus/store';
import { answerQuestionnaire, rowKey, type CellEdit, type RowResult } from './answer';
import { parseCsv, patchCsv, writeCsvTable, type ParsedCsv } from './csv';
import { detectLayout, letter, type LayoutOverrides } from './detect';
import { analysisTooLarge, invalidXlsx, MAX_ANALYSIS_CHARS, MAX_ROWS, sniffFormat, tooManyRows, type UploadFormat } from './limits';
import { questionForLookup } from '../search/contract';
import { cellText, type WorkbookModel } from './model';
import type { Layout, QuestionnaireFields, QuestionnaireResponse, Totals } from './schema';
import { writeXlsx } from './write-xlsx';
import { readXlsx, type XlsxPackage } from './xlsx';

export const CSV_SHEET_NAME = 'CSV';

export interface QuestionnaireInput {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  product: string;
  overrides?: LayoutOverrides;
  /** Row key → unit id or "clear"; a bare row number is accepted for single-sheet files. */
  choices?: Record<string, string>;
}

export interface OutputFile {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
}

export interface QuestionnaireOutcome {
  format: UploadFormat;
  response: QuestionnaireResponse;
  /** The uploaded file with the answers written in, same format and encoding. */
  filledFile(): OutputFile;
  /** CSV (UTF-8 with BOM) of the rows that still need a person. */
  reviewCsv(): OutputFile;
}

function csvModel(csv: ParsedCsv): WorkbookModel {
  return { format: 'csv', sheets: [{ name: CSV_SHEET_NAME, hidden: false, cells: csv.values, merges: [], validations: [] }] };
}

function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name) || 'questionnaire';
}

function extension(fileName: string, format: UploadFormat): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(fileName);
  return m?.[1] ?? (format === 'xlsx' ? 'xlsx' : 'csv');
}

function normalizeChoices(raw: Record<string, string>, sheets: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const k = /^\d+$/.test(key) && sheets.length === 1 && sheets[0] !== undefined ? rowKey(sheets[0], Number(key)) : key;
    out.set(k, value.trim());
  }
  return out;
}

function totalsOf(rows: RowResult[]): Totals {
  return {
    questions: rows.length,
    answered: rows.filter((r) => r.verdict === 'answered').length,
    needs_review: rows.filter((r) => r.verdict === 'needs_review').length,
    no_match: rows.filter((r) => r.verdict === 'no_match').length,
    filled: rows.filter((r) => !needsPerson(r)).length,
    user_selected: rows.filter((r) => r.selection === 'user').length,
  };
}

/** A row needs a person when no official answer (auto or user-chosen) was filled in. */
function needsPerson(r: RowResult): boolean {
  return r.citations.length === 0;
}

/** A parser failure on hostile input is the file's fault: a 4xx with no content, never a 500. */
function guardParser<T>(parse: () => T, onError: () => AppError): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw onError();
  }
}

const LINE_ENDING_NAMES = { '\r\n': 'CRLF', '\n': 'LF', '\r': 'CR' } as const;

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
  const format = sniffFormat(input.bytes, input.fileName, input.contentType);
  let model: WorkbookModel;
  let pkg: XlsxPackage | null = null;
  let csv: ParsedCsv | null = null;
  if (format === 'xlsx') {
    const read = guardParser(() => readXlsx(input.bytes), () => invalidXlsx('unreadable'));
    model = read.model;
    pkg = read.pkg;
  } else {
    csv = guardParser(
      () => parseCsv(input.bytes, MAX_ROWS + 1, (n) => tooManyRows(n - 1)),
      () => new AppError('invalid_csv'),
    );
    if (csv.records.length === 0 || csv.values.every((r) => r.every((v) => v.trim() === ''))) {
      throw new AppError('empty_file', { what: 'csv' });
    }
    model = csvModel(csv);
  }

  const overrides = { ...input.overrides };
  if (format === 'csv' && overrides.sheet !== undefined) delete overrides.sheet; // a CSV has one sheet
  const detected = detectLayout(model, overrides);
  const choices = normalizeChoices(input.choices ?? {}, detected.sheets.map((s) => s.sheet));
  checkAnalysisBudget(model, detected.sheets);
  const { rows, edits } = answerQuestionnaire(model, detected.sheets, product, choices);

  const layout: Layout = {
    format,
    fileName: input.fileName,
    ...(csv ? { encoding: csv.encoding, delimiter: csv.delimiter, lineEnding: LINE_ENDING_NAMES[csv.lineEnding] } : {}),
    sheets: detected.sheets.map((s) => {
      const sheet = model.sheets.find((m) => m.name === s.sheet);
      const header = (c: number | null) => (sheet && s.headerRow !== null && c !== null ? cellText(sheet, s.headerRow, c).trim() || null : null);
      return {
        sheet: s.sheet,
        headerRow: s.headerRow === null ? null : s.headerRow + 1,
        questionColumn: letter(s.questionCol) ?? 'A',
        answerColumn: letter(s.answerCol),
        remarksColumn: letter(s.remarksCol),
        headers: { question: header(s.questionCol), answer: header(s.answerCol), remarks: header(s.remarksCol) },
        answerChoices: s.answerChoices,
        language: s.language,
        detectedBy: s.detectedBy,
        questionRows: s.questionRows.length,
        sectionRows: s.sectionRows.map((r) => r + 1),
      };
    }),
    skippedSheets: detected.skipped,
  };
  const response: QuestionnaireResponse = { product, layout, rows, totals: totalsOf(rows) };
  const base = baseName(input.fileName);
  const ext = extension(input.fileName, format);

  return {
    format,
    response,
    filledFile(): OutputFile {
      if (detected.sheets.every((s) => s.answerCol === null && s.remarksCol === null)) {
        throw new AppError('no_answer_column');
      }
      if (pkg) {
        // The writer re-reads parts SheetJS skipped: malformed XML there is the upload's fault, not a 500.
        const written = guardParser(() => writeXlsx(pkg, edits), () => invalidXlsx('unwritable'));
        markUnplaced(rows, written.unplaced);
        return { bytes: written.bytes, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${base}_filled.${ext}` };
      }
      if (!csv) throw new Error('unreachable: neither xlsx nor csv');
      const byRecord = new Map<number, Map<number, string>>();
      for (const e of edits) {
        const m = byRecord.get(e.r) ?? new Map<number, string>();
        m.set(e.c, e.text);
        byRecord.set(e.r, m);
      }
      const patched = patchCsv(csv, byRecord);
      for (const rec of patched.lossyRecords) {
        rows.find((r) => r.row === rec + 1)?.messages.push(rowMessage('not_shift_jis'));
      }
      const charset = csv.encoding === 'shift_jis' ? 'shift_jis' : 'utf-8';
      return { bytes: patched.bytes, contentType: `text/csv; charset=${charset}`, fileName: `${base}_filled.${ext}` };
    },
    reviewCsv(): OutputFile {
      const table: string[][] = [['シート', '行', '質問', '判定', '候補（出典）', '候補の単位ID', '信頼度', 'メモ']];
      for (const r of rows.filter(needsPerson)) {
        table.push([
          r.sheet,
          String(r.row),
          r.question,
          r.selection === 'cleared' ? 'cleared' : r.verdict,
          r.best ? r.best.citation.text : '',
          r.best ? r.best.id : '',
          r.confidence.toFixed(2),
          [...r.notes.map((n) => n.message), ...r.messages.map((m) => m.message_ja)].join(' / '),
        ]);
      }
      return { bytes: writeCsvTable(table), contentType: 'text/csv; charset=utf-8', fileName: `${base}_review.csv` };
    },
  };
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

function markUnplaced(rows: RowResult[], unplaced: CellEdit[]): void {
  for (const e of unplaced) rows.find((r) => r.sheet === e.sheet && r.row === e.r + 1)?.messages.push(rowMessage('cell_not_located'));
}
