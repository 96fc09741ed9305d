// Requirement 5: units apply to their document's products; remarks that list per-product details
// keep that structure (productDetails), with names mapped to the manifest spelling.
import { beforeAll, describe, expect, it } from 'vitest';
import { extractProductDetails } from '../../src/ingest/units';
import { loadCorpus, type Corpus } from './ingest-corpus';

const LEYSER = ['LeySer System', 'LeySer Plus', 'LeySer Connect', 'LeySer Web出願', 'LeySerKids'];
const LEYSER_SYSTEMS = ['LeySer System', 'LeySer Plus', 'LeySer Connect'];

describe('products', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });

  it('applies each unit to the products of its document', () => {
    for (const u of corpus.units) {
      const doc = corpus.manifest.find((d) => d.id === u.documentId);
      expect(u.products, u.id).toEqual(doc?.products);
      for (const d of u.productDetails) {
        expect(d.products.length, u.id).toBeGreaterThan(0);
        for (const p of d.products) expect(doc?.products, u.id).toContain(p);
        expect(d.text, u.id).not.toBe('');
        expect(u.answer, u.id).toContain(d.text); // a part of the answer, nothing added
      }
    }
    expect(corpus.unit('leyserkids-whitepaper#2.8').products).toEqual(['LeySerKids']);
    expect(corpus.unit('leyser-web-whitepaper#2.8').products).toEqual(['LeySer Web出願']);
    expect(corpus.unit('raykit-checksheet-meti#6-1').products).toEqual(['RaySheet', 'RayBarcode', 'RayPen']);
  });

  it('splits bulleted per-product remarks of the LeySer 経産省 sheet', () => {
    expect(corpus.unit('leyser-checksheet-meti#2-1-5').productDetails).toEqual([
      { products: LEYSER_SYSTEMS, text: '電子メール:lsupport@mescius.com\n電話:050-5490-4665' },
      { products: ['LeySer Web出願'], text: '電子メール:LSG.Product@mescius.com' },
      { products: ['LeySerKids'], text: '電子メール:lk-spt@contact.mescius.com' },
    ]);
    for (const item of ['6-9', '6-10']) {
      expect(corpus.unit(`leyser-checksheet-meti#${item}`).productDetails).toEqual([
        { products: LEYSER_SYSTEMS, text: 'サーバー稼働状況のお知らせページ(https://s.leyser.jp/info)' },
        { products: ['LeySerKids'], text: 'Webサイトのお知らせページ(https://leyserkids.jp/)\n公式X(旧Twitter)' },
        { products: ['LeySer Web出願'], text: '志願者サイト、管理者サイト、出身校サイト' },
      ]);
    }
    const incidents = corpus.unit('leyser-checksheet-meti#8-3').productDetails;
    expect(incidents.map((d) => d.products)).toEqual([LEYSER_SYSTEMS, ['LeySerKids'], ['LeySer Web出願']]);
  });

  it('splits per-product parts of the 総務省 sheet (bullets and «製品:…» labels)', () => {
    expect(corpus.unit('leyser-checksheet-mic#52').productDetails).toEqual([
      { products: LEYSER_SYSTEMS, text: '電子メール:lsupport@mescius.com 電話:050-5490-4665' },
      { products: ['LeySer Web出願'], text: '電子メール:LSG.Product@mescius.com' },
      { products: ['LeySerKids'], text: '電子メール:lk-spt@contact.mescius.com 電話:050-5490-4665' },
    ]);
    // «・LeySer LeySer Web出願» (doubled series name as printed) is still LeySer Web出願.
    expect(corpus.unit('leyser-checksheet-mic#59').productDetails.map((d) => d.products)).toEqual([LEYSER_SYSTEMS, ['LeySerKids'], ['LeySer Web出願']]);
    expect(corpus.unit('leyser-checksheet-mic#3').productDetails).toEqual([
      { products: ['LeySer System'], text: '2003年11月1日' },
      { products: ['LeySer Plus'], text: '2018年8月13日' },
      { products: ['LeySer Connect'], text: '2023年8月13日' },
      { products: ['LeySer Web出願'], text: '2016年7月1日' },
      { products: ['LeySerKids'], text: '2016年11月30日' },
    ]);
    expect(corpus.unit('leyser-checksheet-mic#5').productDetails.find((d) => d.products[0] === 'LeySerKids')?.text).toBe('地図位置情報、メール送信、Azure AI');
    expect(corpus.unit('leyser-checksheet-mic#4').productDetails).toHaveLength(5);
  });

  it('splits the RayKit per-product labels', () => {
    expect(corpus.unit('raykit-checksheet-meti#6-3').productDetails.map((d) => d.products)).toEqual([['RaySheet'], ['RayBarcode'], ['RayPen']]);
  });

  it('gives copies of the referenced details to 同上 rows, and none to general answers', () => {
    expect(corpus.unit('leyser-checksheet-mic#45').productDetails).toEqual(corpus.unit('leyser-checksheet-mic#44').productDetails);
    expect(corpus.unit('leyser-checksheet-meti#1-1').productDetails).toEqual([]); // «・情報セキュリティ基本方針:…» is not a product
    expect(corpus.unit('leyser-checksheet-mic#2').productDetails).toEqual([]); // a list of names, no details
  });

  it('maps printed product names to the manifest spelling', () => {
    const details = extractProductDetails('窓口は以下の通りです。\n・LeySer Web 出願\n電子メール:a@example.com\n・LeySerKids、LeySer Plus\n電話:050', LEYSER);
    expect(details).toEqual([
      { products: ['LeySer Web出願'], text: '電子メール:a@example.com' },
      { products: ['LeySerKids', 'LeySer Plus'], text: '電話:050' },
    ]);
    expect(extractProductDetails('・LeySerシリーズ\nすべて', LEYSER)).toEqual([]);
  });
});
