// Answering: every question row goes through the same lookup as /api/lookup, then the result is
// turned into cell edits. Only official text is ever written: the unit's answer verbatim plus its
// citation, and a dropdown value mapped from the unit's own mark (○/△/×/-). Rows without a
// settled answer get a review marker that cannot be mistaken for an answer.
import { AppError, rowMessage, type RowMessage } from '../messages/error';
import { getUnit } from '../corpus/store';
import { unitChoiceProblem } from '../corpus/choice';
import type { Mark, Unit } from '../corpus/schema';
import { LookupRequestSchema, MAX_QUESTION_CHARS, questionForLookup, type Citation, type LookupResponse, type Match, type Note, type ParsedLookupRequest, type Verdict } from '../search/contract';
import { lookup } from '../search/lookup';
import { personPickedMatch } from '../approvals/apply';
import type { Language, SheetLayout } from './detect';
import { MAX_CELL_CHARS } from './limits';
import { decideChoice } from './choice';
import { cellText, choicesAt, columnLetters, isFormulaCell, isLockedCell, mergeAt, type SheetModel, type WorkbookModel } from './model';

/** At most this many alternates besides the best match, per row. */
export const MAX_ALTERNATES = 3;

export const REVIEW_MARKERS: Record<Language, Record<'no_match' | 'needs_review', string>> = {
  ja: {
    no_match: '【要確認】公開資料に該当する回答がありません',
    needs_review: '【要確認】公開資料の記載だけでは回答を確定できません',
  },
  en: {
    no_match: '[REVIEW NEEDED] No answer found in the published documents',
    needs_review: '[REVIEW NEEDED] The published documents do not settle this question',
  },
};

export { choiceForMark } from './choice';

export function citationLine(documentTitle: string, item: string, language: Language): string {
  return language === 'ja' ? `（出典: ${documentTitle} 項番 ${item}）` : `(Source: ${documentTitle}, item ${item})`;
}

/** The line added to the remarks when the dropdown is left for review but the cited text suggests a value. */
export function candidateLine(candidate: string, language: Language): string {
  return language === 'ja' ? `【要確認】回答欄の候補: ${candidate}（出典の記載から。確認のうえ選択してください）` : `[REVIEW NEEDED] Suggested answer: ${candidate} (from the cited text; check it and choose it in the answer column)`;
}

const CJK_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export interface CellEdit {
  sheet: string;
  r: number;
  c: number;
  text: string;
  /** A value taken from the cell's own dropdown list: written exactly as listed. */
  isChoice: boolean;
}

export type Selection = 'auto' | 'user' | 'cleared';

export interface RowResult {
  key: string;
  sheet: string;
  /** 1-based row (XLSX row number, CSV record number). */
  row: number;
  question: string;
  verdict: Verdict;
  best: Match | null;
  /** The match whose text the file gets: `best` when answered automatically, the person's choice, or null. */
  written: Match | null;
  alternates: Match[];
  confidence: number;
  citations: Citation[];
  notes: Note[];
  selection: Selection;
  /** What was written into the answer and remarks cells (null: left as it was). */
  filled: { answer: string | null; remarks: string | null };
  /** Why something was not written, or was changed (kept existing value, truncated …). */
  messages: RowMessage[];
}

export type Choices = ReadonlyMap<string, string>;

/** A layer over each row's lookup result (approved answers, src/approvals); identity by default. */
export type RefineLookup = (res: LookupResponse, req: ParsedLookupRequest) => LookupResponse;

/** "Sheet!12"; a second questionnaire block on the same sheet is keyed by its question cell, "Sheet!F12". */
export function rowKey(sheet: string, row1: number, questionCol?: number): string {
  return questionCol === undefined ? `${sheet}!${row1}` : `${sheet}!${columnLetters(questionCol)}${row1}`;
}

interface FillSource {
  unitId: string;
  heading: string;
  /** The unit's whole official answer: the per-product part alone loses its context (「製品別に下記になります」). */
  answer: string;
  mark: Mark | null;
  documentTitle: string;
  item: string;
  citation: Citation;
  /** The same unit as a Match (the row's `written`). */
  match: Match;
}

function fromMatch(m: Match): FillSource {
  return { unitId: m.id, heading: m.heading, answer: m.answer, mark: m.mark, documentTitle: m.documentTitle, item: m.item, citation: m.citation, match: m };
}

/** A unit picked by the user (an alternate, usually): validated against the corpus. */
function fromChosenUnit(unitId: string, product: string, matches: Match[], key: string): FillSource {
  const inMatches = matches.find((m) => m.id === unitId);
  if (inMatches) return fromMatch(inMatches);
  const unit = getUnit(unitId);
  const problem = unitChoiceProblem(unit, unitId, product, key);
  if (problem) throw problem;
  // Not among the lookup's matches: no score or matched terms, confidence 1 (a person picked it).
  return fromMatch(personPickedMatch(unit as Unit, undefined, product));
}

function isOurMarker(text: string): boolean {
  return text.startsWith('【要確認】') || text.startsWith('[REVIEW NEEDED]');
}

function fitCell(text: string, messages: RowMessage[]): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  messages.push(rowMessage('text_shortened', { maxChars: MAX_CELL_CHARS }));
  return `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
}

/**
 * Plans one write; refuses every cell that is the customer's: a formula (whatever its cached value,
 * an empty one included), a cell with content, a locked cell of a protected sheet, a cell hidden
 * inside a merge.
 */
function planWrite(sheet: SheetModel, r: number, c: number, text: string, isChoice: boolean, what: 'answer' | 'remarks', messages: RowMessage[], edits: CellEdit[]): boolean {
  const cell = `${columnLetters(c)}${r + 1}`;
  if (isFormulaCell(sheet, r, c)) {
    messages.push(rowMessage('cell_formula', { column: what, cell }));
    return false;
  }
  const existing = cellText(sheet, r, c).trim();
  if (existing !== '' && !isOurMarker(existing)) {
    messages.push(rowMessage('cell_not_empty', { column: what, cell }));
    return false;
  }
  if (isLockedCell(sheet, r, c)) {
    messages.push(rowMessage('cell_locked', { column: what, cell }));
    return false;
  }
  const merge = mergeAt(sheet, r, c);
  if (merge && (merge.s.r !== r || merge.s.c !== c)) {
    messages.push(rowMessage('cell_merged', { column: what, cell: `${columnLetters(c)}${r + 1}` }));
    return false;
  }
  const fitted = fitCell(text, messages);
  // the same marker already there (a filled file uploaded again): the cell holds it, but nothing is written
  if (existing !== '' && existing === fitted.trim()) return true;
  edits.push({ sheet: sheet.name, r, c, text: fitted, isChoice });
  return true;
}

export interface AnswerResult {
  rows: RowResult[];
  edits: CellEdit[];
  /** Japanese official text was cited for an English questionnaire (official text only: it is not translated). */
  japaneseInEnglish: boolean;
}

/**
 * Runs lookup for every question row of every detected sheet (identical questions once) and plans
 * the cell edits. `choices` maps row keys ("sheet!row") to a unit id or "clear".
 */
export function answerQuestionnaire(model: WorkbookModel, layouts: SheetLayout[], product: string, choices: Choices = new Map(), refine?: RefineLookup): AnswerResult {
  const rows: RowResult[] = [];
  const edits: CellEdit[] = [];
  const cache = new Map<string, LookupResponse>();
  const knownKeys = new Set<string>();
  let japaneseInEnglish = false;

  for (const layout of layouts) {
    const sheet = model.sheets.find((s) => s.name === layout.sheet);
    if (!sheet) continue;
    for (const r of layout.questionRows) {
      const question = cellText(sheet, r, layout.questionCol).trim();
      const key = layout.block > 0 ? rowKey(sheet.name, r + 1, layout.questionCol) : rowKey(sheet.name, r + 1);
      knownKeys.add(key);
      const { question: lookupQuestion, truncated } = questionForLookup(question);
      let res = cache.get(lookupQuestion);
      if (!res) {
        const req = LookupRequestSchema.parse({ question: lookupQuestion, product, limit: 1 + MAX_ALTERNATES });
        res = refine ? refine(lookup(req), req) : lookup(req);
        cache.set(lookupQuestion, res);
      }
      const best = res.matches[0] ?? null;
      const messages: RowMessage[] = [];
      if (truncated) messages.push(rowMessage('question_truncated', { maxChars: MAX_QUESTION_CHARS }));

      const chosen = choices.get(key);
      let selection: Selection = 'auto';
      let source: FillSource | null = null;
      if (chosen === 'clear') selection = 'cleared';
      else if (chosen !== undefined) {
        selection = 'user';
        source = fromChosenUnit(chosen, product, res.matches, key);
      } else if (res.verdict === 'answered' && best && best.hasAnswer) source = fromMatch(best);

      const filled: RowResult['filled'] = { answer: null, remarks: null };
      const lang = layout.language;
      if (source) {
        const textWithCitation = `${source.answer}\n${citationLine(source.documentTitle, source.item, lang)}`;
        let remarksText = textWithCitation;
        if (lang === 'en' && CJK_TEXT.test(source.answer)) japaneseInEnglish = true;
        const options = layout.answerCol === null ? null : choicesAt(sheet, r, layout.answerCol);
        if (layout.answerCol !== null) {
          let value: string | null = null;
          if (options || source.mark || layout.remarksCol !== null) {
            const decision = decideChoice(question, source, options, lang);
            value = decision.value;
            if (decision.reason) messages.push(rowMessage('choice_left_empty', { reason: decision.reason, option: decision.option ?? '' }));
            if (decision.candidate) remarksText = `${candidateLine(decision.candidate, lang)}\n${textWithCitation}`;
          }
          if (layout.remarksCol === null && !options) value = textWithCitation; // nowhere else to put the text
          if (value !== null && planWrite(sheet, r, layout.answerCol, value, options !== null && value !== textWithCitation, 'answer', messages, edits)) filled.answer = value;
        }
        if (layout.remarksCol !== null) {
          if (planWrite(sheet, r, layout.remarksCol, remarksText, false, 'remarks', messages, edits)) filled.remarks = remarksText;
        } else if (options) {
          messages.push(rowMessage('no_remarks_column'));
        }
        if (filled.answer === null && filled.remarks === null) messages.push(rowMessage('answered_not_written'));
      } else {
        const marker = REVIEW_MARKERS[lang][res.verdict === 'no_match' ? 'no_match' : 'needs_review'];
        if (layout.remarksCol !== null) {
          if (planWrite(sheet, r, layout.remarksCol, marker, false, 'remarks', messages, edits)) filled.remarks = marker;
        } else if (layout.answerCol !== null && !choicesAt(sheet, r, layout.answerCol)) {
          if (planWrite(sheet, r, layout.answerCol, marker, false, 'answer', messages, edits)) filled.answer = marker;
        }
      }

      rows.push({
        key,
        sheet: sheet.name,
        row: r + 1,
        question,
        verdict: res.verdict,
        best,
        written: source?.match ?? null,
        alternates: res.matches.slice(1, 1 + MAX_ALTERNATES),
        confidence: best?.confidence ?? 0,
        citations: source ? [source.citation] : [],
        notes: res.notes,
        selection,
        filled,
        messages,
      });
    }
  }

  for (const key of choices.keys()) {
    if (!knownKeys.has(key)) {
      throw new AppError('invalid_choices', { key, example: rows[0]?.key ?? 'Sheet1!7' });
    }
  }
  return { rows, edits, japaneseInEnglish };
}
