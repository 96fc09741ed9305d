// npm run seed-synonyms: refreshes src/analysis/synonyms-sudachi.json from the Sudachi synonym
// dictionary (Apache-2.0, npm sudachi-synonyms-dictionary), keeping only groups that can help
// here: at least one member the corpus uses, and another member it does not (the customer's
// word). Committed, so the build needs neither the 14 MB dictionary nor this script.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SearchArtifact } from '../src/index/fields';
import { normalizeForSearch } from '../src/analysis/normalize';

const root = path.resolve(import.meta.dirname, '..');
const artifact = JSON.parse(await readFile(path.join(root, 'src/generated/search-index.json'), 'utf8')) as SearchArtifact;
const require = createRequire(import.meta.url);
const dict = JSON.parse(await readFile(path.join(path.dirname(require.resolve('sudachi-synonyms-dictionary')), 'sudachi-synonyms-dictionary.json'), 'utf8')) as {
  id: string;
  items: { taigenYogen: string; expandControl: number; gokeiSyubetsu: string; midashi: string }[];
}[];

const inCorpus = (w: string) => (artifact.wordDocFreq[w] ?? 0) > 0;
const groups: string[][] = [];
for (const g of dict) {
  // 体言 only (nouns: the topics of security questions); drop entries marked never-expand or as mistakes.
  const members = [...new Set(g.items.filter((i) => i.expandControl !== 2 && i.taigenYogen === '体言' && i.gokeiSyubetsu !== '間違い').map((i) => normalizeForSearch(i.midashi)))];
  if (members.length < 2 || members.length > 12) continue;
  const known = members.filter(inCorpus);
  // Single-character and very common corpus words make noisy anchors.
  if (known.length === 0 || known.every((k) => [...k].length < 2 || (artifact.wordDocFreq[k] ?? 0) > artifact.unitCount / 4)) continue;
  if (known.length === members.length) continue;
  groups.push(members);
}
await writeFile(path.join(root, 'src/analysis/synonyms-sudachi.json'), JSON.stringify({ source: 'sudachi-synonyms-dictionary (Apache-2.0), filtered to corpus terms by scripts/seed-synonyms.ts', groups }, null, 0) + '\n');
console.log(`seeded ${groups.length} synonym groups from ${dict.length}`);
