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
import { timingFacts } from '../search/conflicts';
import { personPickedMatch } from '../approvals/apply';
import type { Language, SheetLayout } from './detect';
import { MAX_CELL_CHARS } from './limits';
import { asksForDatum, decideChoice } from './choice';
import { placeholdersOf } from './placeholders';
import type { PlaceholderColumn } from '../messages/catalog';
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
  /** TRUE/FALSE into a column of boolean defaults: written as a boolean cell (XLSX). */
  boolean?: boolean;
}

export type Selection = 'auto' | 'user' | 'cleared';

export interface RowResult {
  key: string;
  sheet: string;
  /** 1-based row (XLSX row number, CSV record number). */
  row: number;
  /** The customer's own ID of the question (its ID column: CAIQ "A&A-01.1", HECVAT "GNRL-01", a No.), when there is one. */
  id: string | null;
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

/** What a column's cells may be written over: nothing of the customer's, a template default only when asked. */
interface ColumnTarget {
  what: 'answer' | 'remarks';
  /** The default every question row holds in this column (placeholders.ts), or null. */
  placeholder: string | null;
  /** The caller asked to write over that default (overwritePlaceholders). */
  overwrite: boolean;
}

/**
 * Plans one write; refuses every cell that is the customer's: a formula (whatever its cached value,
 * an empty one included), a cell with content (a template's default too, unless the caller asked
 * to write over defaults), a locked cell of a protected sheet, a cell hidden inside a merge.
 */
function planWrite(sheet: SheetModel, r: number, c: number, text: string, kind: 'text' | 'choice' | 'boolean', target: ColumnTarget, messages: RowMessage[], edits: CellEdit[]): boolean {
  const { what } = target;
  const cell = `${columnLetters(c)}${r + 1}`;
  if (isFormulaCell(sheet, r, c)) {
    messages.push(rowMessage('cell_formula', { column: what, cell }));
    return false;
  }
  const existing = cellText(sheet, r, c).trim();
  const isPlaceholder = target.placeholder !== null && existing === target.placeholder;
  if (existing !== '' && !isOurMarker(existing) && !isPlaceholder) {
    messages.push(rowMessage('cell_not_empty', { column: what, cell }));
    return false;
  }
  if (isPlaceholder && !target.overwrite) {
    messages.push(rowMessage('cell_placeholder', { column: what, cell, value: existing }));
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
  if (existing !== '' && !isPlaceholder && existing === fitted.trim()) return true;
  if (isPlaceholder && existing === fitted.trim()) return true; // the default is already the answer
  if (isPlaceholder) messages.push(rowMessage('placeholder_overwritten', { column: what, cell, value: existing }));
  edits.push({ sheet: sheet.name, r, c, text: fitted, isChoice: kind !== 'text', ...(kind === 'boolean' ? { boolean: true } : {}) });
  return true;
}

/**
 * The answer cell's options: its dropdown; TRUE/FALSE for a column of boolean defaults (written as
 * booleans); none at all for a column of numeric defaults (a score, never a word); else null.
 */
function answerOptions(sheet: SheetModel, r: number, col: number, placeholder: string | null): { options: string[] | null; boolean: boolean } {
  const list = choicesAt(sheet, r, col);
  if (list) return { options: list, boolean: false };
  if (placeholder !== null && /^(true|false)$/i.test(placeholder)) return { options: ['TRUE', 'FALSE'], boolean: true };
  if (placeholder !== null && /^\d/.test(placeholder)) return { options: [], boolean: false };
  return { options: null, boolean: false };
}

/**
 * The row's answer cell already holds someone's answer (not empty, not our marker, not the
 * column's template default, not a formula): its cell reference, else null.
 */
function answeredByOthers(sheet: SheetModel, r: number, col: number, target: ColumnTarget): string | null {
  if (isFormulaCell(sheet, r, col)) return null;
  const existing = cellText(sheet, r, col).trim();
  if (existing === '' || isOurMarker(existing) || existing === target.placeholder) return null;
  return `${columnLetters(col)}${r + 1}`;
}

export interface AnswerOptions {
  /** Write over a column's template default (the same value on every question row); never over anything else. */
  overwritePlaceholders?: boolean;
  /** Markers and citation line in the filled file (default: both, the working file). */
  output?: OutputOptions;
}

export interface AnswerResult {
  rows: RowResult[];
  edits: CellEdit[];
  /** Japanese official text was cited for an English questionnaire (official text only: it is not translated). */
  japaneseInEnglish: boolean;
  /** Answer and remarks columns whose cells all hold one template default. */
  placeholders: PlaceholderColumn[];
  /**
   * How many cells the file gets for each choice a person can make on each row (row key → "auto",
   * "clear" or a unit id → cells), so the review's "cells to write" counter can follow the choices.
   * Computed on demand: only the web review needs it.
   */
  cellsByChoice(): Map<string, Record<string, number>>;
}

/** What goes into the file besides the official text: review markers and the citation line. */
export interface OutputOptions {
  /** 【要確認】 / [REVIEW NEEDED] markers on rows without an answer, and the dropdown's candidate line. */
  markers: boolean;
  /** The 「（出典: …）」 line under the official text. */
  citations: boolean;
}

/** The working file: markers and citations (the 提出用 file turns markers, and optionally citations, off). */
export const WORKING_FILE: OutputOptions = { markers: true, citations: true };

interface PlannedRow {
  filled: RowResult['filled'];
  messages: RowMessage[];
  japaneseInEnglish: boolean;
}

/** Where a row's cells go and what they may replace: the answer and remarks columns' targets (template default, overwrite or not). */
interface RowTargets {
  answer: ColumnTarget;
  remarks: ColumnTarget;
}

/**
 * Plans the cells of one row into `edits`: the official text of `source` (with the dropdown value
 * the unit's mark gives), or, with no source, the review marker — nothing at all when the person
 * cleared the row, the output has no markers, the row asks for the respondent's own datum, or
 * someone already answered it (another vendor, a colleague: nothing of ours goes beside it).
 */
function planRow(
  sheet: SheetModel,
  layout: SheetLayout,
  r: number,
  question: string,
  source: FillSource | null,
  row: { cleared: boolean; datum: boolean; verdict: Verdict },
  targets: RowTargets,
  output: OutputOptions,
  edits: CellEdit[],
): PlannedRow {
  const filled: RowResult['filled'] = { answer: null, remarks: null };
  const messages: RowMessage[] = [];
  let japaneseInEnglish = false;
  const lang = layout.language;
  const theirs = layout.answerCol === null ? null : answeredByOthers(sheet, r, layout.answerCol, targets.answer);
  if (theirs) {
    messages.push(rowMessage('cell_not_empty', { column: 'answer', cell: theirs }));
    if (source) messages.push(rowMessage('answered_not_written'));
  } else if (source) {
    const textWithCitation = output.citations ? `${source.answer}\n${citationLine(source.documentTitle, source.item, lang)}` : source.answer;
    let remarksText = textWithCitation;
    if (lang === 'en' && CJK_TEXT.test(source.answer)) japaneseInEnglish = true;
    const { options, boolean } = layout.answerCol === null ? { options: null, boolean: false } : answerOptions(sheet, r, layout.answerCol, targets.answer.placeholder);
    if (layout.answerCol !== null) {
      let value: string | null = null;
      if (options || source.mark || layout.remarksCol !== null) {
        const decision = decideChoice(question, source, options, lang);
        value = decision.value;
        if (decision.reason) messages.push(rowMessage('choice_left_empty', { reason: decision.reason, option: decision.option ?? '' }));
        if (decision.candidate && output.markers) remarksText = `${candidateLine(decision.candidate, lang)}\n${textWithCitation}`;
      }
      if (layout.remarksCol === null && !options) value = textWithCitation; // nowhere else to put the text
      const kind = options === null || value === textWithCitation ? 'text' : boolean ? 'boolean' : 'choice';
      if (value !== null && planWrite(sheet, r, layout.answerCol, value, kind, targets.answer, messages, edits)) filled.answer = value;
    }
    if (layout.remarksCol !== null) {
      if (planWrite(sheet, r, layout.remarksCol, remarksText, 'text', targets.remarks, messages, edits)) filled.remarks = remarksText;
    } else if (options) {
      messages.push(rowMessage('no_remarks_column'));
    }
    if (filled.answer === null && filled.remarks === null) messages.push(rowMessage('answered_not_written'));
  } else if (!row.cleared && !row.datum && output.markers) {
    const marker = REVIEW_MARKERS[lang][row.verdict === 'no_match' ? 'no_match' : 'needs_review'];
    if (layout.remarksCol !== null) {
      if (planWrite(sheet, r, layout.remarksCol, marker, 'text', targets.remarks, messages, edits)) filled.remarks = marker;
    } else if (layout.answerCol !== null && answerOptions(sheet, r, layout.answerCol, targets.answer.placeholder).options === null) {
      if (planWrite(sheet, r, layout.answerCol, marker, 'text', targets.answer, messages, edits)) filled.answer = marker;
    }
  }
  return { filled, messages, japaneseInEnglish };
}

/** The units a note names, as the person reads them: document title and item (never a raw id). */
function unitRef(id: string, matches: readonly Match[]): { unit: string; document: string; item: string } {
  const m = matches.find((x) => x.id === id);
  if (m) return { unit: id, document: m.documentTitle, item: m.item };
  const u = getUnit(id);
  return { unit: id, document: u?.documentTitle ?? id.split('#')[0] ?? id, item: u?.item ?? id.split('#')[1] ?? '' };
}

/**
 * Why a row is not answered automatically, in the catalog's words (src/messages/catalog.ts), from
 * the lookup's verdict and notes: no match, documents that disagree (with what each says), a best
 * unit without a disclosed answer, a form field, an English question, or a weak match.
 */
export function reviewReasons(res: Pick<LookupResponse, 'verdict' | 'notes' | 'matches'>, language: Language): RowMessage[] {
  if (res.verdict === 'no_match') return [rowMessage('reason_no_match')];
  const out: RowMessage[] = [];
  const conflict = res.notes.find((n) => n.kind === 'conflict');
  if (conflict) {
    const sides = conflict.units.map((id) => {
      const text = res.matches.find((m) => m.id === id)?.answer ?? getUnit(id)?.answer ?? '';
      return { ...unitRef(id, res.matches), says: timingFacts(text).join('・') };
    });
    out.push(rowMessage('reason_conflict', { sides }));
  }
  const undisclosed = res.notes.find((n) => n.kind === 'no_disclosed_answer');
  if (undisclosed?.units[0]) {
    const ref = unitRef(undisclosed.units[0], res.matches);
    out.push(rowMessage('reason_no_disclosed_answer', { document: ref.document, item: ref.item }));
  }
  if (res.notes.some((n) => n.kind === 'form_field')) out.push(rowMessage('reason_form_field'));
  if (language === 'en' || res.notes.some((n) => n.kind === 'translated')) out.push(rowMessage('reason_english_question'));
  if (out.length === 0 || (res.notes.some((n) => n.kind === 'weak_match') && !undisclosed)) out.push(rowMessage('reason_weak_match'));
  return out;
}

/**
 * Runs lookup for every question row of every detected sheet (identical questions once) and plans
 * the cell edits. `choices` maps row keys ("sheet!row") to a unit id or "clear".
 */
export function answerQuestionnaire(model: WorkbookModel, layouts: SheetLayout[], product: string, choices: Choices = new Map(), refine?: RefineLookup, opts: AnswerOptions = {}): AnswerResult {
  const rows: RowResult[] = [];
  const placeholders: PlaceholderColumn[] = [];
  const overwrite = opts.overwritePlaceholders === true;
  const edits: CellEdit[] = [];
  const output = opts.output ?? WORKING_FILE;
  const plans: { key: string; verdict: Verdict; sheet: SheetModel; layout: SheetLayout; r: number; question: string; datum: boolean; targets: RowTargets; candidates: Match[] }[] = [];
  const cache = new Map<string, LookupResponse>();
  const knownKeys = new Set<string>();
  let japaneseInEnglish = false;

  for (const layout of layouts) {
    const sheet = model.sheets.find((s) => s.name === layout.sheet);
    if (!sheet) continue;
    const found = placeholdersOf(sheet, layout);
    placeholders.push(...found.map(({ col: _col, ...p }) => p));
    const answerTarget: ColumnTarget = { what: 'answer', placeholder: found.find((p) => p.what === 'answer')?.value ?? null, overwrite };
    const remarksTarget: ColumnTarget = { what: 'remarks', placeholder: found.find((p) => p.what === 'remarks')?.value ?? null, overwrite };
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
      // "Solution Name", 「製品名」: a field for the respondent's own datum, never a product list or a company text
      const datum = chosen === undefined && asksForDatum(question);
      let selection: Selection = 'auto';
      let source: FillSource | null = null;
      if (chosen === 'clear') selection = 'cleared';
      else if (chosen !== undefined) {
        selection = 'user';
        source = fromChosenUnit(chosen, product, res.matches, key);
      } else if (datum) {
        messages.push(rowMessage('datum_field'));
      } else if (res.verdict === 'answered' && best && best.hasAnswer) source = fromMatch(best);

      const targets: RowTargets = { answer: answerTarget, remarks: remarksTarget };
      const planned = planRow(sheet, layout, r, question, source, { cleared: selection === 'cleared', datum, verdict: res.verdict }, targets, output, edits);
      messages.push(...planned.messages);
      if (planned.japaneseInEnglish) japaneseInEnglish = true;
      if (!datum && !(res.verdict === 'answered' && best?.hasAnswer)) messages.push(...reviewReasons(res, layout.language));
      const id = layout.idCol === null ? '' : cellText(sheet, r, layout.idCol).trim();

      rows.push({
        key,
        sheet: sheet.name,
        row: r + 1,
        id: id === '' ? null : id,
        question,
        verdict: res.verdict,
        best,
        written: source?.match ?? null,
        alternates: res.matches.slice(1, 1 + MAX_ALTERNATES),
        confidence: best?.confidence ?? 0,
        citations: source ? [source.citation] : [],
        notes: res.notes,
        selection,
        filled: planned.filled,
        messages,
      });
      plans.push({ key, verdict: res.verdict, sheet, layout, r, question, datum, targets, candidates: res.matches.slice(0, 1 + MAX_ALTERNATES) });
    }
  }

  for (const key of choices.keys()) {
    if (!knownKeys.has(key)) {
      throw new AppError('invalid_choices', { key, example: rows[0]?.key ?? 'Sheet1!7' });
    }
  }
  const cellsByChoice = () => {
    const out = new Map<string, Record<string, number>>();
    for (const p of plans) {
      const count = (source: FillSource | null) => {
        const scratch: CellEdit[] = [];
        planRow(p.sheet, p.layout, p.r, p.question, source, { cleared: false, datum: p.datum, verdict: p.verdict }, p.targets, output, scratch);
        return scratch.length;
      };
      const best = p.candidates[0];
      const cells: Record<string, number> = { clear: 0, auto: count(p.verdict === 'answered' && best?.hasAnswer ? fromMatch(best) : null) };
      for (const c of p.candidates) if (c.hasAnswer) cells[c.id] = count(fromMatch(c));
      out.set(p.key, cells);
    }
    return out;
  };
  return { rows, edits, japaneseInEnglish, placeholders, cellsByChoice };
}
