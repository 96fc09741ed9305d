// Answering: every question row goes through the same lookup as /api/lookup, then the result is
// turned into cell edits. Only official text is ever written: the unit's answer verbatim plus its
// citation, and a dropdown value mapped from the unit's own mark (○/△/×/-). Rows without a
// settled answer get a review marker that cannot be mistaken for an answer.
import { AppError, rowMessage, type RowMessage } from '../messages/error';
import { getUnit } from '../corpus/store';
import type { Mark, MarkValue, Unit } from '../corpus/schema';
import { LookupRequestSchema, MAX_QUESTION_CHARS, questionForLookup, type Citation, type LookupResponse, type Match, type Note, type Verdict } from '../search/contract';
import { citationFor, lookup } from '../search/lookup';
import type { Language, SheetLayout } from './detect';
import { MAX_CELL_CHARS } from './limits';
import { cellText, choicesAt, columnLetters, mergeAt, type SheetModel, type WorkbookModel } from './model';

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

/** Answer-column words used when the column has no dropdown of its own. */
const DEFAULT_CHOICE: Record<Language, Record<MarkValue, string>> = {
  ja: { yes: 'はい', partial: '一部対応', no: 'いいえ', na: '該当なし' },
  en: { yes: 'Yes', partial: 'Partial', no: 'No', na: 'N/A' },
};

/** Dropdown options that mean each mark, compared after NFKC + lower case + no spaces. */
const CHOICE_SYNONYMS: Record<MarkValue, readonly string[]> = {
  yes: ['はい', '○', '〇', '◯', 'yes', 'y', '対応', '対応済', '対応済み', '対応可', '有', 'あり', '有り', '実施', '実施済', '実施済み', '可', 'true'],
  partial: ['一部対応', '△', '一部', '部分対応', '一部実施', '一部可', '条件付き', 'partial', 'partially', 'partlyyes'],
  no: ['いいえ', '×', '✕', 'x', 'no', 'n', '未対応', '非対応', '無', 'なし', '無し', '不可', '未実施', 'false'],
  na: ['該当なし', '-', '―', '‐', 'ー', '—', 'n/a', 'na', 'notapplicable', '対象外', '該当しない', '非該当', '該当無し'],
};

function normChoice(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\u3000]+/g, '');
}

/** The option of the cell's own dropdown that means `mark`, or null when none fits. */
export function choiceForMark(mark: MarkValue, options: readonly string[]): string | null {
  const wanted = new Set(CHOICE_SYNONYMS[mark].map(normChoice));
  return options.find((o) => wanted.has(normChoice(o))) ?? null;
}

export function citationLine(documentTitle: string, item: string, language: Language): string {
  return language === 'ja' ? `（出典: ${documentTitle} 項番 ${item}）` : `(Source: ${documentTitle}, item ${item})`;
}

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

export function rowKey(sheet: string, row1: number): string {
  return `${sheet}!${row1}`;
}

interface FillSource {
  unitId: string;
  /** The unit's whole official answer: the per-product part alone loses its context (「製品別に下記になります」). */
  answer: string;
  mark: Mark | null;
  documentTitle: string;
  item: string;
  citation: Citation;
}

function fromUnit(unit: Unit): FillSource {
  return { unitId: unit.id, answer: unit.answer, mark: unit.mark, documentTitle: unit.documentTitle, item: unit.item, citation: citationFor(unit) };
}

function fromMatch(m: Match): FillSource {
  return { unitId: m.id, answer: m.answer, mark: m.mark, documentTitle: m.documentTitle, item: m.item, citation: m.citation };
}

/** A unit picked by the user (an alternate, usually): validated against the corpus. */
function fromChosenUnit(unitId: string, product: string, matches: Match[], key: string): FillSource {
  const inMatches = matches.find((m) => m.id === unitId);
  if (inMatches) return fromMatch(inMatches);
  const unit = getUnit(unitId);
  if (!unit) {
    throw new AppError('unknown_unit', { key, unitId });
  }
  if (!unit.products.includes(product)) {
    throw new AppError('unit_not_for_product', { key, unitId, product });
  }
  if (!unit.hasAnswer) {
    throw new AppError('unit_without_answer', { key, unitId });
  }
  return fromUnit(unit);
}

function isOurMarker(text: string): boolean {
  return text.startsWith('【要確認】') || text.startsWith('[REVIEW NEEDED]');
}

function fitCell(text: string, messages: RowMessage[]): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  messages.push(rowMessage('text_shortened', { maxChars: MAX_CELL_CHARS }));
  return `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
}

/** Plans one write; refuses cells that hold the customer's own content or hide inside a merge. */
function planWrite(sheet: SheetModel, r: number, c: number, text: string, isChoice: boolean, what: 'answer' | 'remarks', messages: RowMessage[], edits: CellEdit[]): boolean {
  const existing = cellText(sheet, r, c).trim();
  if (existing !== '' && !isOurMarker(existing)) {
    messages.push(rowMessage('cell_not_empty', { column: what, cell: `${columnLetters(c)}${r + 1}` }));
    return false;
  }
  const merge = mergeAt(sheet, r, c);
  if (merge && (merge.s.r !== r || merge.s.c !== c)) {
    messages.push(rowMessage('cell_merged', { column: what, cell: `${columnLetters(c)}${r + 1}` }));
    return false;
  }
  edits.push({ sheet: sheet.name, r, c, text: fitCell(text, messages), isChoice });
  return true;
}

export interface AnswerResult {
  rows: RowResult[];
  edits: CellEdit[];
}

/**
 * Runs lookup for every question row of every detected sheet (identical questions once) and plans
 * the cell edits. `choices` maps row keys ("sheet!row") to a unit id or "clear".
 */
export function answerQuestionnaire(model: WorkbookModel, layouts: SheetLayout[], product: string, choices: Choices = new Map()): AnswerResult {
  const rows: RowResult[] = [];
  const edits: CellEdit[] = [];
  const cache = new Map<string, LookupResponse>();
  const knownKeys = new Set<string>();

  for (const layout of layouts) {
    const sheet = model.sheets.find((s) => s.name === layout.sheet);
    if (!sheet) continue;
    for (const r of layout.questionRows) {
      const question = cellText(sheet, r, layout.questionCol).trim();
      const key = rowKey(sheet.name, r + 1);
      knownKeys.add(key);
      const { question: lookupQuestion, truncated } = questionForLookup(question);
      let res = cache.get(lookupQuestion);
      if (!res) {
        res = lookup(LookupRequestSchema.parse({ question: lookupQuestion, product, limit: 1 + MAX_ALTERNATES }));
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
        if (layout.answerCol !== null) {
          const options = choicesAt(sheet, r, layout.answerCol);
          let value: string | null = null;
          if (source.mark) {
            value = options ? choiceForMark(source.mark.value, options) : DEFAULT_CHOICE[lang][source.mark.value];
            if (value === null) messages.push(rowMessage('no_matching_choice', { mark: source.mark.printed }));
          } else if (options) {
            messages.push(rowMessage('no_mark'));
          }
          if (layout.remarksCol === null && !options) value = textWithCitation; // nowhere else to put the text
          if (value !== null && planWrite(sheet, r, layout.answerCol, value, options !== null && value !== textWithCitation, 'answer', messages, edits)) filled.answer = value;
        }
        if (layout.remarksCol !== null) {
          if (planWrite(sheet, r, layout.remarksCol, textWithCitation, false, 'remarks', messages, edits)) filled.remarks = textWithCitation;
        } else if (layout.answerCol !== null && choicesAt(sheet, r, layout.answerCol)) {
          messages.push(rowMessage('no_remarks_column'));
        }
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
  return { rows, edits };
}
