// The dropdown value of an answered row (Yes / No / N/A, はい / いいえ / 該当なし, Pass / Fail,
// ○ / × / －): what the cited unit itself states, never a default "Yes". The unit's mark is the
// vendor's own verdict on its own item; its first sentence says whether the thing is done
// (「有り」「…しております」) or not (「無し」「行っておりません」「非対応」「非公開」). When the mark and
// the text disagree, when the question is worded negatively ("Do you prohibit…", "Have you had
// any breaches…") or is not a yes/no question at all, the choice is left empty for a person and
// the candidate is named in the remarks instead. An English question answered from Japanese text
// only ever gets a suggestion: across languages nothing confirms the statement is about the question.
import type { Mark, MarkValue } from '../corpus/schema';
import type { ChoiceReason } from '../messages/catalog';
import type { Language } from './detect';

export type Polarity = MarkValue;

/** Dropdown options that mean each value, compared after NFKC + lower case + no spaces. */
const CHOICE_SYNONYMS: Record<MarkValue, readonly string[]> = {
  yes: ['はい', '○', '〇', '◯', 'yes', 'y', '対応', '対応済', '対応済み', '対応可', '有', 'あり', '有り', '実施', '実施済', '実施済み', '可', 'true', 'pass', '適合', 'compliant', 'markascompliant'],
  partial: ['一部対応', '△', '一部', '部分対応', '一部実施', '一部可', '条件付き', 'partial', 'partially', 'partlyyes'],
  no: ['いいえ', '×', '✕', 'x', 'no', 'n', '未対応', '非対応', '無', 'なし', '無し', '不可', '未実施', 'false', 'fail', '不適合', 'noncompliant', 'non-compliant'],
  na: ['該当なし', '-', '―', '‐', 'ー', '—', '－', 'n/a', 'na', 'notapplicable', '対象外', '該当しない', '非該当', '該当無し'],
};

/** Answer-column words used when the column has no dropdown of its own. */
export const DEFAULT_CHOICE: Record<Language, Record<MarkValue, string>> = {
  ja: { yes: 'はい', partial: '一部対応', no: 'いいえ', na: '該当なし' },
  en: { yes: 'Yes', partial: 'Partial', no: 'No', na: 'N/A' },
};

function normChoice(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '');
}

/** The option of the cell's own dropdown that means `value`, or null when none fits. */
export function choiceForMark(value: MarkValue, options: readonly string[]): string | null {
  const wanted = new Set(CHOICE_SYNONYMS[value].map(normChoice));
  return options.find((o) => wanted.has(normChoice(o))) ?? null;
}

/** A value that answers yes/no/partial/N/A in some spelling (はい, ○, Yes, 対応, 該当なし…). */
export function isAnswerWord(value: string): boolean {
  return (Object.keys(CHOICE_SYNONYMS) as MarkValue[]).some((v) => choiceForMark(v, [value]) !== null);
}

// The statement's leading word (the METI/MIC check sheets answer 「有り …」「無し …」) or the
// predicate of a sentence.
const LEADING_NO = /^(無し|なし|無|非対応|非公開|未対応|未実施|不可)(?=$|[\s　。、（(])/u;
const LEADING_YES = /^(有り|あり|有|対応済み?|実施済み?|可)(?=$|[\s　。、（(])/u;
const LEADING_NA = /^(該当なし|該当無し|対象外|-|－|―)(?=$|[\s　。、（(])/u;
const NEGATIVE = /(ません|無し|なし|非対応|非公開|未対応|不可|ていない|していない)/u;
/** 「…しておりませんが、…」: a negative clause conceded before something else is said. */
const CONCESSIVE_NEGATIVE = /(ません|無し|なし|非対応|非公開|未対応|ていない)(が|けれど|けど)/u;
const NEGATIVE_END = /(ません|無し|なし|非対応|非公開|未対応|不可|ていない|していない)(でした)?[。．.)）]*$/u;
/** "…となっております", "…です": a description, not a statement that something is done. */
const COPULA_END = /(となっております|となっています|になっております|になっています|となります|になります|です)[。．.)）]*$/u;
const POSITIVE_END = /(ます|可能です|有り|あり)[。．.)）]*$/u;
/**
 * 「…報告書は非公開とさせていただいております」「…は非対応としております」: a negative state said
 * politely. The sentence ends in おります, yet it says the thing is not done.
 */
const NEGATIVE_STATE_END = /(非公開|非開示|非対応|未対応|未実施|不可)(と|に)(させて(いただいて|頂いて)|して|なって)(おり|い)ます[。．.)）]*$/u;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[。])|\n/)
    .map((s) => s.trim().replace(/^[・\s　]+/, ''))
    .filter((s) => s.length > 0);
}

/** The polarity a sentence states: done (yes), not done (no), or nothing clear (null). */
export function sentencePolarity(sentence: string): Polarity | null {
  const s = sentence.trim();
  if (LEADING_NA.test(s)) return 'na';
  if (LEADING_NO.test(s)) return 'no';
  if (LEADING_YES.test(s)) return 'yes';
  if (NEGATIVE_END.test(s) || NEGATIVE_STATE_END.test(s)) return 'no';
  if (COPULA_END.test(s) && !/可能です[。．.]?$/.test(s)) return null;
  // 「…しておりませんが、…公開しております」: a negative clause inside a positive sentence is not a clear yes
  if (POSITIVE_END.test(s)) return NEGATIVE.test(s) ? null : 'yes';
  return null;
}

/** What the unit's own text states (its leading word, else its first sentence). */
export function statementPolarity(answer: string): Polarity | null {
  const first = sentences(answer)[0];
  return first === undefined ? null : sentencePolarity(first);
}

/** Character bigrams of the kanji / katakana / latin runs: enough to tell which sentence a question is about. */
function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  // 開示 and 公開 name the same point (「開示していますか」 ↔ 「非公開とさせていただいております」)
  for (const run of text
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('開示', '公開')
    .match(/[\p{Script=Han}\p{Script=Katakana}ーa-z0-9]+/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/** Bigrams a Japanese question must share with the cited sentence (or heading) before its polarity is carried over. */
const MIN_SHARED_BIGRAMS = 2;

// Questions whose "Yes" means something bad happened, or that are negated: the polarity of the
// cited statement cannot be carried over without reading the sentence.
const NEGATED_OR_EVENT_EN = /\b(not|never|without|breach\w*|violation\w*|incidents?|lawsuits?|litigation|fines?|penalt\w*|outages?|disruptions?)\b/i;
const NEGATED_OR_EVENT_JA = /ない(か|です|でしょう)|ません(か|でしょう)|違反|事故|漏えい|漏洩|侵害|訴訟|罰金|障害の発生|停止の実績/;
// Questions about a restricting measure ("Do you prevent…", 「…防止」): the unit's own verdict on that
// measure (its mark, its 有り/無し) carries over; a sentence's predicate may be about the restricted thing.
const MEASURE_EN = /\b(prohibit\w*|forbid\w*|disallow\w*|prevent\w*|restrict\w*|block\w*|deny|denies|refuse\w*)\b/i;
const MEASURE_JA = /禁止|制限|防止|抑止|遮断|拒否/;
// Questions asking for information, not a yes/no: "Describe…", "教えてください".
const OPEN_QUESTION_EN = /^(describe|explain|list|provide|state|specify|what|which|how|when|where|who|why|please\s+(describe|explain|list|provide))\b/i;
// 「などの」「何らかの」 contain どの / 何 but ask nothing: excluded by look-around
const INTERROGATIVE_WORD_JA = /何(?!らか)|(?<!な)どの|いつ|どこ|誰|どれ|いくつ/;
const OPEN_QUESTION_JA = new RegExp(`(教えて|記載して|記入して|説明して|ご記入|お書き|ご教示)(ください|下さい)|${INTERROGATIVE_WORD_JA.source}`);
// A short form-field label ("Solution Provider Contact Phone Number", "Country of Company Headquarters"):
// no question mark, no verb in front, and a noun naming a piece of information. It asks for that
// information, never yes/no (a control topic such as "Multi-factor authentication" keeps yes/no).
const FIELD_NOUN_EN = /\b(names?|titles?|e-?mail|phone|telephone|fax|numbers?|address(es)?|country|countries|locations?|headquarters|description|dates?|urls?|websites?|contacts?|versions?|owner(ship)?|size|count)\b/i;
const LEADING_VERB_EN = /^(do|does|did|is|are|was|were|has|have|had|can|could|will|would|shall|should|may|must|verify|ensure|confirm)\b/i;
function isFieldLabel(q: string): boolean {
  return !/[?？]/.test(q) && !/[\u3040-\u30ff\u3400-\u9fff]/.test(q) && !LEADING_VERB_EN.test(q) && q.split(/\s+/).length <= 8 && FIELD_NOUN_EN.test(q);
}
/** A name or a fact of the respondent's own organization or product ("Solution Name", 「会社名」). */
const DATUM_EN = /\b(names?|e-?mail|phone|telephone|fax|address(es)?|country|headquarters|websites?|urls?|contacts?|dates?|titles?)\b/i;
const DATUM_JA = /(会社名|企業名|法人名|製品名|サービス名|ソリューション名|名称|氏名|担当者|部署|連絡先|住所|所在地|電話|メール|URL|ホームページ|設立|資本金|従業員数|代表者|記入日|回答日)/;

/**
 * A form field asking for a name or a fact about the respondent ("Solution Name", "Vendor Contact
 * Email", 「製品名」「ご担当者」): never answered from the published documents — a product list or a
 * company description is not the answer a person types there.
 */
export function asksForDatum(question: string): boolean {
  const q = question.trim();
  if (isFieldLabel(q)) return DATUM_EN.test(q);
  // a short Japanese label without a question ending: 「製品名」「ご担当者様の連絡先」
  return q.length <= 20 && !JA_QUESTION_LIKE.test(q) && DATUM_JA.test(q);
}
const JA_QUESTION_LIKE = /(か|か。|ください|下さい|こと)[。？?]?$|[?？]/;

const YES_NO_SENTENCE_JA = /(ますか|ですか|ませんか)[。？?）)]*$/;

/** "データのバックアップは取得していますか。取得頻度を教えてください。": the first part is still a yes/no question. */
function hasYesNoPart(q: string): boolean {
  return q
    .split(/(?<=[。？?])|(?=[（(])/)
    .map((p) => p.trim())
    .some((p) => (YES_NO_SENTENCE_JA.test(p) && !INTERROGATIVE_WORD_JA.test(p)) || /^(do|does|is|are|has|have|can|will|would)\b[^?]*\?/i.test(p));
}

export type QuestionShape = 'yes_no' | 'measure' | 'negative' | 'open';

export function questionShape(question: string): QuestionShape {
  const q = question.trim();
  if ((OPEN_QUESTION_EN.test(q) || OPEN_QUESTION_JA.test(q) || isFieldLabel(q)) && !hasYesNoPart(q)) return 'open';
  if (NEGATED_OR_EVENT_EN.test(q) || NEGATED_OR_EVENT_JA.test(q)) return 'negative';
  if (MEASURE_EN.test(q) || MEASURE_JA.test(q)) return 'measure';
  return 'yes_no';
}

export interface ChoiceDecision {
  /** The value to write (an option of the dropdown, or the default word), or null: left for review. */
  value: string | null;
  /** What the cited text suggests when the value is left empty ("No"), for the remarks; null when nothing is suggested. */
  candidate: string | null;
  /** Why the value was left empty (a catalog code), or null. */
  reason: ChoiceReason | null;
  /** The option the reason names (no_option), when there is one. */
  option?: string;
}

/**
 * Chooses the answer-column value for an answered row from the cited unit's mark and text.
 * `options` is the cell's dropdown (null: free column, default words in the sheet's language).
 */
export function decideChoice(question: string, unit: { heading?: string; answer: string; mark: Mark | null }, options: readonly string[] | null, language: Language): ChoiceDecision {
  const word = (v: MarkValue): string | null => (options ? choiceForMark(v, options) : DEFAULT_CHOICE[language][v]);
  const label = (v: MarkValue) => word(v) ?? DEFAULT_CHOICE[language][v];
  const leave = (reason: ChoiceReason, candidate: MarkValue | null = null): ChoiceDecision => ({ value: null, candidate: candidate ? label(candidate) : null, reason, ...(candidate ? { option: label(candidate) } : {}) });

  const shape = questionShape(question);
  if (shape === 'open') return leave('open_question');
  if (shape === 'negative') return leave('negative_question');

  // The unit's own verdict: its mark, or its leading 有り/無し/該当なし.
  const all = sentences(unit.answer);
  const leading = all[0] !== undefined && (LEADING_NA.test(all[0]) || LEADING_NO.test(all[0]) || LEADING_YES.test(all[0])) ? sentencePolarity(all[0]) : null;
  const verdict = unit.mark?.value ?? leading;

  // Across languages nothing shows that the cited statement is about what the question asks (a ○
  // on a loosely related unit is not a "Yes"): the value is only suggested, never chosen.
  if (language !== 'ja') return leave('cross_language', verdict ?? statementPolarity(unit.answer));

  const qGrams = bigrams(question);
  const point = sentenceAbout(qGrams, all);
  const headingShared = shared(qGrams, bigrams(unit.heading ?? ''));
  const related = shared(qGrams, bigrams(`${unit.heading ?? ''} ${unit.answer}`)) >= MIN_SHARED_BIGRAMS;
  if (verdict) return fromVerdict(verdict, point, headingShared, related, shape, leave, word);
  // No mark or leading word: the predicate of the sentence about the question's point.
  if (shape === 'measure') return leave('measure_question');
  if (point.conflicting) return leave('no_statement');
  const stated = point.polarity;
  if (stated === null) return leave('no_statement');
  if (point.shared < MIN_SHARED_BIGRAMS) return leave('no_sentence_overlap', stated);
  const w = word(stated);
  return w ? { value: w, candidate: null, reason: null } : leave('no_option', stated);
}

/** The sentence of the unit about the question's point: most shared bigrams, and what it states. */
interface PointSentence {
  polarity: Polarity | null;
  shared: number;
  /** 「…しておりませんが、…」: the sentence concedes a no before saying something else. */
  concedesNo: boolean;
  /** Several sentences share the most wording and state opposite things: nothing is settled. */
  conflicting: boolean;
}

function sentenceAbout(qGrams: Set<string>, all: string[]): PointSentence {
  let best: PointSentence = { polarity: null, shared: 0, concedesNo: false, conflicting: false };
  for (const s of all) {
    const n = shared(qGrams, bigrams(s));
    const polarity = sentencePolarity(s);
    const concedesNo = CONCESSIVE_NEGATIVE.test(s);
    if (n > best.shared) best = { polarity, shared: n, concedesNo, conflicting: false };
    else if (n === best.shared && n > 0) {
      const a = best.concedesNo ? 'no' : best.polarity;
      const b = concedesNo ? 'no' : polarity;
      if ((a === 'yes' && b === 'no') || (a === 'no' && b === 'yes')) best = { ...best, conflicting: true };
      else if (best.polarity === null && polarity !== null) best = { ...best, polarity, concedesNo };
    }
  }
  return best;
}

/**
 * A unit with its own verdict (a mark, a leading 有り/無し): the verdict answers the unit's heading
 * (the requirement). When a sentence of the answer is more about the question's point than the
 * heading is, that sentence decides, not the mark: ○ on 「独立したレビュー…」 with 「脆弱性診断報告書は
 * 非公開とさせていただいております」 does not make 「報告書を開示していますか」 a yes.
 */
function fromVerdict(
  verdict: MarkValue,
  point: PointSentence,
  headingShared: number,
  related: boolean,
  shape: QuestionShape,
  leave: (reason: ChoiceReason, candidate?: MarkValue | null) => ChoiceDecision,
  word: (v: MarkValue) => string | null,
): ChoiceDecision {
  const yesNo = (v: Polarity | null | undefined): v is 'yes' | 'no' => v === 'yes' || v === 'no';
  const aboutSays = point.concedesNo ? 'no' : point.polarity;
  const onPoint = point.shared >= MIN_SHARED_BIGRAMS;
  // the sentence about the point is more about the question than the requirement the mark answers
  const pointIsSentence = onPoint && point.shared > headingShared;
  if (onPoint && point.conflicting && yesNo(verdict)) return leave('mark_text_disagree');
  if (onPoint && yesNo(verdict) && yesNo(aboutSays) && aboutSays !== verdict) {
    // a plain 「…は非公開とさせていただいております」 about the point answers it; a concession does not
    if (pointIsSentence && aboutSays === 'no' && !point.concedesNo && shape === 'yes_no') {
      const w = word('no');
      if (w) return { value: w, candidate: null, reason: null };
    }
    return leave('mark_text_disagree', aboutSays);
  }
  if (pointIsSentence && verdict === 'yes' && point.polarity === null) return leave('no_statement', verdict);
  if (!related) return leave('unrelated_unit', verdict);
  const w = word(verdict);
  return w ? { value: w, candidate: null, reason: null } : leave('no_option', verdict);
}
