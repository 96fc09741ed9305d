// The compact MiniSearch index of the search artifact (src/index/compact-index.ts) must load into
// exactly the index MiniSearch.toJSON() describes: same terms, postings and order, hence the same
// scores and tie order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { compactIndex, expandIndex } from '../../src/index/compact-index';
import { MINISEARCH_OPTIONS, type IndexedUnit, type SearchArtifact } from '../../src/index/fields';

const generated = path.resolve(import.meta.dirname, '../../src/generated');
const artifact = JSON.parse(readFileSync(path.join(generated, 'search-index.json'), 'utf8')) as SearchArtifact;

describe('compact index', () => {
  it('loads a fresh index back exactly as MiniSearch serialized it, key order included', () => {
    const mini = new MiniSearch<IndexedUnit>(MINISEARCH_OPTIONS);
    mini.addAll([
      { id: 'a#1', hw: 'バックアップ 頻度', aw: 'バックアップ 毎日 取得', hb: 'b:バッ b:ック', ab: 'b:毎日' },
      { id: 'b#10', hw: '暗号', aw: '暗号 通信 バックアップ', hb: 'b:暗号', ab: 'b:通信 b:暗号' },
      { id: 'c#2', hw: 'ログ', aw: 'ログ ログ 保管', hb: '', ab: 'b:保管' },
    ]);
    const original = mini.toJSON();
    // Compared with MiniSearch's own load of its own JSON (its radix tree orders terms by insertion).
    const direct = MiniSearch.loadJS(original, MINISEARCH_OPTIONS);
    const loaded = MiniSearch.loadJS(expandIndex(compactIndex(original)), MINISEARCH_OPTIONS);
    expect(JSON.stringify(loaded.toJSON())).toBe(JSON.stringify(direct.toJSON()));
    for (const q of ['バックアップ', 'ログ 暗号', 'b:暗号 b:保管']) expect(loaded.search(q, { fields: ['hw', 'aw', 'hb', 'ab'] })).toEqual(mini.search(q, { fields: ['hw', 'aw', 'hb', 'ab'] }));
  });

  it('round-trips the built artifact: expanded and compacted again it is the same, term for term', () => {
    const expanded = expandIndex(artifact.minisearch);
    const again = compactIndex({ ...expanded, index: [...expanded.index] });
    expect(JSON.stringify(again)).toBe(JSON.stringify(artifact.minisearch));
    expect(MiniSearch.loadJS(expandIndex(artifact.minisearch), MINISEARCH_OPTIONS).documentCount).toBe(artifact.unitCount);
  });

  it('keeps postings flat: one number array per term', () => {
    const [term, postings] = artifact.minisearch.index[0]!;
    expect(typeof term).toBe('string');
    expect(postings.every((n) => Number.isInteger(n))).toBe(true);
  });
});
