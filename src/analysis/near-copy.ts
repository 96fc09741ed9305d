// The measure that keeps the question library blind to the labelled rows (issue 17): two texts
// are near-copies when the Dice coefficient of their bigram sets is at least NEAR_COPY_DICE.
// Bigrams of characters for Japanese (no tokenizer needed; a copy keeps the character sequence),
// bigrams of words for English (character bigrams call any two sentences about «security
// awareness training of all employees» copies, since English shares letter pairs so widely).
// Texts are NFKC-folded and lowercased; spaces and punctuation go, so a copy that only changes
// 、 to , or adds a question mark is still a copy.
export const NEAR_COPY_DICE = 0.6;

function bigramSet(text: string): Set<string> {
  const folded = text.normalize('NFKC').toLowerCase();
  const s = /[\u3041-\u30FF\u4E00-\u9FFF]/.test(folded) ? [...folded.replace(/[\s\p{P}\p{S}]/gu, '')] : (folded.match(/[\p{L}\p{N}]+/gu) ?? []);
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(`${s[i]!} ${s[i + 1]!}`);
  if (s.length === 1) out.add(s[0]!);
  return out;
}

function setDice(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return (2 * both) / (x.size + y.size);
}

export function bigramDice(a: string, b: string): number {
  return setDice(bigramSet(a), bigramSet(b));
}

/** Pairs (library text, labelled text) that are near-copies. */
export function nearCopies(library: readonly string[], labelled: readonly string[], threshold = NEAR_COPY_DICE): { library: string; labelled: string; dice: number }[] {
  const ls = labelled.map((t) => ({ t, g: bigramSet(t) }));
  const out: { library: string; labelled: string; dice: number }[] = [];
  for (const q of library) {
    const g = bigramSet(q);
    if (g.size === 0) continue;
    for (const l of ls) {
      // Dice cannot reach the threshold when one set is far smaller than the other: skip the count.
      if (l.g.size === 0 || Math.min(g.size, l.g.size) < threshold * Math.max(g.size, l.g.size) * 0.5) continue;
      const dice = setDice(g, l.g);
      if (dice >= threshold) out.push({ library: q, labelled: l.t, dice });
    }
  }
  return out;
}
