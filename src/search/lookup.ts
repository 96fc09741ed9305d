// The engine over the project's own corpus and index (src/generated, written by npm run build),
// with the default ranking options. Everything that answers questions goes through `lookup`.
import searchArtifactJson from '../generated/search-index.json';
import corpusJson from '../generated/corpus.json';
import type { Unit } from '../corpus/schema';
import type { SearchArtifact } from '../index/fields';
import { createEngine, type CorpusArtifact } from './engine';
import type { LookupResponse, ParsedLookupRequest } from './contract';

const artifact = searchArtifactJson as unknown as SearchArtifact;
export const defaultEngine = createEngine(corpusJson as unknown as CorpusArtifact, artifact);
// The serialized index is garbage once MiniSearch has loaded it: drop the reference the JSON
// module holds. In format 3 (flat postings, src/index/compact-index.ts) it weighs little (10×
// corpus: 0.4 MB); in format 2 its nested objects were 38 MB at 10×.
delete (artifact as Partial<SearchArtifact>).minisearch;

export function lookup(req: ParsedLookupRequest): LookupResponse {
  return defaultEngine.lookup(req);
}

export function citationFor(unit: Unit): { text: string; url: string } {
  return defaultEngine.citationFor(unit);
}
