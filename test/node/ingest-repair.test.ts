// Requirement 3: what the PDF extraction scrambled in the LeySer 経産省 sheet is repaired. A unit
// holds exactly its own item's text: no neighbour's remark, no stray section heading, no page
// furniture.
import { beforeAll, describe, expect, it } from 'vitest';
import { LEYSER_METI_RELOCATIONS, parseLeyserMetiPdf } from '../../src/ingest/parse-checksheet-meti';
import { loadCorpus, manifestDocument, type Corpus } from './ingest-corpus';

const DOC = 'leyser-checksheet-meti';

/** Section headings as printed in the PDF text, several of them far from their section. */
const SECTION_HEADINGS = [
  '1 情報セキュリティのための方針群',
  '2 情報セキュリティのための組織',
  '2-1 内部組織',
  '3 人的資産のセキュリティ',
  '3-1 雇用前',
  '3-2 雇用期間中',
  '3-3 雇用の終了または変更',
  '4 資産の管理',
  '5 物理的及び環境的セキュリティ',
  '6 運用のセキュリティ・アクセス制御',
  '7 供給者関係',
  '8 情報セキュリティ事象・情報セキュリティインシデント',
  '9 事業継続マネジメントにおける情報セキュリティの側面',
  '10 遵守',
  '11 その他',
];

describe('repairs of the LeySer 経産省 sheet (PDF text)', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });
  const allText = (id: string) => {
    const u = corpus.unit(id);
    return [u.heading, u.answer, u.original.heading, u.original.answer].join('\n');
  };

  it('moves the remark of 4-1 back from after 6-6', () => {
    const inventory = corpus.unit(`${DOC}#4-1`);
    expect(inventory.answer).toBe('情報資産台帳にて各資産名、管理責任者、C.I.Aレベル、利用許可範囲、保存期間ごとに分類し、記載しており、当台帳はISMSにおいて定期的に見直し、更新しております。');
    expect(inventory.location.ranges).toEqual([
      { start: 207, end: 211 },
      { start: 318, end: 320 },
    ]);
    const scan = corpus.unit(`${DOC}#6-6`);
    expect(scan.answer).toBe('新サービスまたは大きな改変が発生する時に、第三者専門家によるセキュリティ脆弱性診断を実施しております。');
    expect(allText(`${DOC}#6-6`)).not.toContain('情報資産台帳');
    expect(scan.location.ranges).toEqual([{ start: 308, end: 316 }]);
  });

  it('reassembles 2-1-5: its text after 3-3-1, its remark from inside 2-1-4', () => {
    const support = corpus.unit(`${DOC}#2-1-5`);
    expect(support.heading).toBe('クラウドサービスのサポート窓口、苦情窓口を明確にし、外部に公開すること。');
    expect(support.mark).toEqual({ printed: '○', value: 'yes' });
    expect(support.answer).toMatch(/^サポート窓口、苦情窓口は製品別に下記になります。\n・LeySer System、LeySer Plus、LeySer Connect\n電子メール:lsupport@mescius.com\n/);
    expect(support.answer).toMatch(/サポートの内容は、LeySerシリーズサポートサービス説明書にて規定しております。$/);
    expect(support.location.ranges).toEqual([
      { start: 131, end: 149 },
      { start: 198, end: 198 },
    ]);
    expect(support.section).toEqual(['2 情報セキュリティのための組織', '2-1 内部組織']);

    const sla = corpus.unit(`${DOC}#2-1-4`);
    expect(sla.answer).toMatch(/サービスレベル目標\(SLO\)を公開しております。$/);
    for (const leaked of ['サポート窓口、苦情窓口は製品別', 'lsupport@mescius.com', '電話の受付時間']) expect(allText(`${DOC}#2-1-4`)).not.toContain(leaked);
    expect(sla.location.ranges).toEqual([{ start: 115, end: 129 }]);

    // Printed after 3-3-1, ordered after 2-1-4; 3-3-1 keeps only its own text.
    expect(support.order).toBe(sla.order + 1);
    expect(allText(`${DOC}#3-3-1`)).not.toMatch(/苦情窓口|2-1-5|人的資産のセキュリティ|雇用前/);
    expect(corpus.unit(`${DOC}#3-3-1`).answer).toMatch(/- アクセス権等の削除または使用停止、変更を行う。$/);
  });

  it('applies every relocation of the table exactly once', () => {
    for (const r of LEYSER_METI_RELOCATIONS) {
      const holders = corpus.unitsOf(DOC).filter((u) => u.original.answer.includes(r.first));
      expect(
        holders.map((u) => u.item),
        r.why,
      ).toEqual([r.to]);
    }
  });

  it('fails loudly when a relocated block is not where the table says', () => {
    const doc = manifestDocument(corpus, DOC);
    const source = corpus.source(DOC);
    expect(() => parseLeyserMetiPdf(source, doc)).not.toThrow();
    const changed = source.replace('情報資産台帳にて各資産名', '情報資産の台帳にて各資産名');
    expect(() => parseLeyserMetiPdf(changed, doc)).toThrow(/relocation 6-6→4-1/);
  });

  it('keeps stray section headings out of the items and uses them as section paths', () => {
    for (const u of corpus.unitsOf(DOC)) {
      const lines = [u.original.heading, u.original.answer]
        .join('\n')
        .split('\n')
        .map((l) => l.trim().normalize('NFKC'));
      for (const heading of SECTION_HEADINGS) expect(lines, u.id).not.toContain(heading);
    }
    expect(corpus.unit(`${DOC}#2-1-1`).section).toEqual(['2 情報セキュリティのための組織', '2-1 内部組織']);
    expect(corpus.unit(`${DOC}#3-1-1`).section).toEqual(['3 人的資産のセキュリティ', '3-1 雇用前']);
    expect(corpus.unit(`${DOC}#6-7`).section).toEqual(['6 運用のセキュリティ・アクセス制御']);
    expect(corpus.unit(`${DOC}#10-3`).section).toEqual(['10 遵守']);
    expect(corpus.unit(`${DOC}#10-4`).section).toEqual(['10 遵守']);
    expect(corpus.unit(`${DOC}#11-6`).section).toEqual(['11 その他']);
    expect(corpus.unit(`${DOC}#6-6`).answer).not.toMatch(/物理的及び環境的|運用のセキュリティ/);
    expect(corpus.unit(`${DOC}#10-3`).answer).toBe('LeySerシリーズの利用規約(知的財産権等)において、知的財産権について利用を許諾する範囲を定めております。');
  });

  it('keeps page headers, footers, page numbers and column headers out of every unit', () => {
    const furniture = [/^\d+\/\d+$/, /^メシウス株式会社$/, /^LeySerセキュリティチェックシート\s*\(経産省版\)$/, /^https:\/\/www\.meti\.go\.jp\/\S+$/, /^項番/, /^(実施|有無|備考)$/];
    for (const u of corpus.unitsOf(DOC)) {
      const lines = [u.heading, u.answer, u.original.heading, u.original.answer]
        .join('\n')
        .split('\n')
        .map((l) => l.trim().normalize('NFKC'));
      for (const line of lines) for (const re of furniture) expect(line, u.id).not.toMatch(re);
    }
    // The ISMS cloud note is followed by the page footer block in the PDF text.
    expect(corpus.unit(`${DOC}#isms-cloud`).answer).toMatch(/\(krew、RayKit\)$/);
    expect(corpus.unit(`${DOC}#1-2`).answer).toMatch(/見直しております。$/); // followed by the page header
  });

  it('holds exactly one item per unit: no remark continues into the next item', () => {
    for (const u of corpus.unitsOf(DOC).filter((x) => x.kind === 'item')) {
      // An item number at the start of a line would mean a neighbour's text was swallowed.
      expect(u.original.answer, u.id).not.toMatch(/^\s*\d+-\d+/m);
      expect(u.original.heading, u.id).not.toMatch(/^\s*\d+-\d+/m);
      expect(u.heading, u.id).not.toBe('');
    }
  });
});
