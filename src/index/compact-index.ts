// The MiniSearch index as the search artifact carries it (SEARCH_ARTIFACT_FORMAT 3). MiniSearch's own
// toJSON() writes each term's postings as nested objects ({fieldId: {shortDocId: frequency}}); bundled
// as a JSON module, they become millions of small heap objects that all live at once while
// MiniSearch.loadJS copies them into its maps (at the 10× corpus: 38 MB next to the loaded index).
// Here each term's postings are one flat number array, and MiniSearch gets them back in its own
// shape one term at a time: loadJS only iterates `index` (for…of), so a generator serves.
// The order of terms, fields and documents is kept exactly, so the loaded index is the same.
import type { AsPlainObject } from 'minisearch';

/** `[term, postings]`; postings, per field: fieldId, n, then n × (shortDocId, termFrequency). */
export type CompactPostings = [term: string, postings: number[]];
export type CompactIndex = Omit<AsPlainObject, 'index'> & { index: CompactPostings[] };

/** Build time: MiniSearch.toJSON() → the compact form. */
export function compactIndex(js: AsPlainObject): CompactIndex {
  const index = js.index.map(([term, fields]): CompactPostings => {
    const postings: number[] = [];
    for (const [fieldId, docs] of Object.entries(fields)) {
      const entries = Object.entries(docs);
      postings.push(Number(fieldId), entries.length);
      for (const [doc, frequency] of entries) postings.push(Number(doc), frequency);
    }
    return [term, postings];
  });
  return { ...js, index };
}

/** Load time: the compact form → what MiniSearch.loadJS takes, its index expanded lazily. */
export function expandIndex(compact: CompactIndex): AsPlainObject {
  // The type says array; loadJS only iterates it (minisearch 7.x), so one term's objects at a time.
  return { ...compact, index: expandPostings(compact.index) as unknown as AsPlainObject['index'] };
}

function* expandPostings(index: readonly CompactPostings[]): Generator<[string, Record<string, Record<string, number>>]> {
  for (const [term, postings] of index) {
    const fields: Record<string, Record<string, number>> = {};
    let i = 0;
    while (i < postings.length) {
      const fieldId = postings[i++]!;
      const n = postings[i++]!;
      const docs: Record<string, number> = {};
      for (let k = 0; k < n; k++, i += 2) docs[postings[i]!] = postings[i + 1]!;
      fields[fieldId] = docs;
    }
    yield [term, fields];
  }
}
