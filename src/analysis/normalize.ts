// Search-side normalization, applied identically at index time (Node) and query time (Worker).
// Display text is normalized separately by ingestion; this one may lose case and long vowels.

const KATAKANA_RUN = /[\u30A1-\u30FA\u30FC]{3,}/g;

/**
 * NFKC, lowercase, and the JIS long-vowel rule for katakana words (サーバー → サーバ,
 * ユーザー → ユーザ): a trailing ー is dropped from katakana runs of 3+ characters, so either
 * spelling of a loanword finds the other.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(KATAKANA_RUN, (run) => (run.endsWith('ー') ? run.slice(0, -1) : run))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Token-level form of the same rule, for tokens cut out of a longer katakana run (ユーザー|アカウント). */
export function normalizeToken(token: string): string {
  const t = token.normalize('NFKC').toLowerCase();
  return /^[\u30A1-\u30FA\u30FC]{3,}$/.test(t) && t.endsWith('ー') ? t.slice(0, -1) : t;
}

export const isHiragana = (ch: string): boolean => /^[\u3041-\u309F]$/.test(ch);
export const isJapaneseChar = (ch: string): boolean => /^[\u3041-\u309F\u30A1-\u30FA\u30FC\u4E00-\u9FFF\u3400-\u4DBF\u3005]$/.test(ch);
const ALL_HIRAGANA = /^[\u3041-\u309F]+$/;
export const isAllHiragana = (s: string): boolean => ALL_HIRAGANA.test(s);
