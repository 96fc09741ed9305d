// Layout detection: per visible sheet, the header row, the question / answer / remarks columns
// and which rows are questions. Header names decide first; content statistics (question-like
// text, dropdowns, empty columns next to the questions) fill in when headers are missing or
// unusual. Every choice can be overridden by the caller.
import { AppError } from '../messages/error';
import { HEADER_SEARCH_ROWS } from './limits';
import { cellText, choicesAt, columnLetters, mergeAt, type SheetModel, type WorkbookModel } from './model';

export type ColumnKind = 'question' | 'answer' | 'remarks' | 'reference' | 'id' | 'category';
export type Language = 'ja' | 'en';

export interface SheetLayout {
  sheet: string;
  /** 0-based; null when the sheet has no header row. */
  headerRow: number | null;
  questionCol: number;
  answerCol: number | null;
  remarksCol: number | null;
  /** Dropdown options of the answer column (the most common list over the question rows). */
  answerChoices: string[] | null;
  language: Language;
  detectedBy: 'header' | 'content' | 'override';
  /** 0-based rows holding a question, in sheet order. */
  questionRows: number[];
  /** 0-based rows recognised as section headings (「■ データ管理」, 「【第1章】」). */
  sectionRows: number[];
}

export interface SkippedSheet {
  sheet: string;
  reason: 'hidden' | 'no_question_column' | 'no_question_rows' | 'not_selected';
}

export interface DetectResult {
  sheets: SheetLayout[];
  skipped: SkippedSheet[];
}

/** Overrides as 0-based indexes (the route converts from 1-based rows / column letters). */
export interface LayoutOverrides {
  sheet?: string;
  headerRow?: number;
  questionCol?: number;
  answerCol?: number;
  remarksCol?: number;
}

/** What the header matcher looks for; also quoted in the "no question column" error. */
export const HEADER_KEYWORDS: Record<'question' | 'answer' | 'remarks' | 'reference', readonly string[]> = {
  question: ['確認項目', '質問', '確認事項', '質問内容', '質問事項', '設問', '項目', '要求事項', '確認内容', 'チェック項目', '評価項目', '内容', 'question', 'item', 'requirement', 'control', 'query'],
  answer: ['回答', '回答欄', '返答', '対応状況', '対応可否', '可否', '選択', '評価', '貴社回答', '御社回答', 'response', 'answer', 'reply', 'status', 'yes/no', 'compliance', 'compliant'],
  remarks: ['補足', '備考', '根拠', 'コメント', '説明', '特記', '詳細', 'comment', 'note', 'remark', 'explanation', 'detail', 'evidence', 'justification'],
  reference: ['参照', '出典', '資料', 'reference', 'source'],
};
const ID_HEADER = /^(no\.?|#|番号|項番|通番|項目番号|id|ref\.?|№|nr\.?)$/;
const CATEGORY_HEADER = /^(分類|カテゴリ|カテゴリー|区分|大項目|中項目|小項目|領域|分野|category|domain|area|section)$/;
/** When a header matches several lists, the more specific kind wins a tie of keyword length. */
const KIND_PRIORITY: Array<'remarks' | 'answer' | 'question' | 'reference'> = ['remarks', 'answer', 'question', 'reference'];

const HEADER_EDGE = new Set('※*＊()（）[]【】「」<>《》:：・');

function normalizeHeader(text: string): string {
  const h = text.normalize('NFKC').toLowerCase().replace(/[\s\u3000]+/g, '');
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
  if (h.length === 0 || h.length > 30) return null;
  if (ID_HEADER.test(h) || (h.length <= 8 && /(番号|no\.?|#|id|number)$/.test(h))) return 'id';
  if (CATEGORY_HEADER.test(h)) return 'category';
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
  return best?.kind ?? null;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const JA_QUESTION_END = /(か|か。|か？|か\?|ください|ください。|下さい|下さい。|ますか|ですか|こと。?|[?？])\s*$/;
const EN_QUESTION = /(\?\s*$)|^(do|does|is|are|has|have|how|what|which|when|where|who|why|can|could|will|would|describe|please|provide|list|explain|indicate|state)\b/i;
const SECTION_MARK = /^[■□◆◇▼▽▶►●◎【［\[＜<《〈]/;
const CHAPTER = /^(第\s*[0-9０-９一二三四五六七八九十百]+\s*[章節部編]|(section|chapter|part)\s+[0-9ivx]+\b)/i;

/** How much a cell looks like a question, 0–2. */
function questionLikeness(text: string): number {
  const t = text.trim();
  if (t.length < 6) return 0;
  if (JA_QUESTION_END.test(t) || EN_QUESTION.test(t)) return 2;
  return t.length >= 15 ? 1 : 0;
}

export function isSectionText(text: string): boolean {
  const t = text.trim();
  if (t.length > 60) return false;
  return (SECTION_MARK.test(t) || CHAPTER.test(t)) && questionLikeness(t) < 2;
}

interface HeaderCandidate {
  row: number;
  kinds: Map<number, ColumnKind>;
  score: number;
}

function headerCandidates(sheet: SheetModel, maxRow: number): HeaderCandidate[] {
  const out: HeaderCandidate[] = [];
  for (let r = 0; r < Math.min(maxRow, sheet.cells.length); r++) {
    const kinds = new Map<number, ColumnKind>();
    const row = sheet.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const kind = classifyHeader(row[c] ?? '');
      if (kind) kinds.set(c, kind);
    }
    const present = new Set(kinds.values());
    const score = (['question', 'answer', 'remarks'] as const).filter((k) => present.has(k)).length + (present.has('reference') ? 0.2 : 0) + (present.has('id') ? 0.2 : 0);
    if (score >= 1) out.push({ row: r, kinds, score });
  }
  return out;
}

function columnsOfKind(kinds: Map<number, ColumnKind>, kind: ColumnKind): number[] {
  return [...kinds.entries()].filter(([, k]) => k === kind).map(([c]) => c);
}

function rowCount(sheet: SheetModel): number {
  return sheet.cells.length;
}

/** Column whose cells below `from` look most like questions (content statistics). */
function questionColumnByContent(sheet: SheetModel, from: number, exclude: Set<number>): number | null {
  const scores = new Map<number, number>();
  for (let r = from; r < rowCount(sheet); r++) {
    const row = sheet.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      if (exclude.has(c)) continue;
      const s = questionLikeness(row[c] ?? '');
      if (s > 0) scores.set(c, (scores.get(c) ?? 0) + s);
    }
  }
  let best: [number, number] | null = null;
  for (const [c, s] of scores) if (!best || s > best[1]) best = [c, s];
  return best && best[1] >= 3 ? best[0] : null;
}

function isQuestionRow(sheet: SheetModel, r: number, layout: Pick<SheetLayout, 'questionCol' | 'answerCol' | 'headerRow'>, headerText: string): 'question' | 'section' | 'other' {
  const text = cellText(sheet, r, layout.questionCol).trim();
  if (text.length === 0) {
    // a heading in another column (「■ データ管理」 in column A) is a section row, never a question
    const row = sheet.cells[r] ?? [];
    return row.some((v) => isSectionText(v ?? '')) ? 'section' : 'other';
  }
  const merge = mergeAt(sheet, r, layout.questionCol);
  if (merge && (merge.s.r !== r || merge.s.c !== layout.questionCol)) return 'other'; // continuation of a merged cell
  if (merge && layout.answerCol !== null && merge.s.c <= layout.answerCol && merge.e.c >= layout.answerCol) return 'section'; // spans the answer column: a title band
  if (isSectionText(text)) return 'section';
  if (/^[\d０-９.．\-‐－ ]+$/.test(text)) return 'other';
  if (text.length < 2) return 'other';
  if (headerText && text === headerText) return 'other'; // repeated header on a printed page break
  return 'question';
}

function languageOf(sheet: SheetModel, headerRow: number | null, questionCol: number, rows: number[]): Language {
  if (headerRow !== null && CJK.test(cellText(sheet, headerRow, questionCol))) return 'ja';
  const sample = rows.slice(0, 50);
  if (sample.length === 0) return 'ja';
  const ja = sample.filter((r) => CJK.test(cellText(sheet, r, questionCol))).length;
  return ja * 2 >= sample.length ? 'ja' : 'en';
}

function emptyShare(sheet: SheetModel, rows: number[], col: number): number {
  if (rows.length === 0) return 1;
  return rows.filter((r) => cellText(sheet, r, col).trim() === '').length / rows.length;
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

function detectSheet(sheet: SheetModel, ov: LayoutOverrides): SheetLayout | null {
  const candidates = headerCandidates(sheet, HEADER_SEARCH_ROWS);
  let headerRow: number | null = null;
  let kinds = new Map<number, ColumnKind>();
  let detectedBy: SheetLayout['detectedBy'] = 'header';

  if (ov.headerRow !== undefined) {
    headerRow = ov.headerRow;
    kinds = candidates.find((c) => c.row === headerRow)?.kinds ?? new Map();
  } else {
    // best header: one that names a question column, most kinds named, earliest on ties
    const withQuestion = candidates.filter((c) => columnsOfKind(c.kinds, 'question').length > 0);
    const pool = withQuestion.length > 0 ? withQuestion : candidates;
    const best = pool.reduce<HeaderCandidate | null>((b, c) => (!b || c.score > b.score ? c : b), null);
    if (best) {
      headerRow = best.row;
      kinds = best.kinds;
    }
  }

  const from = headerRow === null ? 0 : headerRow + 1;
  let questionCol: number | null = ov.questionCol ?? null;
  if (questionCol === null) {
    const named = columnsOfKind(kinds, 'question');
    if (named.length === 1) questionCol = named[0] ?? null;
    else if (named.length > 1) {
      // several "…項目" headers: the one with the longest texts below holds the questions
      const avgLen = (c: number) => {
        let total = 0;
        for (let r = from; r < rowCount(sheet); r++) total += cellText(sheet, r, c).trim().length;
        return total;
      };
      questionCol = named.reduce((a, b) => (avgLen(b) > avgLen(a) ? b : a));
    }
  }
  if (questionCol === null) {
    const exclude = new Set([...kinds.entries()].filter(([, k]) => k !== 'question').map(([c]) => c));
    questionCol = questionColumnByContent(sheet, from, exclude);
    if (questionCol === null) return null;
    detectedBy = 'content';
    if (headerRow === null) {
      // header = the last row above the first question-like cell with at least two short cells
      let firstQ = -1;
      for (let r = 0; r < rowCount(sheet) && firstQ < 0; r++) if (questionLikeness(cellText(sheet, r, questionCol)) > 0) firstQ = r;
      for (let r = firstQ - 1; r >= 0 && r >= firstQ - 5; r--) {
        const cells = (sheet.cells[r] ?? []).filter((v) => v && v.trim().length > 0 && v.trim().length <= 30);
        if (cells.length >= 2) {
          headerRow = r;
          break;
        }
      }
    }
  }
  if (ov.questionCol !== undefined || ov.answerCol !== undefined || ov.remarksCol !== undefined || ov.headerRow !== undefined) detectedBy = 'override';

  const headerText = headerRow === null ? '' : cellText(sheet, headerRow, questionCol).trim();
  const start = headerRow === null ? 0 : headerRow + 1;
  // provisional rows (answer column unknown yet) to measure the other columns on
  const provisional: number[] = [];
  for (let r = start; r < rowCount(sheet); r++) {
    if (isQuestionRow(sheet, r, { questionCol, answerCol: null, headerRow }, headerText) === 'question') provisional.push(r);
  }

  let answerCol: number | null = ov.answerCol ?? null;
  if (answerCol === null) {
    const named = columnsOfKind(kinds, 'answer').filter((c) => c !== questionCol);
    if (named.length > 0) {
      // prefer the one with a dropdown, then the one closest to the question column
      answerCol = [...named].sort((a, b) => dominantChoices(sheet, provisional, b).covered - dominantChoices(sheet, provisional, a).covered || Math.abs(a - questionCol) - Math.abs(b - questionCol))[0] ?? null;
    }
  }
  if (answerCol === null) {
    // content statistics: a dropdown column over the question rows, else an empty neighbour
    const width = Math.max(questionCol + 2, ...sheet.cells.slice(0, 200).map((r) => r.length));
    let bestDropdown: [number, number] | null = null;
    for (let c = 0; c < width; c++) {
      if (c === questionCol) continue;
      const covered = dominantChoices(sheet, provisional, c).covered;
      if (covered > 0 && (!bestDropdown || covered > bestDropdown[1])) bestDropdown = [c, covered];
    }
    if (bestDropdown && bestDropdown[1] >= provisional.length / 2) answerCol = bestDropdown[0];
    else {
      const taken = new Set([...kinds.entries()].filter(([, k]) => k === 'id' || k === 'category' || k === 'remarks' || k === 'reference').map(([c]) => c));
      for (const c of [questionCol + 1, questionCol - 1]) {
        if (c < 0 || taken.has(c)) continue;
        if (emptyShare(sheet, provisional, c) >= 0.8) {
          answerCol = c;
          break;
        }
      }
    }
  }

  let remarksCol: number | null = ov.remarksCol ?? null;
  if (remarksCol === null) {
    const used = new Set([questionCol, answerCol]);
    const pick = (kind: ColumnKind) => {
      const cols = columnsOfKind(kinds, kind).filter((c) => !used.has(c));
      // nearest to the right of the answer column first, then anything
      const anchor = answerCol ?? questionCol;
      return cols.sort((a, b) => (a > anchor ? 0 : 1) - (b > anchor ? 0 : 1) || Math.abs(a - anchor) - Math.abs(b - anchor))[0] ?? null;
    };
    remarksCol = pick('remarks') ?? pick('reference');
  }

  const layoutBase = { questionCol, answerCol, headerRow };
  const questionRows: number[] = [];
  const sectionRows: number[] = [];
  for (let r = start; r < rowCount(sheet); r++) {
    const kind = isQuestionRow(sheet, r, layoutBase, headerText);
    if (kind === 'question') questionRows.push(r);
    else if (kind === 'section') sectionRows.push(r);
  }
  const answerChoices = answerCol === null ? null : dominantChoices(sheet, questionRows, answerCol).choices;
  return {
    sheet: sheet.name,
    headerRow,
    questionCol,
    answerCol,
    remarksCol,
    answerChoices,
    language: languageOf(sheet, headerRow, questionCol, questionRows),
    detectedBy,
    questionRows,
    sectionRows,
  };
}

export function noQuestionColumn(sheetsChecked: string[]): AppError {
  return new AppError('no_question_column', { sheetsChecked, lookedFor: HEADER_KEYWORDS.question, headerSearchRows: HEADER_SEARCH_ROWS });
}

export function detectLayout(model: WorkbookModel, ov: LayoutOverrides = {}): DetectResult {
  if (ov.sheet !== undefined && !model.sheets.some((s) => s.name === ov.sheet)) {
    const names = model.sheets.map((s) => s.name);
    throw new AppError('sheet_not_found', { sheet: ov.sheet, sheets: names });
  }
  const sheets: SheetLayout[] = [];
  const skipped: SkippedSheet[] = [];
  for (const sheet of model.sheets) {
    if (ov.sheet !== undefined && sheet.name !== ov.sheet) {
      skipped.push({ sheet: sheet.name, reason: 'not_selected' });
      continue;
    }
    // hidden sheets are kept in the file but never answered, unless explicitly selected
    if (sheet.hidden && ov.sheet !== sheet.name) {
      skipped.push({ sheet: sheet.name, reason: 'hidden' });
      continue;
    }
    const layout = detectSheet(sheet, ov);
    if (!layout) skipped.push({ sheet: sheet.name, reason: 'no_question_column' });
    else if (layout.questionRows.length === 0) skipped.push({ sheet: sheet.name, reason: 'no_question_rows' });
    else sheets.push(layout);
  }
  if (sheets.length === 0) {
    throw noQuestionColumn(model.sheets.filter((s) => !s.hidden || s.name === ov.sheet).map((s) => s.name));
  }
  return { sheets, skipped };
}

/** Column letter for reports ("C"), or null. */
export function letter(col: number | null): string | null {
  return col === null ? null : columnLetters(col);
}
