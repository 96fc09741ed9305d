// Text normalization of the source documents for display and citation (build time). Pure string
// code, no Node APIs. Search-side normalization is src/analysis/normalize.ts.
//
// Input convention: a single "\n" is a soft line break (where the PDF extraction wrapped a line),
// a blank line ("\n\n") is a hard paragraph break. Parsers drop blank lines that carry no meaning
// in their source (the PDF text puts one between every line) before calling normalizeText.
// Output: one paragraph, bullet or sentence-ending line per line, joined with "\n".

/** Han, kana, CJK symbols and punctuation, full-width forms (what a Japanese line is made of). */
export const CJK = /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE10-\uFE1F\uFE30-\uFE4F\uFF00-\uFFEF\u203B]/u;
/** Punctuation that never takes a space next to it in Japanese text. */
const CJK_PUNCT = /[\u3000-\u303F\u30FB\uFF0C\uFF0E\u203B]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Line starts that begin a new bullet or note, never a continuation of the previous line. */
const BULLET_START = /^(?:[・◆■●○〇▪•※]|[-－‐]\s)/u;
const SENTENCE_END = /[。！？!?]$/u;
/** «認証機関:…», «登録活動範囲:»: a line that opens with a short Japanese label is a record of its own. */
const LABEL_START = /^(?=[^:]*[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[^\s:、。,()]{1,12}:/u;
const OPEN_BRACKETS = '([{「『【〔';
const CLOSE_BRACKETS = ')]}」』】〕';

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}
/** Latin (or other alphabetic) letters and digits: words that need a space between them. */
function isLatinOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && !isCjk(ch) && LETTER_OR_DIGIT.test(ch);
}

/**
 * What goes between two wrapped lines of the same paragraph: "" when the PDF broke a Japanese
 * sentence (or a word) mid-way, " " between two Latin words, "\n" where the next line is a new
 * unit of text (bullet, indented entry, line after a full sentence, label lines like
 * "電子メール:x@y" followed by "電話:…").
 */
function softBreak(prev: string, prevIsEntry: boolean, next: string, nextIndented: boolean): string {
  if (prevIsEntry || nextIndented || BULLET_START.test(next) || LABEL_START.test(next)) return '\n';
  if (SENTENCE_END.test(prev)) return '\n';
  const a = prev[prev.length - 1];
  const b = next[0];
  if (isLatinOrDigit(a) && isCjk(b)) return '\n';
  if (!isCjk(a) && !isCjk(b)) return ' ';
  return '';
}

/** Removes the spaces PDF extraction put between Japanese characters and inside brackets. */
function removeArtefactSpaces(line: string): string {
  return line.replace(/(\S)[ \t]+(?=(\S))/gu, (match: string, left: string, right: string) => {
    const cjkPair = (isCjk(left) || CJK_PUNCT.test(left)) && (isCjk(right) || CJK_PUNCT.test(right));
    const touchesCjkPunct = CJK_PUNCT.test(left) || CJK_PUNCT.test(right);
    const insideBrackets = OPEN_BRACKETS.includes(left) || CLOSE_BRACKETS.includes(right);
    return cjkPair || touchesCjkPunct || insideBrackets ? left : match;
  });
}

/**
 * NFKC, PDF artefacts removed (spaces between CJK characters, lines broken mid-sentence),
 * whitespace collapsed, trimmed. Meaning-preserving: only whitespace and character forms change.
 */
export function normalizeText(s: string): string {
  const paragraphs = s
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00A0]*\n/);
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    let joined = '';
    let prevIsEntry = false;
    for (const rawLine of paragraph.split('\n')) {
      const line = rawLine.replace(/[\s\u00A0]+/gu, ' ').trim();
      if (line === '') continue;
      const indented = /^[ \t\u00A0]/u.test(rawLine);
      if (joined === '') joined = line;
      else joined += softBreak(joined.slice(joined.lastIndexOf('\n') + 1), prevIsEntry, line, indented) + line;
      // A bullet or indented entry is one line in these sources: what follows is a new line.
      prevIsEntry = indented || BULLET_START.test(line);
    }
    if (joined !== '') out.push(...joined.split('\n'));
  }
  return out
    .map((line) => removeArtefactSpaces(line).replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Markup that the xlsx/markdown conversion left in the check sheets: HTML tags (<p>, <br>,
 * <a href>…</a>), character entities (&amp;) and markdown autolinks (<https://…>). Links keep
 * their visible text. Run before normalizeText on sources converted from spreadsheets.
 */
export function decodeMarkup(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<(https?:\/\/[^\s<>]+)>/g, '$1')
    .replace(/<\/?(?:p|a|span|div|b|i|strong|em)(?:\s[^<>]*)?>/gi, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
      return NAMED_ENTITIES[code.toLowerCase()] ?? entity;
    });
}

/** Text compared regardless of whitespace and line breaks (for "occurs in the source" checks). */
export function compactText(s: string): string {
  return normalizeText(decodeMarkup(s)).replace(/\s+/g, '');
}
