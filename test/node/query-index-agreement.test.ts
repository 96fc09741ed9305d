// Query-time tokens (lexicon longest match + Intl.Segmenter, no dictionary) must agree with the
// index-time tokens (kuromoji) for the corpus's own sentences, or exact wording would not match.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Unit } from '../../src/corpus/schema';
import type { SearchArtifact } from '../../src/index/fields';
import { analyzeForIndex, loadTokenizer } from '../../src/index/kuromoji-analyzer';
import { LexiconSegmenter } from '../../src/analysis/lexicon';
import { normalizeForSearch } from '../../src/analysis/normalize';
import { japaneseBigrams } from '../../src/analysis/bigrams';

const generated = path.resolve(import.meta.dirname, '../../src/generated');
let units: Unit[];
let artifact: SearchArtifact;
let tokenizer: Awaited<ReturnType<typeof loadTokenizer>>;

beforeAll(async () => {
  units = (JSON.parse(await readFile(path.join(generated, 'corpus.json'), 'utf8')) as { documents: DocumentInfo[]; units: Unit[] }).units;
  artifact = JSON.parse(await readFile(path.join(generated, 'search-index.json'), 'utf8')) as SearchArtifact;
  tokenizer = await loadTokenizer();
});

/** Sentences of every unit (split at 。 and line breaks), normalized for search. */
function corpusSentences(): string[] {
  return units
    .flatMap((u) => `${u.heading}\n${u.answer}`.split(/[。\n]/))
    .map(normalizeForSearch)
    .filter((s) => s.length > 0);
}

describe('query tokens agree with index tokens', () => {
  it('for every corpus sentence, the query segmenter yields the kuromoji content words', () => {
    const seg = new LexiconSegmenter(artifact.lexicon);
    const sentences = corpusSentences();
    const disagreements = sentences.map((s) => ({ s, index: analyzeForIndex(tokenizer, s, undefined, artifact.lexicon).words, query: seg.words(s) })).filter((x) => x.index.join(' ') !== x.query.join(' '));
    const rate = 1 - disagreements.length / sentences.length;
    const sample = disagreements
      .slice(0, 5)
      .map((d) => `${d.s}\n  index: ${d.index.join(' ')}\n  query: ${d.query.join(' ')}`)
      .join('\n');
    expect(sentences.length).toBeGreaterThan(500);
    console.log(`query/index sentence agreement: ${(rate * 100).toFixed(1)}% of ${sentences.length}`);
    expect(rate, `sentences whose tokens differ, e.g.:\n${sample}`).toBeGreaterThanOrEqual(0.98);
  });

  it('token multisets agree for at least 99.5% of all corpus tokens', () => {
    const seg = new LexiconSegmenter(artifact.lexicon);
    let total = 0;
    let missing = 0;
    for (const s of corpusSentences()) {
      const q = new Map<string, number>();
      for (const t of seg.words(s)) q.set(t, (q.get(t) ?? 0) + 1);
      for (const t of analyzeForIndex(tokenizer, s, undefined, artifact.lexicon).words) {
        total++;
        const n = q.get(t) ?? 0;
        if (n > 0) q.set(t, n - 1);
        else missing++;
      }
    }
    expect(total).toBeGreaterThan(3000);
    expect(1 - missing / total).toBeGreaterThanOrEqual(0.995);
  });

  it('bigrams are the same function on both sides', () => {
    expect(japaneseBigrams(normalizeForSearch('多要素認証を利用できますか'))).toEqual(['多要', '要素', '素認', '認証', '証を', 'を利', '利用', '用で']);
  });

  it('normalizes the katakana long vowel and width identically', () => {
    expect(normalizeForSearch('サーバーのＴＬＳ')).toBe('サーバのtls');
    const seg = new LexiconSegmenter(artifact.lexicon);
    expect(seg.words(normalizeForSearch('サーバー'))).toEqual(seg.words(normalizeForSearch('サーバ')));
  });
});
