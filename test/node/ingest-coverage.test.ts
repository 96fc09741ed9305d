// Requirement 6: nothing lost, nothing invented.
//  - Every piece of text of each source (a line, a table cell, the text on either side of a mark;
//    item numbers, marks and the boilerplate listed below aside) lands in exactly one unit's
//    original text: the multiset of source pieces equals the multiset of unit pieces.
//  - Each unit's pieces come from the lines its location points to.
//  - Every normalized text of a unit occurs in its source after normalization.
import { beforeAll, describe, expect, it } from 'vitest';
import { compactText, decodeMarkup } from '../../src/ingest/normalize';
import { loadCorpus, type Corpus } from './ingest-corpus';

interface Boilerplate {
  name: string;
  pattern: RegExp;
}

const WHITEPAPER_BOILERPLATE: Boilerplate[] = [
  { name: 'chapter heading (section path of the units)', pattern: /^\d+\s+(はじめに|セキュリティへの取り組み)$/ },
  { name: 'revision table title', pattern: /^【改訂履歴】$/ },
  { name: 'revision table lead', pattern: /^本書の改訂履歴は以下の通りです。$/ },
  { name: 'revision table column headers', pattern: /^Ver\. 発行日 改訂内容$/ },
  { name: 'revision table row', pattern: /^\d+\.\d+ \d{4}\/\d{2}\/\d{2} 制定$/ },
];

const BOILERPLATE: Record<string, Boilerplate[]> = {
  'leyser-web-whitepaper': WHITEPAPER_BOILERPLATE,
  'leyserkids-whitepaper': WHITEPAPER_BOILERPLATE,
  'leyser-checksheet-mic': [
    { name: 'document title', pattern: /^## LeySerセキュリティチェックシート\(総務省版\)$/ },
    { name: 'publisher', pattern: /^メシウス株式会社$/ },
    { name: 'department', pattern: /^Education & Welfare Solutions事業部$/ },
    { name: 'dates (manifest issued / updated)', pattern: /^(制定日|更新日):\d{4}年\d{1,2}月\d{1,2}日$/ },
    { name: 'version (manifest)', pattern: /^バージョン:\d+\.\d+$/ },
    { name: 'column headers', pattern: /^【情報開示項目】\t+【内容】\t事業者回答$/ },
    { name: 'category row (section path of the units)', pattern: /^(サービス基本特性|アプリケーション等|ネットワーク|サービスサポート|ハウジング\(サーバ設置場所\))\t*$/ },
  ],
  'leyser-checksheet-meti': [
    { name: 'page number', pattern: /^\d+\/\d+$/ },
    { name: 'page footer', pattern: /^メシウス株式会社$/ },
    { name: 'page header (document title)', pattern: /^LeySerセキュリティチェックシート \(経産省版\)$/ },
    { name: 'link annotation repeated at the page foot', pattern: /^https:\/\/www\.meti\.go\.jp\/policy\/netsecurity\/downloadfiles\/cloudsec2013fy\.pdf$/ },
    { name: 'column headers', pattern: /^(項番 確認事項|実施|有無|備考)$/ },
    { name: 'section heading (section path of the units)', pattern: /^\d+(-\d+)? [^\s。]+$/ },
  ],
  'raykit-checksheet-meti': [
    { name: 'document title', pattern: /^RayKitセキュリティチェックシート \(経産省版\)$/ },
    { name: 'version (manifest)', pattern: /^バージョン : \d+\.\d+$/ },
    { name: 'column headers', pattern: /^項番\t確認事項\t実施有無\t備考$/ },
    { name: 'section heading row (section path of the units)', pattern: /^\d+(-\d+)? [^\s。]+\t*$/ },
  ],
};

/** Lines holding only an item number or a mark carry no text; these are split off everywhere. */
const ITEM_NUMBER_AT_START = /^\s*\d+(?:[-.]\d+)+(?=\s|$)/;
const ITEM_NUMBER_CELL = /^\d+(?:-\d+)*$/;
const MARK = /(?:^|\s)[○〇△×\-－](?=\s|$)/;

function comparable(line: string): string {
  return decodeMarkup(line).normalize('NFKC').trim();
}

/** Text pieces of one source line, as they must reappear in some unit's original text. */
function sourcePieces(line: string): string[] {
  const cells = comparable(line).replace(ITEM_NUMBER_AT_START, '').split('\t');
  if (cells.length > 1 && ITEM_NUMBER_CELL.test(cells[0]?.trim() ?? '')) cells.shift();
  return cells.flatMap(textPieces);
}

/** Pieces of one line of a unit's original text. */
function unitPieces(text: string): string[] {
  return text.split('\n').flatMap((line) => comparable(line).split('\t').flatMap(textPieces));
}

function textPieces(cell: string): string[] {
  return cell
    .split(MARK)
    .map((s) => s.replace(/\s+/g, ''))
    .filter((s) => s !== '');
}

/** a minus b, as multisets. */
function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const rest: string[] = [];
  for (const x of a) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else rest.push(x);
  }
  return rest;
}

describe('nothing lost, nothing invented', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });

  const contentLines = (documentId: string) => {
    const rules = BOILERPLATE[documentId] ?? [];
    const lines = corpus.source(documentId).split('\n');
    // The whitepaper revision table runs to the end of the file.
    const end = lines.findIndex((l) => comparable(l) === '【改訂履歴】');
    return lines
      .map((raw, i) => ({ no: i + 1, raw }))
      .filter(({ raw }) => comparable(raw) !== '' && !rules.some((r) => r.pattern.test(comparable(raw))))
      .filter(({ no }) => end < 0 || no <= end);
  };

  it.each(Object.keys(BOILERPLATE))('%s: every boilerplate rule matches something (no stale exceptions)', (documentId) => {
    const lines = corpus.source(documentId).split('\n').map(comparable);
    for (const rule of BOILERPLATE[documentId] ?? [])
      expect(
        lines.some((l) => rule.pattern.test(l)),
        rule.name,
      ).toBe(true);
  });

  it.each(Object.keys(BOILERPLATE))('%s: every source piece lands in exactly one unit', (documentId) => {
    const fromSource = contentLines(documentId).flatMap((l) => sourcePieces(l.raw));
    const fromUnits = corpus.unitsOf(documentId).flatMap((u) => [...unitPieces(u.original.heading), ...unitPieces(u.original.answer)]);
    expect(fromSource.length).toBeGreaterThan(0);
    expect(multisetMinus(fromSource, fromUnits), 'lost: in the source, in no unit').toEqual([]);
    expect(multisetMinus(fromUnits, fromSource), 'duplicated or invented: in units more often than in the source').toEqual([]);
  });

  it.each(Object.keys(BOILERPLATE))("%s: each unit's text comes from the lines of its location", (documentId) => {
    const lines = corpus.source(documentId).split('\n');
    for (const u of corpus.unitsOf(documentId)) {
      const located = u.location.ranges.flatMap((r) => lines.slice(r.start - 1, r.end)).flatMap(sourcePieces);
      const own = [...unitPieces(u.original.heading), ...unitPieces(u.original.answer)];
      expect(multisetMinus(own, located), u.id).toEqual([]);
    }
  });

  it.each(Object.keys(BOILERPLATE))('%s: every normalized text of a unit occurs in the normalized source', (documentId) => {
    const source = compactText(corpus.source(documentId));
    for (const u of corpus.unitsOf(documentId)) {
      const texts = [...u.heading.split(/\n| \/ /), ...u.answer.split('\n'), ...(u.answerAsPrinted ?? '').split('\n'), ...u.section.flatMap((s) => s.split(' / ')), ...u.productDetails.flatMap((d) => d.text.split('\n'))];
      for (const text of texts) expect(source.includes(text.replace(/\s+/g, '')), `${u.id}: ${text}`).toBe(true);
    }
  });
});
