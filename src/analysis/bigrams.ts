// Character bigrams over Japanese runs: the recall safety net for words the tokenizer splits
// differently (or does not know), e.g. クラウド, 多要素認証. Same function at index and query time.
import { isHiragana, isJapaneseChar } from './normalize';

/** Bigrams of each run of Japanese characters; bigrams made only of hiragana (particles, okurigana) are dropped. */
export function japaneseBigrams(normalized: string): string[] {
  const out: string[] = [];
  const chars = [...normalized];
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i + 1 < run.length; i++) {
      const a = run[i]!;
      const b = run[i + 1]!;
      if (isHiragana(a) && isHiragana(b)) continue;
      out.push(a + b);
    }
    run = [];
  };
  for (const ch of chars) {
    if (isJapaneseChar(ch)) run.push(ch);
    else flush();
  }
  flush();
  return out;
}
