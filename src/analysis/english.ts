// English words as the question library indexes them and as an English question is matched
// against it: lowercased words, stop words left out (generic words such as «data» stay: idf
// weighs them, and «where is data stored» needs them), Porter-stemmed
// (the `stemmer` package: a maintained, dependency-free Porter stemmer, rather than a hand-rolled
// one), so "encrypted", "encryption" and "encrypt" meet. Both sides use this one function.
import { stemmer } from 'stemmer';
import { isStopword } from './stopwords';

/** Stems carry a prefix so that an English stem never meets a Japanese index word of the same spelling (ＩＳＭＳ vs isms). */
export const englishTerm = (stem: string): string => `e:${stem}`;

/** One English word (lowercase) as the library indexes it. */
export const englishWordTerm = (word: string): string => englishTerm(stemmer(word));

export function englishStems(text: string): string[] {
  const out: string[] = [];
  for (const m of text
    .normalize('NFKC')
    .toLowerCase()
    .matchAll(/[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*/g)) {
    const w = m[0].replace(/'s$/, '');
    if (w.length < 2 || isStopword(w)) continue;
    out.push(englishWordTerm(w));
  }
  return out;
}
