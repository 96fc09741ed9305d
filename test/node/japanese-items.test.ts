// Japanese questionnaire items (issue 10): the clauses around a requirement's point, and words the
// corpus does not know kept as words. Items are written for this test in the shape of public
// check sheets (医療情報 SDS, 委託先チェックシート), not taken from any eval set.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDeclarativeRequirement, itemParts } from '../../src/analysis/structure';
import { LexiconSegmenter } from '../../src/analysis/lexicon';
import { normalizeForSearch } from '../../src/analysis/normalize';
import type { SearchArtifact } from '../../src/index/fields';

const artifact = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../src/generated/search-index.json'), 'utf8')) as SearchArtifact;
const segmenter = new LexiconSegmenter(artifact.lexicon);
const partsOf = (item: string) => itemParts(item.normalize('NFKC').toLowerCase()).map((p) => [p.role, p.text.trim()]);
const role = (item: string, r: string) =>
  partsOf(item)
    .filter(([x]) => x === r)
    .map(([, t]) => t);

describe('clauses around the point of a Japanese item', () => {
  it('a condition or setting before the main clause', () => {
    expect(role('サーバ室においては、監視カメラを設置している。', 'condition')).toEqual(['サーバ室においては、']);
    expect(role('障害が発生した場合、速やかに利用者へ通知すること。', 'condition')).toEqual(['障害が発生した場合、']);
    expect(role('障害が発生した場合、速やかに利用者へ通知すること。', 'point')[0]).toContain('利用者へ通知すること');
  });
  it('a means clause and an activity given as an example', () => {
    expect(role('鍵を貸与することによって入室を制限している。', 'condition')).toEqual(['鍵を貸与することによって']);
    expect(role('ログを定期的に確認する等の監視を行っている。', 'example')).toEqual(['ログを定期的に確認する等']);
    expect(role('ログを定期的に確認する等の監視を行っている。', 'point')[0]).toContain('の監視を行っている');
  });
  it('an alternative second sentence is a follow-up', () => {
    expect(role('媒体を施錠保管している。もしくは、同等の管理策を講じている。', 'followUp')).toEqual(['もしくは、同等の管理策を講じている。']);
  });
  it('in a question the condition stays part of the point (it often is the topic)', () => {
    expect(role('サービスを廃止する場合、何日前に通知されますか。', 'condition')).toEqual([]);
  });
  it('never takes the whole item away from the point', () => {
    expect(role('障害が発生した場合、', 'point')).toEqual(['障害が発生した場合、']);
    expect(role('暗号化していますか。', 'condition')).toEqual([]);
  });
});

describe('declarative requirements', () => {
  it('a requirement stated as done or to be done', () => {
    for (const item of ['安全管理責任者を設置している。', 'アクセス管理規程を文書化すること。', '通信を暗号化していること', '媒体を施錠保管している。もしくは、同等の管理策を講じている。'])
      expect(isDeclarativeRequirement(item), item).toBe(true);
  });
  it('questions and requests to describe are not', () => {
    for (const item of ['暗号化していますか。', '保存期間について記載すること。', '認証方式を示すこと。', '多要素認証を利用しているか', '教えてください。', 'スクリーンロック']) expect(isDeclarativeRequirement(item), item).toBe(false);
  });
});

describe('query segmentation of words the corpus does not use', () => {
  it('a lone-kanji affix of the corpus does not swallow an unknown compound', () => {
    // 形 is known to the lexicon only as an affix; 形態 must survive as an (unknown) word.
    expect(artifact.lexicon['形']).toBeNull();
    expect(segmenter.words(normalizeForSearch('利用形態'))).toContain('形態');
  });
  it('corpus vocabulary is segmented as before', () => {
    expect(segmenter.words(normalizeForSearch('入退室管理'))).toEqual(['退室', '管理']);
    expect(segmenter.words(normalizeForSearch('委託先の管理'))).toEqual(['委託', '管理']);
  });
});
