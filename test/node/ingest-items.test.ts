// Requirement 2: all items of all five documents, with their preamble notes, as valid units.
// The id lists were read off the sources by hand; they are the expected output, not derived.
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentInfoSchema, UnitSchema } from '../../src/corpus/schema';
import { loadCorpus, type Corpus } from './ingest-corpus';

const WHITEPAPER_ITEMS = ['1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14', '2.15', '2.16', '2.17', '2.18', '2.19'];

const MIC_ITEMS = [
  'scope',
  'basis',
  'company-info',
  'changes',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '27',
  '28',
  '29',
  '30',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '40',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '59',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '67',
  '68',
  '69',
  '70',
  '71',
  '72',
  '73',
];

const LEYSER_METI_ITEMS = [
  'changes',
  'scope',
  'iso27001',
  'basis',
  'isms-cloud',
  '1-1',
  '1-2',
  '2-1-1',
  '2-1-2',
  '2-1-3',
  '2-1-4',
  '2-1-5',
  '3-1-1',
  '3-2-1',
  '3-2-2',
  '3-3-1',
  '4-1',
  '4-2',
  '5-1',
  '5-2',
  '5-3',
  '5-4',
  '5-5',
  '5-6',
  '6-1',
  '6-2',
  '6-3',
  '6-4',
  '6-5',
  '6-6',
  '6-7',
  '6-8',
  '6-9',
  '6-10',
  '6-11',
  '6-12',
  '6-13',
  '6-14',
  '6-15',
  '6-16',
  '6-17',
  '6-18',
  '6-19',
  '6-20',
  '6-21',
  '6-22',
  '6-23',
  '6-24',
  '6-25',
  '6-26',
  '6-27',
  '6-28',
  '6-29',
  '6-30',
  '6-31',
  '7-1',
  '8-1',
  '8-2',
  '8-3',
  '9-1',
  '9-2',
  '9-3',
  '9-4',
  '9-5',
  '10-1',
  '10-2',
  '10-3',
  '10-4',
  '10-5',
  '10-6',
  '11-1',
  '11-2',
  '11-3',
  '11-4',
  '11-5',
  '11-6',
];

// Same structure as the LeySer sheet, but section 6 ends at 6-30 (no 6-31) and the notes come in
// another order.
const RAYKIT_METI_ITEMS = [
  'scope',
  'basis',
  'changes',
  'iso27001',
  'isms-cloud',
  '1-1',
  '1-2',
  '2-1-1',
  '2-1-2',
  '2-1-3',
  '2-1-4',
  '2-1-5',
  '3-1-1',
  '3-2-1',
  '3-2-2',
  '3-3-1',
  '4-1',
  '4-2',
  '5-1',
  '5-2',
  '5-3',
  '5-4',
  '5-5',
  '5-6',
  '6-1',
  '6-2',
  '6-3',
  '6-4',
  '6-5',
  '6-6',
  '6-7',
  '6-8',
  '6-9',
  '6-10',
  '6-11',
  '6-12',
  '6-13',
  '6-14',
  '6-15',
  '6-16',
  '6-17',
  '6-18',
  '6-19',
  '6-20',
  '6-21',
  '6-22',
  '6-23',
  '6-24',
  '6-25',
  '6-26',
  '6-27',
  '6-28',
  '6-29',
  '6-30',
  '7-1',
  '8-1',
  '8-2',
  '8-3',
  '9-1',
  '9-2',
  '9-3',
  '9-4',
  '9-5',
  '10-1',
  '10-2',
  '10-3',
  '10-4',
  '10-5',
  '10-6',
  '11-1',
  '11-2',
  '11-3',
  '11-4',
  '11-5',
  '11-6',
];

const EXPECTED: Record<string, string[]> = {
  'leyser-web-whitepaper': WHITEPAPER_ITEMS,
  'leyserkids-whitepaper': WHITEPAPER_ITEMS,
  'leyser-checksheet-mic': MIC_ITEMS,
  'leyser-checksheet-meti': LEYSER_METI_ITEMS,
  'raykit-checksheet-meti': RAYKIT_METI_ITEMS,
};

describe('all items of all five documents', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });

  it.each(Object.entries(EXPECTED))('%s has exactly the expected units, in document order', (documentId, items) => {
    const units = corpus.unitsOf(documentId);
    expect(units.map((u) => u.item)).toEqual(items);
    expect(units.map((u) => u.id)).toEqual(items.map((item) => `${documentId}#${item}`));
    expect(units.map((u) => u.order)).toEqual(items.map((_, k) => k));
  });

  it('lists every manifest document with its unit count', () => {
    expect(corpus.documents.map((d) => d.id)).toEqual(Object.keys(EXPECTED));
    for (const d of corpus.documents) {
      expect(DocumentInfoSchema.parse(d)).toEqual(d);
      expect(d.unitCount).toBe(EXPECTED[d.id]?.length);
    }
  });

  it('produces valid units with unique ids and the document metadata of the manifest', () => {
    expect(new Set(corpus.units.map((u) => u.id)).size).toBe(corpus.units.length);
    for (const u of corpus.units) {
      expect(UnitSchema.parse(u)).toEqual(u);
      const doc = corpus.manifest.find((d) => d.id === u.documentId);
      expect(doc, u.id).toBeDefined();
      expect(u.documentTitle).toBe(doc?.title);
      expect(u.version).toBe(doc?.version);
      expect(u.issued).toBe(doc?.issued);
      expect(u.updated).toBe(doc?.updated ?? null);
      expect(u.location.file).toBe(doc?.file);
      expect(u.kind).toBe(/^[\d.-]+$/.test(u.item) ? 'item' : 'preamble');
    }
  });

  it('gives whitepaper sections their title as heading and their body as answer', () => {
    const deletion = corpus.unit('leyserkids-whitepaper#2.8');
    expect(deletion.heading).toBe('データの削除');
    expect(deletion.section).toEqual(['2 セキュリティへの取り組み']);
    expect(deletion.answer).toMatch(/^契約が終了した場合、お客様が「LeySerKids」に保存した設定情報は契約終了日から直ちに消去されます。/);
    expect(deletion.location.ranges).toEqual([{ start: 69, end: 72 }]);
    expect(corpus.unit('leyser-web-whitepaper#1.1').section).toEqual(['1 はじめに']);
    expect(corpus.unit('leyser-web-whitepaper#2.19').answer).not.toMatch(/改訂|制定/);
  });

  it('reads the 総務省 sheet rows whatever column their text landed in', () => {
    const uptime = corpus.unit('leyser-checksheet-mic#20');
    expect(uptime.heading).toBe('サービス稼働設定値 / サービス稼働率の目標値');
    expect(uptime.answer).toBe('99.9%以上を目標に運用しております。');
    expect(uptime.location.ranges).toEqual([{ start: 46, end: 46 }]);
    const backup = corpus.unit('leyser-checksheet-mic#25');
    expect(backup.heading).toBe('バックアップ対策 / 利用者データのバックアップ実施インターバル');
    expect(backup.answer).toMatch(/^データベースに保管されるお客様のデータは、日次でバックアップ/);
    // A row that leaves the leading cells empty inherits them as its section path.
    const notice = corpus.unit('leyser-checksheet-mic#10');
    expect(notice.heading).toBe('告知方法');
    expect(notice.section).toEqual(['サービス基本特性', 'サービスの変更・終了', 'サービス(事業)変更・終了時等の事前告知']);
    expect(corpus.unit('leyser-checksheet-mic#31').section).toEqual(['アプリケーション等']);
    expect(corpus.unit('leyser-checksheet-mic#67').section).toEqual(['ハウジング(サーバ設置場所)', '避雷対策設備']);
  });

  it('reads the 経産省 sheets: requirement, mark and remark', () => {
    const policy = corpus.unit('leyser-checksheet-meti#1-1');
    expect(policy.mark).toEqual({ printed: '○', value: 'yes' });
    expect(policy.answer).toMatch(/^弊社代表取締役によって承認された情報セキュリティ基本方針を定めております。/);
    expect(policy.answer).toContain('・情報セキュリティ基本方針:https://www.mescius.com/policy/security/');
    expect(policy.section).toEqual(['1 情報セキュリティのための方針群']);

    const deletion = corpus.unit('leyser-checksheet-meti#6-30');
    expect(deletion.heading).toMatch(/^クラウドサービスの契約が終了した場合にデータが消去されること。/);
    expect(deletion.answer).toContain('契約終了から30日後に消去されます。');

    const raykitEncryption = corpus.unit('raykit-checksheet-meti#6-30');
    expect(raykitEncryption.mark?.printed).toBe('○');
    expect(raykitEncryption.answer).toContain('HTTPS (TLS1.2/1.3)');
    const raykitAreas = corpus.unit('raykit-checksheet-meti#5-1'); // mark and remark in one cell
    expect(raykitAreas.mark?.printed).toBe('○');
    expect(raykitAreas.answer).toMatch(/^情報資産がある領域/);
    expect(corpus.unit('raykit-checksheet-meti#6-12').section).toEqual(['6 運用のセキュリティ・アクセス制御']);
    expect(corpus.unit('raykit-checksheet-meti#3-3-1').section).toEqual(['3 人的資産のセキュリティ', '3-3 雇用の終了または変更']);
  });

  it('keeps marks as printed with their normalized value, null where there is none', () => {
    const mark = (id: string) => corpus.unit(id).mark;
    expect(mark('leyser-checksheet-meti#6-16')).toEqual({ printed: '△', value: 'partial' });
    expect(mark('leyser-checksheet-meti#6-21')).toEqual({ printed: '〇', value: 'yes' });
    expect(mark('leyser-checksheet-meti#6-22')).toEqual({ printed: '-', value: 'na' });
    expect(mark('leyser-checksheet-meti#6-7')).toEqual({ printed: '-', value: 'na' });
    expect(mark('leyser-checksheet-meti#11-6')).toEqual({ printed: '×', value: 'no' });
    expect(mark('raykit-checksheet-meti#6-15')).toEqual({ printed: '△', value: 'partial' });
    expect(mark('raykit-checksheet-meti#6-18')).toEqual({ printed: '-', value: 'na' });
    expect(mark('raykit-checksheet-meti#11-6')).toEqual({ printed: '○', value: 'yes' });
    for (const u of corpus.units.filter((x) => x.documentId !== 'leyser-checksheet-meti' && x.documentId !== 'raykit-checksheet-meti')) {
      expect(u.mark, u.id).toBeNull();
    }
    for (const u of corpus.units.filter((x) => x.kind === 'item' && x.documentId.endsWith('-meti'))) {
      expect(u.mark, u.id).not.toBeNull();
    }
    // «- 秘密保持契約書…» after the mark is a bullet of the remark, not a second mark.
    expect(corpus.unit('leyser-checksheet-meti#3-3-1').answer).toContain('\n- 秘密保持契約書に署名しなければならない。');
  });

  it('makes the preamble notes of the check sheets searchable units', () => {
    for (const doc of ['leyser-checksheet-meti', 'raykit-checksheet-meti']) {
      const iso = corpus.unit(`${doc}#iso27001`);
      expect(iso.kind).toBe('preamble');
      expect(iso.heading).toBe('ISO27001の認証について');
      expect(iso.answer).toContain('認証番号:JQA-IM1900');
      expect(iso.answer).toContain('初回認証登録日:2022年7月1日');
      expect(iso.answer).toContain('\n登録活動範囲:\n・業務アプリ開発支援ツールの開発/販売/サポート\n');
      const cloud = corpus.unit(`${doc}#isms-cloud`);
      expect(cloud.heading).toBe('ISMSクラウドセキュリティ認証について');
      expect(cloud.answer).toContain('認証番号:JQA-IC0075、認証規格:JIP-ISMS517-1.0');
      expect(cloud.answer).toMatch(/・業務アプリケーション機能拡張サービス ?\(krew、RayKit\)$/);
      expect(corpus.unit(`${doc}#scope`).answer).toMatch(/について安全・信頼性に係る情報を記載したものです。$/);
      expect(corpus.unit(`${doc}#basis`).answer).toContain('cloudsec2013fy.pdf');
      expect(corpus.unit(`${doc}#changes`).answer).toBe('本チェックシートは、改善のために予告なく変更することがあります。');
    }
    expect(corpus.unit('leyser-checksheet-meti#iso27001').location.ranges).toEqual([{ start: 39, end: 53 }]);
    expect(corpus.unit('leyser-checksheet-meti#isms-cloud').location.ranges).toEqual([{ start: 65, end: 77 }]);
    expect(corpus.unit('leyser-checksheet-mic#scope').answer).toContain('LeySer System、LeySer Plus、LeySer Connect、LeySer Web出願、LeySerKids');
    expect(corpus.unit('leyser-checksheet-mic#company-info').answer).toContain('https://www.mescius.com/policy/security/');
    for (const u of corpus.units.filter((x) => x.kind === 'preamble')) {
      expect(u.hasAnswer, u.id).toBe(true);
      expect(u.section, u.id).toEqual([]);
      expect(u.answer, u.id).not.toMatch(/^[◆・-]/);
    }
  });
});
