// Query-time word segmentation without a dictionary. The index build (Node, kuromoji) emits a
// lexicon: every surface form kuromoji produced on the corpus, mapped to its normalized base form
// (or to null for function words). At query time a longest match against that lexicon reproduces
// kuromoji's tokens for corpus vocabulary; stretches it does not cover go to Intl.Segmenter('ja'),
// which workerd ships (ICU), so unknown words still count as words (and as unanswered terms).
import { isAllHiragana, normalizeToken } from './normalize';
import { isStopword } from './stopwords';

/** surface (search-normalized) → base form(s), space-separated for compounds cut into parts, or null for a non-content word. */
export type LexiconEntries = Record<string, string | null>;

const LATIN_OR_DIGIT = /[a-z0-9]/;
const KANJI = /[\u4E00-\u9FFF]/;
const LATIN_RUN = /^[a-z0-9][a-z0-9._-]*[a-z0-9]|^[a-z0-9]/;

/** Content-word filter shared by the index analyzer and the query segmenter. */
export function keepContentToken(token: string): boolean {
  if (token.length === 0 || isStopword(token)) return false;
  if (/^[0-9.]+$/.test(token)) return token.length >= 5; // ISO 27001 yes, 7 / 2013 no
  // Single characters (日, 間, 国, a) are too ambiguous to be words of their own; bigrams cover them.
  if ([...token].length === 1) return false;
  if (isAllHiragana(token) && token.length <= 2) return false;
  return /[\p{L}\p{N}]/u.test(token);
}

/** Latin/digit runs are tokenized the same way at index and query time (kuromoji splits them oddly). */
export function latinTokens(run: string): string[] {
  return run.split(/[^a-z0-9]+/).filter(Boolean);
}

export class LexiconSegmenter {
  private readonly entries: Map<string, string | null>;
  /** Key lengths (in characters, longest first) per first character: the only lengths worth trying. */
  private readonly lengthsByFirstChar = new Map<string, number[]>();
  private readonly segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

  constructor(entries: LexiconEntries) {
    this.entries = new Map(Object.entries(entries));
    for (const k of this.entries.keys()) {
      const chars = [...k];
      const lengths = this.lengthsByFirstChar.get(chars[0]!) ?? [];
      if (!lengths.includes(chars.length)) lengths.push(chars.length);
      this.lengthsByFirstChar.set(chars[0]!, lengths);
    }
    for (const lengths of this.lengthsByFirstChar.values()) lengths.sort((a, b) => b - a);
  }

  /** Content-word base forms of a search-normalized text, in order. */
  words(normalized: string): string[] {
    const chars = [...normalized];
    const out: string[] = [];
    let unknown = '';
    const flushUnknown = () => {
      if (unknown) out.push(...this.segmentUnknown(unknown));
      unknown = '';
    };
    let i = 0;
    while (i < chars.length) {
      const ch = chars[i]!;
      if (LATIN_OR_DIGIT.test(ch)) {
        flushUnknown();
        const m = LATIN_RUN.exec(chars.slice(i, i + 64).join(''))!;
        for (const t of latinTokens(m[0])) if (keepContentToken(t)) out.push(t);
        i += m[0].length;
        continue;
      }
      if (!/[\p{L}\p{N}]/u.test(ch)) {
        flushUnknown();
        i++;
        continue;
      }
      let matched = 0;
      for (const len of this.lengthsByFirstChar.get(ch) ?? []) {
        if (i + len > chars.length) continue;
        const key = len === 1 ? ch : chars.slice(i, i + len).join('');
        if (len === 1 && isAllHiragana(key)) break; // single kana are not reliable words
        if (this.entries.has(key)) {
          // A lone kanji the corpus only uses as an affix (形 of 形式, 入 of 入退室) does not
          // end a word the lexicon does not know: 利用形態 keeps 形態, an unknown word, rather
          // than losing it to 形 (affix) + 態 (a single character, dropped).
          if (len === 1 && this.entries.get(key) === null && KANJI.test(ch) && (KANJI.test(unknown.slice(-1)) || this.startsUnknownKanji(chars, i + 1))) break;
          flushUnknown();
          const bases = this.entries.get(key);
          if (bases) for (const base of bases.split(' ')) if (keepContentToken(base)) out.push(base);
          matched = len;
          break;
        }
      }
      if (matched) i += matched;
      else {
        unknown += ch;
        i++;
      }
    }
    flushUnknown();
    return out;
  }

  /** Whether the character at `i` is a kanji no lexicon entry starts with. */
  private startsUnknownKanji(chars: readonly string[], i: number): boolean {
    const ch = chars[i];
    return ch !== undefined && KANJI.test(ch) && !this.lengthsByFirstChar.has(ch);
  }

  private segmentUnknown(text: string): string[] {
    const out: string[] = [];
    for (const seg of this.segmenter.segment(text)) {
      if (!seg.isWordLike) continue;
      const t = normalizeToken(seg.segment);
      if (keepContentToken(t) && !(t.length === 1 && !/[\u4E00-\u9FFF]/.test(t))) out.push(t);
    }
    return out;
  }
}
