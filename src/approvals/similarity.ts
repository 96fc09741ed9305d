// When are two questions "the same question"? Exact: equal after normalization (NFKC, case,
// whitespace and punctuation removed), so 「データのバックアップは取得していますか。」 and
// 「データの バックアップは取得していますか？」 are one question. Similar: the Dice coefficient of
// the two normalized questions' character-bigram sets is at least SIMILAR_MIN_DICE. Bigrams work
// for Japanese (no spaces) and English alike and need no dictionary; the threshold was set by
// approving the labelled dev set and probing with the other sets (scripts/approvals-similarity.ts,
// figures in docs/approvals.md): a similar approval is only ever a suggestion, never applied.

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

/** Distinct character bigrams of a key (a one-character key is its own single "bigram"). */
export function keyBigrams(key: string): string[] {
  const chars = [...key];
  if (chars.length < 2) return chars.length ? [key] : [];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
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
  private readonly postings: number[][] = [];
  private readonly entries: Int32Array[] = [];

  constructor(keys: readonly string[]) {
    for (const key of keys) {
      const grams = keyBigrams(key).map((g) => {
        let id = this.ids.get(g);
        if (id === undefined) {
          id = this.postings.length;
          this.ids.set(g, id);
          this.postings.push([]);
        }
        return id;
      });
      const entry = this.entries.length;
      for (const g of grams) this.postings[g]!.push(entry);
      this.entries.push(Int32Array.from(grams));
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Entry indexes with Dice ≥ `threshold`, best first. */
  search(key: string, threshold: number): { entry: number; similarity: number }[] {
    const grams = keyBigrams(key);
    if (grams.length === 0 || this.entries.length === 0) return [];
    const known = new Set<number>();
    let unknown = 0;
    for (const g of grams) {
      const id = this.ids.get(g);
      if (id === undefined) unknown++;
      else known.add(id);
    }
    const alpha = Math.ceil((threshold * grams.length) / (2 - threshold) - 1e-9);
    const prefix = grams.length - alpha + 1;
    // Bigrams no entry has are the rarest of all: they use up prefix slots without any postings.
    const probes = prefix - unknown;
    if (probes <= 0) return [];
    const rare = [...known].sort((a, b) => this.postings[a]!.length - this.postings[b]!.length).slice(0, probes);
    const candidates = new Set<number>();
    for (const g of rare) for (const e of this.postings[g]!) candidates.add(e);
    const out: { entry: number; similarity: number }[] = [];
    for (const e of candidates) {
      const grams2 = this.entries[e]!;
      let shared = 0;
      for (const g of grams2) if (known.has(g)) shared++;
      const similarity = (2 * shared) / (grams.length + grams2.length);
      if (similarity >= threshold) out.push({ entry: e, similarity });
    }
    return out.sort((a, b) => b.similarity - a.similarity);
  }
}
