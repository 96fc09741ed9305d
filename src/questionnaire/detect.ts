// Layout detection, per sheet: is this sheet a questionnaire to answer at all, and if so its header
// row(s), question / answer / remarks columns, ID column and which rows are questions. Header names
// decide first, checked against the content below them (a header that names the IDs is not the
// question column); content statistics fill in when headers are missing or unusual. Every choice
// is reported with its reason and can be overridden by the caller.
//
// General rules only: a rule keyed to one template's wording would break on the next customer's.
import { AppError } from '../messages/error';
import { HEADER_SEARCH_ROWS } from './limits';
import { cellText, choicesAt, columnLetters, isFormulaCell, mergeAt, type SheetModel, type WorkbookModel } from './model';
import { isAnswerWord } from './choice';
import { placeholderValue } from './placeholders';

export type ColumnKind = 'question' | 'answer' | 'remarks' | 'reference' | 'id' | 'category' | 'other_party';
export type Language = 'ja' | 'en';

/** Why a choice was made, for the layout report (wording from the catalog). */
export interface LayoutNote {
  code: LayoutNoteCode;
  message: string;
  message_ja: string;
  /** The choice may well be wrong: a person should check it before sending the file. */
  lowConfidence: boolean;
}

function note<C extends LayoutNoteCode>(code: C, params: Parameters<(typeof LAYOUT_NOTES)[C]['en']>[0], lowConfidence: boolean): LayoutNote {
  const e = LAYOUT_NOTES[code] as unknown as { en: (p: typeof params) => string; ja: (p: typeof params) => string };
  return { code, message: e.en(params), message_ja: e.ja(params), lowConfidence };
}

export interface SheetLayout {
  sheet: string;
  /** 0 for the first (or only) questionnaire block of the sheet, 1… for blocks to its right. */
  block: number;
  /** 0-based; null when the sheet has no header row. */
  headerRow: number | null;
  /** Every row that repeats the header (a section header row of a long questionnaire). */
  headerRows: number[];
  questionCol: number;
  idCol: number | null;
  answerCol: number | null;
  remarksCol: number | null;
  /** Dropdown options of the answer column (the most common list over the question rows). */
  answerChoices: string[] | null;
  language: Language;
  detectedBy: 'header' | 'content' | 'override';
  /** 0-based rows holding a question, in sheet order. */
  questionRows: number[];
  /** 0-based rows recognised as section headings (「■ データ管理」, 「【第1章】」, chapter rows "V1"). */
  sectionRows: number[];
  notes: LayoutNote[];
}

export type { SkipReason } from '../messages/catalog';
import { LAYOUT_NOTES, type LayoutNoteCode, type SkipReason } from '../messages/catalog';

export interface SkippedSheet {
  sheet: string;
  reason: SkipReason;
  /** What was seen, in a sentence (English). */
  detail?: string;
}

export interface DetectResult {
  sheets: SheetLayout[];
  skipped: SkippedSheet[];
}

/** Overrides as 0-based indexes (the route converts from 1-based rows / column letters). */
export interface LayoutOverrides {
  /** Answer this sheet whatever its classification (also hidden ones). */
  sheet?: string;
  headerRow?: number;
  questionCol?: number;
  answerCol?: number;
  remarksCol?: number;
}

/** What the header matcher looks for; also quoted in the "no question column" error. */
export const HEADER_KEYWORDS: Record<'question' | 'answer' | 'remarks' | 'reference' | 'other_party', readonly string[]> = {
  question: ['確認項目', '質問', '確認事項', '質問内容', '質問事項', '設問', '項目', '要求事項', '確認内容', 'チェック項目', '評価項目', '内容', '要件', 'question', 'item', 'requirement', 'control', 'query'],
  answer: ['回答', '回答欄', '返答', '対応状況', '対応可否', '可否', '選択', '評価', '結果', '判定', '貴社回答', '御社回答', 'response', 'answer', 'reply', 'status', 'yes/no', 'compliance', 'compliant', 'result', 'pass/fail'],
  remarks: [
    '補足',
    '備考',
    '根拠',
    'コメント',
    '説明',
    '特記',
    '詳細',
    '記述',
    'comment',
    'note',
    'remark',
    'explanation',
    'detail',
    'evidence',
    'justification',
    'additionalinformation',
    'additionalinfo',
    'implementationdescription',
    'responsedescription',
    'answerdescription',
  ],
  reference: ['参照', '出典', '資料', 'reference', 'source'],
  // Columns another party fills in or reads (the institution's analyst, the cloud customer, the
  // template's own guidance): never the place for our answer, whatever else the header says.
  other_party: ['analyst', 'reviewer', 'assessor', 'auditor', 'evaluator', 'institution', 'csc', 'guidance', 'score', 'weight', '評価者', '審査', '確認者', '記入不要', '事務局'],
};
const ID_HEADER = /^(no\.?|#|番号|項番|通番|項目番号|id|ref\.?|№|nr\.?)$/;
const CATEGORY_HEADER = /^(分類|カテゴリ|カテゴリー|区分|大項目|中項目|小項目|領域|分野|category|domain|area|section)$/;
/** When a header matches several lists, the more specific kind wins a tie of keyword length. */
const KIND_PRIORITY: Array<'remarks' | 'answer' | 'question' | 'reference'> = ['remarks', 'answer', 'question', 'reference'];
/** Header cells longer than this after normalization are instructions, not headers. */
const MAX_HEADER_NAME_CHARS = 40;

const HEADER_EDGE = new Set('※*＊()（）[]【】「」<>《》:：・');

function normalizeHeader(text: string): string {
  const h = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^()]{0,40}\)|\[[^[\]]{0,40}\]/g, '') // "(Optional/Recommended)": bounded, linear
    .replace(/[\s\u3000]+/g, '');
  // Edge marks trimmed by index: the regex `[…]+$` was quadratic in a long run of marks.
  let s = 0;
  let e = h.length;
  while (s < e && HEADER_EDGE.has(h[s]!)) s++;
  while (e > s && HEADER_EDGE.has(h[e - 1]!)) e--;
  return h.slice(s, e);
}

/** Longest header text read at all (a header is a few words; longer cells are content). */
export const MAX_HEADER_CHARS = 200;

export function classifyHeader(text: string): ColumnKind | null {
  if (text.length > MAX_HEADER_CHARS) return null;
  const h = normalizeHeader(text);
  if (h.length === 0 || h.length > MAX_HEADER_NAME_CHARS) return null;
  if (ID_HEADER.test(h) || (h.length <= 8 && /(番号|no\.?|#|id|number)$/.test(h))) return 'id';
  if (CATEGORY_HEADER.test(h)) return 'category';
  if (HEADER_KEYWORDS.other_party.some((kw) => h.includes(kw))) return 'other_party';
  let best: { kind: ColumnKind; len: number; rank: number } | null = null;
  for (const kind of KIND_PRIORITY) {
    for (const kw of HEADER_KEYWORDS[kind]) {
      if (!h.includes(kw)) continue;
      // exact matches beat substrings; longer keywords beat shorter ones
      const len = kw.length + (h === kw ? 100 : 0);
      const rank = KIND_PRIORITY.indexOf(kind);
      if (!best || len > best.len || (len === best.len && rank < best.rank)) best = { kind, len, rank };
    }
  }
  if (best) return best.kind;
  // "CCM Control ID", "Question ID", "MSTG-ID": a name ending in ID is an identifier column
  if (/(^|[^a-z])id$|番号$/.test(h)) return 'id';
  return null;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const JA_QUESTION_END = /(か|か。|か？|か\?|ください|ください。|下さい|下さい。|ますか|ですか|こと。?|[?？])\s*$/;
const EN_QUESTION = /(\?\s*$)|^(do|does|is|are|has|have|how|what|which|when|where|who|why|can|could|will|would|describe|please|provide|list|explain|indicate|state)\b/i;
const SECTION_MARK = /^[■□◆◇▼▽▶►●◎【［[＜<《〈]/;
const CHAPTER = /^(第\s*[0-9０-９一二三四五六七八九十百]+\s*[章節部編]|(section|chapter|part)\s+[0-9ivx]+\b)/i;
/** Spreadsheet error values: a broken formula, never a question. */
const ERROR_VALUE = /^#(REF!|N\/A|VALUE!|NAME\?|DIV\/0!|NULL!|NUM!|SPILL!|CALC!)$/;
const URL_ONLY = /^(https?:\/\/|www\.)\S+$/i;
const FOOTER = /^(copyright\b|©|\(c\)\s*\d{4})|all rights reserved/i;
/** A short token with a digit and no spaces: "GNRL-01", "A&A-01.1", "1.10", "V1", "MSTG-ARCH-1". */
const ID_LIKE = /^(?=[^\s]*\d)[\p{L}\p{N}&_.\-/()]{1,20}$/u;
/** Sheet names that say the sheet is not the questionnaire (the answer is written elsewhere). */
const NOT_QUESTIONNAIRE_NAME =
  /\b(dashboard|summary|about|change ?log|version history|revision history|instructions?|introduction|read ?me|how to|glossary|definitions|legend|evaluation|analyst|scoring|scores?|lookup|drop ?downs?)\b|改訂履歴|変更履歴|更新履歴|記入方法|記入要領|記入例|使い方|説明書|目次|表紙|集計|サマリ|選択肢|凡例/i;
/** …unless the name also says it holds the questions ("Questionnaire – read me first" is still one). */
const QUESTIONNAIRE_NAME = /question|checklist|check sheet|assessment|response|質問|回答|チェックシート|チェックリスト|確認書|調査票/i;

function nameSaysNotQuestionnaire(name: string): string | null {
  if (QUESTIONNAIRE_NAME.test(name)) return null;
  return NOT_QUESTIONNAIRE_NAME.exec(name)?.[0] ?? null;
}

/** How much a cell looks like a question, 0–2. */
function questionLikeness(text: string): number {
  const t = text.trim();
  if (t.length < 6 || ERROR_VALUE.test(t) || URL_ONLY.test(t) || FOOTER.test(t)) return 0;
  if (JA_QUESTION_END.test(t) || EN_QUESTION.test(t)) return 2;
  return t.length >= 15 ? 1 : 0;
}

export function isSectionText(text: string): boolean {
  const t = text.trim();
  if (t.length > 60) return false;
  return (SECTION_MARK.test(t) || CHAPTER.test(t)) && questionLikeness(t) < 2;
}

function isIdLike(text: string): boolean {
  return ID_LIKE.test(text.trim());
}

/** "A&A-01.1" → "A-9.9", "1.10" → "9.9", "V1" → "A9": what IDs of one list share. */
function idShape(text: string): string {
  return text
    .trim()
    .replace(/[\p{L}&_]+/gu, 'A')
    .replace(/\p{N}+/gu, '9');
}

function rowCount(sheet: SheetModel): number {
  return sheet.cells.length;
}

function headerKinds(sheet: SheetModel, r: number): Map<number, ColumnKind> {
  const kinds = new Map<number, ColumnKind>();
  const row = sheet.cells[r] ?? [];
  for (let c = 0; c < row.length; c++) {
    const kind = classifyHeader(row[c] ?? '');
    if (kind) kinds.set(c, kind);
  }
  return kinds;
}

function columnsOfKind(kinds: Map<number, ColumnKind>, kind: ColumnKind): number[] {
  return [...kinds.entries()].filter(([, k]) => k === kind).map(([c]) => c);
}

interface ColumnContent {
  /** Question-likeness summed over the filled cells. */
  score: number;
  filled: number;
  ids: number;
  distinct: number;
  /** Cells with a dropdown: an answer column, not the questions. */
  dropdowns: number;
}

function columnContent(sheet: SheetModel, col: number, from: number, to: number): ColumnContent {
  let score = 0;
  let filled = 0;
  let ids = 0;
  let dropdowns = 0;
  const seen = new Set<string>();
  for (let r = from; r < Math.min(to, rowCount(sheet)); r++) {
    const t = cellText(sheet, r, col).trim();
    if (!t) continue;
    filled++;
    seen.add(t);
    if (choicesAt(sheet, r, col)) dropdowns++;
    if (isIdLike(t)) ids++;
    else score += questionLikeness(t);
  }
  return { score, filled, ids, distinct: seen.size, dropdowns };
}

/**
 * A column holds questions when its cells read as questions: not IDs or codes, not a handful of
 * repeated values ("CSP-owned", "Yes"), not a dropdown column.
 */
function holdsQuestions(c: ColumnContent): boolean {
  return c.score >= 3 && plausibleQuestions(c) && c.score >= c.filled * 0.6;
}

/**
 * Looser, for a column a header names: only reject what clearly is not questions (IDs, codes,
 * options, nothing). Repeated values mean options ("Yes", "CSP-owned") unless they read as
 * questions: a questionnaire may ask the same question for several systems or sites.
 */
function plausibleQuestions(c: ColumnContent): boolean {
  const variedOrQuestions = c.filled < 4 || c.distinct * 2 > c.filled || c.score >= c.filled * 0.6;
  return c.filled > 0 && c.ids * 2 < c.filled && variedOrQuestions && c.dropdowns * 2 < c.filled;
}

interface HeaderCandidate {
  row: number;
  kinds: Map<number, ColumnKind>;
  score: number;
}

/** Rows in the header search window that name column kinds; question names are checked against the content below. */
function headerCandidates(sheet: SheetModel, maxRow: number, rejected: Map<number, string>, fromRow = 0): HeaderCandidate[] {
  const out: HeaderCandidate[] = [];
  for (let r = fromRow; r < Math.min(maxRow, rowCount(sheet)); r++) {
    if (isLoneTitle(sheet, r)) continue;
    const kinds = headerKinds(sheet, r);
    for (const c of columnsOfKind(kinds, 'question')) {
      const content = columnContent(sheet, c, r + 1, r + 200);
      if (!plausibleQuestions(content)) {
        kinds.delete(c);
        if (content.ids > 0) rejected.set(c, cellText(sheet, r, c).trim());
      }
    }
    const present = new Set(kinds.values());
    const score = (['question', 'answer', 'remarks'] as const).filter((k) => present.has(k)).length + (present.has('reference') ? 0.2 : 0) + (present.has('id') ? 0.2 : 0);
    if (score >= 1) out.push({ row: r, kinds, score });
  }
  return out;
}

/** Longer than this, a row's only cell is a title (「…チェックシート回答票（事業者記入用）」), not a header. */
const TITLE_CHARS = 20;
/** When the first rows name no column at all, headers are looked for down to this row. */
const EXTENDED_HEADER_SEARCH_ROWS = 300;

/** A row with one cell of text, and a long one: the sheet's title, never the header row. */
function isLoneTitle(sheet: SheetModel, r: number): boolean {
  const filled = (sheet.cells[r] ?? []).filter((v) => (v ?? '').trim() !== '');
  return filled.length === 1 && filled[0]!.trim().length > TITLE_CHARS;
}

/** Column whose cells below `from` look most like questions (content statistics), with the runner-up's score. */
function questionColumnByContent(sheet: SheetModel, from: number, exclude: Set<number>): { col: number; score: number; runnerUp: number } | null {
  const scores = new Map<number, number>();
  const ids = new Map<number, number>();
  const filled = new Map<number, number>();
  for (let r = from; r < rowCount(sheet); r++) {
    const row = sheet.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      if (exclude.has(c)) continue;
      const t = (row[c] ?? '').trim();
      if (!t) continue;
      filled.set(c, (filled.get(c) ?? 0) + 1);
      if (isIdLike(t)) ids.set(c, (ids.get(c) ?? 0) + 1);
      const s = questionLikeness(t);
      if (s > 0) scores.set(c, (scores.get(c) ?? 0) + s);
    }
  }
  const ranked = [...scores.entries()].filter(([c]) => (ids.get(c) ?? 0) * 2 < (filled.get(c) ?? 0) && holdsQuestions(columnContent(sheet, c, from, rowCount(sheet)))).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const best = ranked[0];
  if (!best || best[1] < 3) return null;
  return { col: best[0], score: best[1], runnerUp: ranked[1]?.[1] ?? 0 };
}

type RowKind = 'question' | 'section' | 'header' | 'other';

interface RowContext {
  questionCol: number;
  answerCol: number | null;
  headerRows: ReadonlySet<number>;
  headerText: string;
  /** ID column and the shape most of its IDs share; rows with another shape are not questions. */
  id: { col: number; shape: string; coverage: number } | null;
  /** The answer column has a dropdown on most question rows: a row with neither ID nor dropdown is a heading or legend. */
  dropdownRows?: boolean;
}

function classifyRow(sheet: SheetModel, r: number, ctx: RowContext): RowKind {
  if (ctx.headerRows.has(r)) return 'header';
  const text = cellText(sheet, r, ctx.questionCol).trim();
  if (text.length === 0) {
    // a heading in another column (「■ データ管理」 in column A) is a section row, never a question
    const row = sheet.cells[r] ?? [];
    return row.some((v) => isSectionText(v ?? '')) ? 'section' : 'other';
  }
  const merge = mergeAt(sheet, r, ctx.questionCol);
  if (merge && (merge.s.r !== r || merge.s.c !== ctx.questionCol)) return 'other'; // continuation of a merged cell
  if (merge && ctx.answerCol !== null && merge.s.c <= ctx.answerCol && merge.e.c >= ctx.answerCol) return 'section'; // spans the answer column: a title band
  if (ERROR_VALUE.test(text) || URL_ONLY.test(text) || FOOTER.test(text)) return 'other';
  if (isSectionText(text)) return 'section';
  // 「■レベル1: …」 under a question: a marked line too long for a heading that asks nothing is a detail row
  if (SECTION_MARK.test(text) && questionLikeness(text) < 2) return 'other';
  if (/^[\d０-９.．\-‐－ ]+$/.test(text)) return 'other';
  if (text.length < 2) return 'other';
  if (ctx.headerText && text === ctx.headerText) return 'header'; // repeated header on a printed page break
  if (ctx.id) {
    // Most questions carry an ID of one shape ("1.1"); a row with another shape ("V1") or none is
    // a chapter heading or a legend line, not a question.
    const id = cellText(sheet, r, ctx.id.col).trim();
    const noQuestionHere = ctx.id.coverage >= 0.8 || (ctx.dropdownRows && ctx.answerCol !== null && !choicesAt(sheet, r, ctx.answerCol));
    if (id === '' && noQuestionHere) return text.length <= 40 && questionLikeness(text) < 2 ? 'section' : 'other';
    if (id !== '' && idShape(id) !== ctx.id.shape) return isIdLike(id) ? 'section' : 'other';
  }
  return 'question';
}

/** The ID column next to the questions (named, or left of them with ID-like cells) and its dominant shape. */
function idColumnOf(sheet: SheetModel, rows: number[], questionCol: number, named: number[]): RowContext['id'] {
  const candidates = [...named.filter((c) => c !== questionCol).sort((a, b) => Math.abs(a - questionCol) - Math.abs(b - questionCol)), questionCol - 1, questionCol - 2].filter((c) => c >= 0);
  for (const col of candidates) {
    const shapes = new Map<string, number>();
    let filled = 0;
    let idLike = 0;
    for (const r of rows) {
      const t = cellText(sheet, r, col).trim();
      if (!t) continue;
      filled++;
      if (isIdLike(t)) idLike++;
      const s = idShape(t);
      shapes.set(s, (shapes.get(s) ?? 0) + 1);
    }
    if (rows.length === 0 || filled < 3 || idLike < filled * 0.7) continue;
    const [shape, n] = [...shapes.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (n < filled * 0.7) continue; // no dominant shape: IDs of several kinds, do not judge by them
    return { col, shape, coverage: filled / rows.length };
  }
  return null;
}

function languageOf(sheet: SheetModel, headerRow: number | null, questionCol: number, rows: number[]): Language {
  const sample = rows.slice(0, 50);
  if (sample.length === 0) return headerRow !== null && !CJK.test(cellText(sheet, headerRow, questionCol)) ? 'en' : 'ja';
  const ja = sample.filter((r) => CJK.test(cellText(sheet, r, questionCol))).length;
  return ja * 2 >= sample.length ? 'ja' : 'en';
}

function emptyShare(sheet: SheetModel, rows: number[], col: number): number {
  if (rows.length === 0) return 1;
  return rows.filter((r) => cellText(sheet, r, col).trim() === '' && !isFormulaCell(sheet, r, col)).length / rows.length;
}

function formulaShare(sheet: SheetModel, rows: number[], col: number): number {
  if (rows.length === 0) return 0;
  return rows.filter((r) => isFormulaCell(sheet, r, col)).length / rows.length;
}

function dominantChoices(sheet: SheetModel, rows: number[], col: number): { choices: string[] | null; covered: number } {
  const counts = new Map<string, { choices: string[]; n: number }>();
  for (const r of rows) {
    const ch = choicesAt(sheet, r, col);
    if (!ch) continue;
    const key = ch.join('\u0000');
    const entry = counts.get(key) ?? { choices: ch, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  let best: { choices: string[]; n: number } | null = null;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  return { choices: best?.choices ?? null, covered: best?.n ?? 0 };
}

/** Every row (after `from`) that names the same answer column as the header: repeated section header rows. */
function repeatedHeaderRows(sheet: SheetModel, header: HeaderCandidate): number[] {
  const answerCols = columnsOfKind(header.kinds, 'answer');
  const remarksCols = columnsOfKind(header.kinds, 'remarks');
  const anchor = answerCols[0] ?? remarksCols[0];
  if (anchor === undefined) return [header.row];
  const anchorKind = answerCols.length > 0 ? 'answer' : 'remarks';
  const anchorText = normalizeHeader(cellText(sheet, header.row, anchor));
  const rows: number[] = [];
  for (let r = 0; r < rowCount(sheet); r++) {
    if (r === header.row) {
      rows.push(r);
      continue;
    }
    const t = cellText(sheet, r, anchor);
    if (!t || classifyHeader(t) !== anchorKind || normalizeHeader(t) !== anchorText) continue;
    rows.push(r);
  }
  return rows;
}

interface Block {
  /** Columns this block may use: [from, to] inclusive. */
  from: number;
  to: number;
  questionCol: number;
}

/**
 * Two questionnaires side by side share the header row: each named question column with its own
 * answer or remarks column to its right (before the next question column) is one block.
 */
function blocksOf(kinds: Map<number, ColumnKind>, width: number): Block[] {
  const questions = columnsOfKind(kinds, 'question').sort((a, b) => a - b);
  if (questions.length < 2) return [];
  const blocks: Block[] = [];
  questions.forEach((q, i) => {
    const to = (questions[i + 1] ?? width) - 1;
    const from = i === 0 ? 0 : q;
    const own = [...kinds.entries()].some(([c, k]) => c > q && c <= to && (k === 'answer' || k === 'remarks'));
    if (own) blocks.push({ from, to, questionCol: q });
  });
  return blocks.length >= 2 ? blocks : [];
}

function restrict(kinds: Map<number, ColumnKind>, block: Block): Map<number, ColumnKind> {
  return new Map([...kinds.entries()].filter(([c]) => c >= block.from && c <= block.to));
}

function detectSheet(sheet: SheetModel, ov: LayoutOverrides): SheetLayout[] {
  const rejected = new Map<number, string>();
  let candidates = headerCandidates(sheet, HEADER_SEARCH_ROWS, rejected);
  // a long title block can push the first header (repeated per section) below the usual window
  if (candidates.length === 0 && ov.headerRow === undefined) candidates = headerCandidates(sheet, EXTENDED_HEADER_SEARCH_ROWS, rejected, HEADER_SEARCH_ROWS);
  let header: HeaderCandidate | null;

  if (ov.headerRow !== undefined) {
    header = candidates.find((c) => c.row === ov.headerRow) ?? { row: ov.headerRow, kinds: headerKinds(sheet, ov.headerRow), score: 0 };
  } else {
    // best header: one that names a question column, most kinds named, earliest on ties
    const withQuestion = candidates.filter((c) => columnsOfKind(c.kinds, 'question').length > 0);
    const pool = withQuestion.length > 0 ? withQuestion : candidates;
    header = pool.reduce<HeaderCandidate | null>((b, c) => (!b || c.score > b.score ? c : b), null);
  }
  const overridden = ov.questionCol !== undefined || ov.answerCol !== undefined || ov.remarksCol !== undefined || ov.headerRow !== undefined;
  const width = Math.max(1, ...sheet.cells.slice(0, 300).map((r) => r.length));
  const blocks = header && !overridden ? blocksOf(header.kinds, width) : [];
  if (blocks.length === 0) {
    const one = detectBlock(sheet, ov, header, header?.kinds ?? new Map(), rejected, { from: 0, to: Math.max(width, 16_383), questionCol: -1 });
    return one ? [{ ...one, block: 0 }] : [];
  }
  const out: SheetLayout[] = [];
  for (const [i, b] of blocks.entries()) {
    const layout = detectBlock(sheet, ov, header, restrict(header!.kinds, b), rejected, b);
    if (!layout) continue;
    layout.block = i;
    layout.notes.push(note('block', { count: blocks.length, from: columnLetters(b.from), to: columnLetters(b.to) }, false));
    out.push(layout);
  }
  return out;
}

/** What one block's decisions share: the sheet, the caller's overrides, the header and its named kinds. */
interface BlockInput {
  sheet: SheetModel;
  ov: LayoutOverrides;
  header: HeaderCandidate | null;
  kinds: Map<number, ColumnKind>;
  rejected: Map<number, string>;
  block: Block;
  notes: LayoutNote[];
}

const inBlock = (block: Block, c: number) => c >= block.from && c <= block.to;

/** Columns the header names as anything but questions. */
function namedNonQuestion(kinds: Map<number, ColumnKind>): Set<number> {
  return new Set([...kinds.entries()].filter(([, k]) => k !== 'question').map(([c]) => c));
}

/**
 * Decision 1, the question column: the override; else the named column whose cells read most like
 * questions (an unnamed column that reads far more like questions overrules it); else content
 * statistics, which may also place a header row above the first question.
 */
function chooseQuestionColumn(inp: BlockInput, headerRow: number | null): { questionCol: number; headerRow: number | null; byContent: boolean } | null {
  const { sheet, ov, kinds, block, notes } = inp;
  const from = headerRow === null ? 0 : headerRow + 1;
  const fixed = ov.questionCol ?? (block.questionCol >= 0 ? block.questionCol : null);
  if (fixed !== null) return { questionCol: fixed, headerRow, byContent: false };
  const named = columnsOfKind(kinds, 'question');
  // several question-like headers ("Question", "Control Specification"): the one whose cells read most like questions
  const best = named
    .map((c) => {
      const h = normalizeHeader(cellText(sheet, headerRow ?? 0, c));
      return { c, content: columnContent(sheet, c, from, rowCount(sheet)).score, exact: h === 'question' || h === '質問' || h === '設問' };
    })
    .sort((a, b) => Number(b.exact) - Number(a.exact) || b.content - a.content || a.c - b.c)[0];
  if (best) {
    // …unless an unnamed column reads far more like questions (the "Question" header left blank)
    const byContent = questionColumnByContent(sheet, from, namedNonQuestion(kinds));
    if (!best.exact && byContent && !named.includes(byContent.col) && inBlock(block, byContent.col) && byContent.score > best.content * 1.5) {
      notes.push(note('question_header_overridden', { header: cellText(sheet, headerRow ?? 0, best.c).trim(), named: columnLetters(best.c), column: columnLetters(byContent.col), score: byContent.score, namedScore: best.content }, true));
      return { questionCol: byContent.col, headerRow, byContent: true };
    }
    return { questionCol: best.c, headerRow, byContent: false };
  }
  const exclude = namedNonQuestion(kinds);
  for (let c = 0; c < 16_384 && c < block.from; c++) exclude.add(c);
  const byContent = questionColumnByContent(sheet, from, exclude);
  if (byContent === null || !inBlock(block, byContent.col)) return null;
  const why = [...inp.rejected.entries()].map(([c, h]) => `"${h}" (${columnLetters(c)})`).join(', ');
  notes.push(note('question_by_content', { column: columnLetters(byContent.col), score: byContent.score, runnerUp: byContent.runnerUp, rejected: why }, byContent.runnerUp * 2 > byContent.score));
  return { questionCol: byContent.col, headerRow: headerRow ?? headerAboveQuestions(sheet, byContent.col), byContent: true };
}

/** No header row: the last row above the first question-like cell with at least two short cells. */
function headerAboveQuestions(sheet: SheetModel, questionCol: number): number | null {
  let firstQ = -1;
  for (let r = 0; r < rowCount(sheet) && firstQ < 0; r++) if (questionLikeness(cellText(sheet, r, questionCol)) > 0) firstQ = r;
  for (let r = firstQ - 1; r >= 0 && r >= firstQ - 5; r--) {
    const cells = (sheet.cells[r] ?? []).filter((v) => v && v.trim().length > 0 && v.trim().length <= 30);
    if (cells.length >= 2) return r;
  }
  return null;
}

/**
 * The one or two values a column repeats on every question row when they are not answers
 * (必須/推奨, Mandatory/Optional): a requirement level under an answer-like header (〜可否, 対応).
 * Not a requirement level: answer words (はい, ○, Yes), a column with a dropdown (the customer's
 * own list), a template default (placeholders.ts), long texts, or a column left mostly empty.
 */
function requirementLevel(sheet: SheetModel, rows: number[], col: number): string[] | null {
  if (rows.length < 3) return null;
  const values = rows.map((r) => cellText(sheet, r, col).trim()).filter((v) => v !== '');
  if (values.length < rows.length * 0.8) return null;
  const distinct = [...new Set(values)];
  if (distinct.length > 2 || distinct.some((v) => v.length > 12 || isAnswerWord(v))) return null;
  if (dominantChoices(sheet, rows, col).covered > 0 || placeholderValue(sheet, rows, col) !== null) return null;
  return distinct;
}

/**
 * Decision 2, the answer column: the override; else a named answer column (the one with a dropdown,
 * then the nearest) that is not a requirement level; else a dropdown column over the question rows;
 * else an empty neighbour of the question column (a guess, flagged) — never when the named answer
 * column turned out to be a requirement level (a requirements document has no answer column).
 */
function chooseAnswerColumn(inp: BlockInput, questionCol: number, headerRow: number | null, rows: number[], notOurs: Set<number>, levels: number[]): number | null {
  const { sheet, ov, kinds, block, notes } = inp;
  if (ov.answerCol !== undefined) return ov.answerCol;
  const named = columnsOfKind(kinds, 'answer').filter((c) => c !== questionCol && !levels.includes(c));
  if (named.length > 0) {
    // prefer the one with a dropdown, then the one closest to the question column
    return [...named].sort((a, b) => dominantChoices(sheet, rows, b).covered - dominantChoices(sheet, rows, a).covered || Math.abs(a - questionCol) - Math.abs(b - questionCol))[0] ?? null;
  }
  // content statistics: a dropdown column over the question rows, else an empty neighbour
  const width = Math.max(questionCol + 2, ...sheet.cells.slice(0, 200).map((r) => r.length));
  let bestDropdown: [number, number] | null = null;
  for (let c = Math.max(0, block.from); c < Math.min(width, block.to + 1); c++) {
    if (c === questionCol || notOurs.has(c)) continue;
    const covered = dominantChoices(sheet, rows, c).covered;
    if (covered > 0 && (!bestDropdown || covered > bestDropdown[1])) bestDropdown = [c, covered];
  }
  if (bestDropdown && bestDropdown[1] >= rows.length / 2) {
    const col = bestDropdown[0];
    notes.push(note('answer_by_dropdown', { column: columnLetters(col), choices: dominantChoices(sheet, rows, col).choices?.join(' / ') ?? '', covered: bestDropdown[1], rows: rows.length }, false));
    return col;
  }
  if (levels.length > 0 || (headerRow !== null && [...kinds.values()].some((k) => k === 'remarks'))) return null;
  const taken = new Set([...notOurs, ...[...kinds.entries()].filter(([, k]) => k === 'remarks' || k === 'reference').map(([c]) => c)]);
  for (const c of [questionCol + 1, questionCol - 1]) {
    if (c < 0 || taken.has(c) || !inBlock(block, c)) continue;
    if (emptyShare(sheet, rows, c) >= 0.8 && (headerRow === null || cellText(sheet, headerRow, c).trim() === '')) {
      notes.push(note('answer_by_empty_neighbour', { column: columnLetters(c), side: c > questionCol ? 'right' : 'left' }, true));
      return c;
    }
  }
  return null;
}

/**
 * Decision 3, the remarks column: the override; else the named remarks (then reference) column
 * nearest right of the answer column. In a sheet whose answer header named a requirement level
 * (a requirements document), a remarks column already holding text is the authors' own notes.
 */
function chooseRemarksColumn(inp: BlockInput, questionCol: number, answerCol: number | null, rows: number[], levels: number[]): number | null {
  const { sheet, ov, notes } = inp;
  if (ov.remarksCol !== undefined) return ov.remarksCol;
  const chosen = pickRemarksColumn(inp, questionCol, answerCol, rows);
  if (chosen === null || levels.length === 0 || answerCol !== null) return chosen;
  const filled = rows.filter((r) => cellText(sheet, r, chosen).trim() !== '').length;
  if (filled < Math.max(1, rows.length * 0.2)) return chosen;
  const header = inp.header ? cellText(sheet, inp.header.row, chosen).trim() : '';
  notes.push(note('remarks_are_authors_notes', { column: columnLetters(chosen), header, filled, rows: rows.length }, false));
  return null;
}

function pickRemarksColumn(inp: BlockInput, questionCol: number, answerCol: number | null, rows: number[]): number | null {
  const { sheet, kinds, notes } = inp;
  const used = new Set([questionCol, answerCol]);
  const anchor = answerCol ?? questionCol;
  const pick = (kind: ColumnKind) =>
    columnsOfKind(kinds, kind)
      .filter((c) => !used.has(c))
      // nearest to the right of the answer column first, then anything
      .sort((a, b) => (a > anchor ? 0 : 1) - (b > anchor ? 0 : 1) || Math.abs(a - anchor) - Math.abs(b - anchor))[0] ?? null;
  const remarksCol = pick('remarks') ?? pick('reference');
  if (remarksCol === null && answerCol !== null && choicesAt(sheet, rows[0] ?? 0, answerCol)) notes.push(note('no_remarks_column', {}, false));
  return remarksCol;
}

/**
 * Decision 4, overrides that contradict each other: a column chosen by hand that is the question
 * column (or both the answer and the remarks column) is a slip; every answer would be refused as
 * "cell not empty" or written twice into one cell. Say so instead of half-filling.
 */
function checkOverrideClashes(sheet: SheetModel, ov: LayoutOverrides, questionCol: number, answerCol: number | null): void {
  const clash = (field: 'answerColumn' | 'remarksColumn', col: number | undefined, other: number | null, what: string, whatJa: string) => {
    if (col !== undefined && col === other) {
      throw new AppError('invalid_override', { field, issue: `column ${columnLetters(col)} is the ${what} (sheet ${sheet.name})`, issueJa: `${columnLetters(col)} 列は${whatJa}です（シート ${sheet.name}）` });
    }
  };
  clash('answerColumn', ov.answerCol, questionCol, 'question column', '質問の列');
  clash('remarksColumn', ov.remarksCol, questionCol, 'question column', '質問の列');
  clash('remarksColumn', ov.remarksCol, answerCol, 'answer column', '回答の列');
}

/**
 * Decision 5, the row classes: every row of the sheet as a question, a section heading or neither.
 * A first section may sit above the first full header (HECVAT's "General Information" rows carry
 * IDs of the list's shape under a title row that names no column): rows above the header count
 * only when their ID has the dominant shape, so title blocks and instructions never do.
 */
function classifyRows(sheet: SheetModel, ctx: RowContext, start: number): { questionRows: number[]; sectionRows: number[] } {
  const id = ctx.id;
  const idShaped = (r: number) => id !== null && id.coverage >= 0.8 && cellText(sheet, r, id.col).trim() !== '' && idShape(cellText(sheet, r, id.col)) === id.shape && isIdLike(cellText(sheet, r, id.col));
  const questionRows: number[] = [];
  const sectionRows: number[] = [];
  for (let r = 0; r < rowCount(sheet); r++) {
    if (r < start && !idShaped(r)) continue;
    const kind = classifyRow(sheet, r, ctx);
    if (kind === 'question') questionRows.push(r);
    else if (kind === 'section') sectionRows.push(r);
  }
  return { questionRows, sectionRows };
}

/** One questionnaire block of a sheet: the five decisions above, in order, and the layout they make. */
function detectBlock(sheet: SheetModel, ov: LayoutOverrides, header: HeaderCandidate | null, kinds: Map<number, ColumnKind>, rejected: Map<number, string>, block: Block): SheetLayout | null {
  const inp: BlockInput = { sheet, ov, header, kinds, rejected, block, notes: [] };
  const q = chooseQuestionColumn(inp, header?.row ?? null);
  if (q === null) return null;
  const { questionCol, headerRow } = q;
  const overridden = ov.questionCol !== undefined || ov.answerCol !== undefined || ov.remarksCol !== undefined || ov.headerRow !== undefined;
  const detectedBy: SheetLayout['detectedBy'] = overridden ? 'override' : q.byContent ? 'content' : 'header';

  const headerRows = new Set<number>(header && headerRow === header.row && ov.headerRow === undefined ? repeatedHeaderRows(sheet, header) : headerRow === null ? [] : [headerRow]);
  if (headerRows.size > 1) inp.notes.push(note('repeated_headers', { count: headerRows.size }, false));
  const firstHeader = headerRows.size > 0 ? Math.min(...headerRows) : headerRow;
  const start = firstHeader === null ? 0 : firstHeader + 1;
  const baseCtx: RowContext = { questionCol, answerCol: null, headerRows, headerText: headerRow === null ? '' : cellText(sheet, headerRow, questionCol).trim(), id: null };

  // provisional rows (answer column and IDs unknown yet) to measure the other columns on
  const provisional: number[] = [];
  for (let r = start; r < rowCount(sheet); r++) if (classifyRow(sheet, r, baseCtx) === 'question') provisional.push(r);
  const id = idColumnOf(sheet, provisional, questionCol, columnsOfKind(kinds, 'id'));
  const ctx: RowContext = { ...baseCtx, id };
  const rows = provisional.filter((r) => classifyRow(sheet, r, ctx) === 'question');
  const notOurs = new Set([...kinds.entries()].filter(([, k]) => k === 'other_party' || k === 'id' || k === 'category' || k === 'question').map(([c]) => c));
  if (id) notOurs.add(id.col);

  const levels = ov.answerCol !== undefined ? [] : columnsOfKind(kinds, 'answer').filter((c) => c !== questionCol && requirementLevel(sheet, rows, c) !== null);
  for (const c of levels) {
    const header = headerRow === null ? '' : cellText(sheet, headerRow, c).trim();
    inp.notes.push(note('answer_is_requirement_level', { column: columnLetters(c), header, values: requirementLevel(sheet, rows, c)!.join(' / ') }, false));
  }
  const answerCol = chooseAnswerColumn(inp, questionCol, headerRow, rows, notOurs, levels);
  const remarksCol = chooseRemarksColumn(inp, questionCol, answerCol, rows, levels);
  checkOverrideClashes(sheet, ov, questionCol, answerCol);

  const dropdownRows = answerCol !== null && rows.length > 0 && dominantChoices(sheet, rows, answerCol).covered >= rows.length * 0.6;
  const { questionRows, sectionRows } = classifyRows(sheet, { ...ctx, answerCol, dropdownRows }, start);
  return {
    sheet: sheet.name,
    block: 0,
    headerRow,
    headerRows: [...headerRows].sort((a, b) => a - b),
    questionCol,
    idCol: id?.col ?? null,
    answerCol,
    remarksCol,
    answerChoices: answerCol === null ? null : dominantChoices(sheet, questionRows, answerCol).choices,
    language: languageOf(sheet, headerRow, questionCol, questionRows),
    detectedBy,
    questionRows,
    sectionRows,
    notes: inp.notes,
  };
}

export function noQuestionColumn(sheetsChecked: string[]): AppError {
  return new AppError('no_question_column', { sheetsChecked, lookedFor: HEADER_KEYWORDS.question, headerSearchRows: HEADER_SEARCH_ROWS });
}

/** 422: questions were found, but no sheet has a column to write the answers into. */
export function noAnswerColumn(skipped: SkippedSheet[]): AppError {
  return new AppError('no_answer_column', { skipped: skipped.map((k) => ({ sheet: k.sheet, reason: k.reason })) });
}

/** Why the sheet is not one to answer, or null when it is. Hidden sheets and explicit selection are handled by the caller. */
function notAQuestionnaire(sheet: SheetModel, layouts: SheetLayout[], ov: LayoutOverrides): SkippedSheet | null {
  const first = layouts[0];
  if (!first) return null;
  if (first.answerCol !== null && formulaShare(sheet, first.questionRows, first.answerCol) > 0.5) {
    return { sheet: sheet.name, reason: 'computed', detail: `Column ${columnLetters(first.answerCol)} is computed by formulas on most question rows: the sheet mirrors or scores answers given elsewhere.` };
  }
  if (ov.answerCol === undefined && ov.remarksCol === undefined && layouts.every((l) => l.answerCol === null && l.remarksCol === null)) {
    return { sheet: sheet.name, reason: 'no_answer_column', detail: `${first.questionRows.length} question rows, but no answer or remarks column next to them.` };
  }
  return null;
}

/** Share of a sheet's questions found on an earlier answered sheet above which it is a copy. */
const MIRROR_SHARE = 0.9;

/**
 * A sheet that repeats an earlier answered sheet's questions row for row (a "diff view", a copy
 * for printing) is the same questionnaire: answered once, on the first sheet.
 */
function mirrorOf(model: WorkbookModel, sheet: SheetModel, layouts: SheetLayout[], answered: SheetLayout[]): SkippedSheet | null {
  const texts = (s: SheetModel, l: SheetLayout) => l.questionRows.map((r) => cellText(s, r, l.questionCol).normalize('NFKC').replace(/\s+/g, ''));
  const own = layouts.flatMap((l) => texts(sheet, l));
  if (own.length < 3) return null;
  for (const other of answered) {
    const otherSheet = model.sheets.find((m) => m.name === other.sheet);
    if (!otherSheet || other.sheet === sheet.name) continue;
    const theirs = new Set(texts(otherSheet, other));
    const same = own.filter((t) => theirs.has(t)).length;
    if (same >= own.length * MIRROR_SHARE && isCopyOf(sheet, layouts[0]!, otherSheet, other)) {
      return { sheet: sheet.name, reason: 'mirror', detail: `${same} of its ${own.length} questions are those of sheet "${other.sheet}", answered there; choose it with "sheet" to answer it anyway.` };
    }
  }
  return null;
}

const COPY_NAME = /diff|差分|比較|copy|コピー|複製|\bview\b|印刷|変更点|changes|mirror/i;

/**
 * Same questions alone do not make a copy (MSTG's Android and iOS sheets ask the same requirements
 * of two apps, each with its own answers). A copy says so: its questions are formulas pointing at
 * the other sheet, or its name says diff/copy/view, or it lacks the dropdowns the original answers with.
 */
function isCopyOf(sheet: SheetModel, layout: SheetLayout, original: SheetModel, originalLayout: SheetLayout): boolean {
  if (formulaShare(sheet, layout.questionRows, layout.questionCol) > 0.5) return true;
  if (COPY_NAME.test(sheet.name) && !COPY_NAME.test(original.name)) return true;
  const dropdowns = (s: SheetModel, l: SheetLayout) => (l.answerCol === null ? 0 : dominantChoices(s, l.questionRows, l.answerCol).covered);
  return dropdowns(original, originalLayout) >= originalLayout.questionRows.length * 0.5 && dropdowns(sheet, layout) === 0;
}

/** A header cell naming the question column with nothing at all below it (a template not yet filled in), or null. */
function emptyQuestionHeader(sheet: SheetModel): { col: number; row: number } | null {
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, rowCount(sheet)); r++) {
    for (const c of columnsOfKind(headerKinds(sheet, r), 'question')) {
      if (columnContent(sheet, c, r + 1, rowCount(sheet)).filled === 0) return { col: c, row: r };
    }
  }
  return null;
}

export function detectLayout(model: WorkbookModel, ov: LayoutOverrides = {}): DetectResult {
  if (ov.sheet !== undefined && !model.sheets.some((s) => s.name === ov.sheet)) {
    const names = model.sheets.map((s) => s.name);
    throw new AppError('sheet_not_found', { sheet: ov.sheet, sheets: names });
  }
  const sheets: SheetLayout[] = [];
  const skipped: SkippedSheet[] = [];
  // question columns found (by header or override) with no question row under them: the error then names them
  const emptyColumns: Array<{ sheet: string; questionColumn: string; headerRow: number | null }> = [];
  let questionsSeen = false;
  for (const sheet of model.sheets) {
    const selected = ov.sheet === sheet.name;
    if (ov.sheet !== undefined && !selected) {
      skipped.push({ sheet: sheet.name, reason: 'not_selected' });
      continue;
    }
    // hidden sheets are kept in the file but never answered, unless explicitly selected
    if (sheet.hidden && !selected) {
      skipped.push({ sheet: sheet.name, reason: 'hidden' });
      continue;
    }
    // a single-sheet file (CSV, UTF-16 text) is the questionnaire whatever its name
    const nameMatch = !selected && model.sheets.length > 1 ? nameSaysNotQuestionnaire(sheet.name) : null;
    if (nameMatch) {
      skipped.push({ sheet: sheet.name, reason: 'not_questionnaire', detail: `The sheet name ("${nameMatch}") says it is not the questionnaire to answer; choose it with "sheet" to answer it anyway.` });
      continue;
    }
    // the sheet other sheets' dropdowns read their lists from: a lookup table, whatever its name
    if (!selected && model.sheets.length > 1 && model.listSources?.has(sheet.name)) {
      skipped.push({ sheet: sheet.name, reason: 'list_source', detail: 'Dropdowns of other sheets take their options from this sheet; choose it with "sheet" to answer it anyway.' });
      continue;
    }
    const detected = detectSheet(sheet, ov);
    const layouts = detected.filter((l) => l.questionRows.length > 0);
    if (layouts.length === 0) {
      const column = detected[0] ? { col: detected[0].questionCol, row: detected[0].headerRow } : emptyQuestionHeader(sheet);
      if (column) emptyColumns.push({ sheet: sheet.name, questionColumn: columnLetters(column.col), headerRow: column.row === null ? null : column.row + 1 });
      skipped.push({ sheet: sheet.name, reason: column ? 'no_question_rows' : 'no_question_column' });
      continue;
    }
    questionsSeen = true;
    const not = selected ? null : (notAQuestionnaire(sheet, layouts, ov) ?? mirrorOf(model, sheet, layouts, sheets));
    if (not) skipped.push(not);
    else sheets.push(...layouts);
  }
  if (sheets.length === 0) {
    if (questionsSeen) throw noAnswerColumn(skipped);
    // "no question column" would be wrong when the header (or the chosen column) was found: say the rows are missing
    if (emptyColumns.length > 0) throw new AppError('no_question_rows', { sheets: emptyColumns });
    throw noQuestionColumn(model.sheets.filter((s) => !s.hidden || s.name === ov.sheet).map((s) => s.name));
  }
  return { sheets, skipped };
}

/** Column letter for reports ("C"), or null. */
export function letter(col: number | null): string | null {
  return col === null ? null : columnLetters(col);
}
