// When are two questions "the same question"? Exact: equal after normalization (NFKC, case,
// whitespace and punctuation removed), so 「データのバックアップは取得していますか。」 and
// 「データの バックアップは取得していますか？」 are one question. Similar: the Dice coefficient of
// the two questions' token sets (similarityTokens: Japanese character bigrams, other words whole)
// is at least SIMILAR_MIN_DICE. The threshold was set by approving labelled sets and probing with
// the others (npm run approvals:similarity, figures in docs/approvals.md): a similar approval is
// only ever a suggestion, never applied.

/**
 * Minimum Dice similarity for a `similar_approval` suggestion. At 0.8 no probe question from
 * another labelled set was suggested an approval whose units did not answer it (see docs/approvals.md).
 */
export const SIMILAR_MIN_DICE = 0.8;

const REMOVED = /[\s\p{P}]/gu;

/** The exact-match key of a question: NFKC, lower case, without whitespace and punctuation. */
export function questionKey(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(REMOVED, '');
}

/** Kana, kanji and the iteration/long-vowel marks: compared as character bigrams. */
const isCjk = (c: number) => (c >= 0x3041 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x3005;
/** Letters and digits of other scripts (after NFKC + lower case): compared as whole words. */
const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xac00 && c <= 0xd7af);

/**
 * The units two questions are compared on: character bigrams of Japanese runs (no spaces to split
 * on; bigrams need no dictionary) and whole words of other scripts (English shares so many
 * letter pairs that character bigrams of two unrelated CAIQ questions overlap by 80%).
 * A plain character loop: this runs for every approval when an isolate loads 10,000 of them.
 */
export function similarityTokens(question: string): string[] {
  const text = question.normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isCjk(c)) {
      let j = i + 1;
      while (j < text.length && isCjk(text.charCodeAt(j))) j++;
      if (j - i === 1) out.add(text[i]!);
      for (let k = i; k + 1 < j; k++) out.add(text.slice(k, k + 2));
      i = j;
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (j < text.length && isWordChar(text.charCodeAt(j)) && !isCjk(text.charCodeAt(j))) j++;
      out.add(`w:${text.slice(i, j)}`);
      i = j;
    } else i++;
  }
  return [...out];
}

export function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const x of b) if (set.has(x)) shared++;
  return (2 * shared) / (a.length + b.length);
}

/**
 * Finds the entries whose bigram sets reach a Dice threshold with a query, without comparing the
 * query to every entry (10,000 approvals must stay well under a millisecond). Prefix filtering
 * (as in set-similarity joins, AllPairs/PPJoin): Dice ≥ t needs an overlap of at least
 * α = ⌈t·|x| / (2 − t)⌉ bigrams, so an entry that shares none of the query's |x| − α + 1 rarest
 * bigrams cannot qualify; only the posting lists of those rare bigrams are read, then each
 * candidate is verified exactly.
 */
export class BigramSimilarityIndex {
  private readonly ids = new Map<string, number>();
  /**
   * Compact storage (10,000 approvals ≈ 600,000 token occurrences): the entries of token t are
   * postingData[postingStart[t] … postingStart[t + 1]), the tokens of entry e are
   * entryData[entryStart[e] … entryStart[e + 1]). Two typed arrays each, no per-list objects.
   */
  private readonly postingStart: Int32Array;
  private readonly postingData: Int32Array;
  private readonly entryStart: Int32Array;
  private readonly entryData: Int32Array;

  constructor(questions: readonly string[]) {
    const entryTokens: number[] = [];
    const entryStart = new Int32Array(questions.length + 1);
    const counts: number[] = [];
    questions.forEach((q, e) => {
      for (const g of similarityTokens(q)) {
        let id = this.ids.get(g);
        if (id === undefined) {
          id = counts.length;
          this.ids.set(g, id);
          counts.push(0);
        }
        counts[id]!++;
        entryTokens.push(id);
      }
      entryStart[e + 1] = entryTokens.length;
    });
    this.entryStart = entryStart;
    this.entryData = Int32Array.from(entryTokens);
    this.postingStart = new Int32Array(counts.length + 1);
    for (let t = 0; t < counts.length; t++) this.postingStart[t + 1] = this.postingStart[t]! + counts[t]!;
    this.postingData = new Int32Array(entryTokens.length);
    const fill = this.postingStart.slice(0, counts.length);
    for (let e = 0; e < questions.length; e++) {
      for (let k = entryStart[e]!; k < entryStart[e + 1]!; k++) this.postingData[fill[this.entryData[k]!]!++] = e;
    }
  }

  get size(): number {
    return this.entryStart.length - 1;
  }

  private postingCount(t: number): number {
    return this.postingStart[t + 1]! - this.postingStart[t]!;
  }

  /** Entry indexes with Dice ≥ `threshold`, best first. */
  search(question: string, threshold: number): { entry: number; similarity: number }[] {
    const grams = similarityTokens(question);
    if (grams.length === 0 || this.size === 0) return [];
    const known = new Set<number>();
    let unknown = 0;
    for (const g of grams) {
      const id = this.ids.get(g);
      if (id === undefined) unknown++;
      else known.add(id);
    }
    const alpha = Math.ceil((threshold * grams.length) / (2 - threshold) - 1e-9);
    const prefix = grams.length - alpha + 1;
    // Tokens no entry has are the rarest of all: they use up prefix slots without any postings.
    const probes = prefix - unknown;
    if (probes <= 0) return [];
    const rare = [...known].sort((a, b) => this.postingCount(a) - this.postingCount(b)).slice(0, probes);
    const candidates = new Set<number>();
    for (const t of rare) for (let k = this.postingStart[t]!; k < this.postingStart[t + 1]!; k++) candidates.add(this.postingData[k]!);
    const out: { entry: number; similarity: number }[] = [];
    for (const e of candidates) {
      const from = this.entryStart[e]!;
      const to = this.entryStart[e + 1]!;
      let shared = 0;
      for (let k = from; k < to; k++) if (known.has(this.entryData[k]!)) shared++;
      const similarity = (2 * shared) / (grams.length + (to - from));
      if (similarity >= threshold) out.push({ entry: e, similarity });
    }
    return out.sort((a, b) => b.similarity - a.similarity);
  }
}
