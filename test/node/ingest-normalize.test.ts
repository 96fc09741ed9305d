// Requirement 1: normalization without changing meaning (NFKC, PDF spaces between CJK removed,
// lines broken mid-word joined), original text kept for citations.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMarkup, normalizeText } from '../../src/ingest/normalize';
import { loadCorpus, type Corpus } from './ingest-corpus';

describe('normalizeText', () => {
  it('applies NFKC: compatibility ideographs, full-width letters, digits and brackets', () => {
    expect(normalizeText('ホワイトペーパーの\u2F6C的')).toBe('ホワイトペーパーの目的');
    expect(normalizeText('ＴＬＳ１．２（暗号化）')).toBe('TLS1.2(暗号化)');
    expect(normalizeText('ﾊﾞｯｸｱｯﾌﾟ')).toBe('バックアップ');
  });

  it('removes spaces the PDF extraction put between Japanese characters and punctuation', () => {
    expect(normalizeText('や 機 能 追 加 に も ⼒ を ⼊ れ て お り ま す 。 ま た 、 ISO/IEC 27001:2013 、 ISO/IEC')).toBe('や機能追加にも力を入れております。また、ISO/IEC 27001:2013、ISO/IEC');
    expect(normalizeText('タイムゾーンは UTC です 。')).toBe('タイムゾーンは UTC です。');
  });

  it('keeps spaces between Latin words and numbers', () => {
    expect(normalizeText('通信は TLS 1.2 方式により')).toBe('通信は TLS 1.2 方式により');
    expect(normalizeText('ISO/IEC 27001 と JIS Q 27001')).toBe('ISO/IEC 27001 と JIS Q 27001');
  });

  it('joins lines broken mid-sentence, with a space only between Latin words', () => {
    expect(normalizeText('システムを構築して\nおります。')).toBe('システムを構築しております。');
    expect(normalizeText('IPA Web Security \nCheckList V7 など')).toBe('IPA Web Security CheckList V7 など');
    expect(normalizeText('NTP(Network Time\nProtocol)サーバ')).toBe('NTP(Network Time Protocol)サーバ');
    expect(normalizeText('国際規格である \nISO/IEC 27001')).toBe('国際規格であるISO/IEC 27001');
    expect(normalizeText('ISO/IEC \n27017:2015 の認定')).toBe('ISO/IEC 27017:2015 の認定'); // «27017:» is no label
  });

  it('keeps real breaks: bullets, indented entries, lines after a full sentence, label lines, paragraphs', () => {
    expect(normalizeText('公開しております。\n・情報セキュリティ基本方針：https://x.example/')).toBe('公開しております。\n・情報セキュリティ基本方針:https://x.example/');
    expect(normalizeText('・LeySerKids\n\u3000Webサイトのお知らせページ\n\u3000公式X')).toBe('・LeySerKids\nWebサイトのお知らせページ\n公式X');
    expect(normalizeText('電子メール：a@example.com\n電話：050-0000-0000')).toBe('電子メール:a@example.com\n電話:050-0000-0000');
    expect(normalizeText('初回認証登録日：2022年7月1日\n登録活動範囲：')).toBe('初回認証登録日:2022年7月1日\n登録活動範囲:');
    expect(normalizeText('出身校サイト\n\n掲載できない場合は')).toBe('出身校サイト\n掲載できない場合は');
  });

  it('collapses whitespace and trims', () => {
    expect(normalizeText('  a \t  b  \n\n\n  ')).toBe('a b');
    expect(normalizeText('   ')).toBe('');
  });

  it('changes only whitespace and character forms (NFKC): the non-space characters are kept in order', () => {
    const unit = fc.constantFrom('あ', '漢', '目', '\u2F6C', 'Ａ', 'a', '1', '１', ' ', '\u3000', '\n', '\t', '。', '、', '・', '(', '（', ')', '）', '-', ':', '：', '※');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
        const compact = (x: string) => x.replace(/\s+/g, '');
        expect(compact(normalizeText(s))).toBe(compact(s.normalize('NFKC')));
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeMarkup', () => {
  it('decodes entities and strips the HTML and autolinks the spreadsheet conversion left', () => {
    expect(decodeMarkup('Education &amp; Welfare')).toBe('Education & Welfare');
    expect(decodeMarkup('<p>プライバシーマーク</p>')).toBe('プライバシーマーク');
    expect(decodeMarkup('a<br>b')).toBe('a\nb');
    expect(decodeMarkup('（ <a href="https://leyser.jp/slo/">https://leyser.jp/slo/</a> ）')).toBe('（ https://leyser.jp/slo/ ）');
    expect(decodeMarkup('（<https://www.mescius.com/policy/security/>）')).toBe('（https://www.mescius.com/policy/security/）');
  });
});

describe('normalized units of the real corpus', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });

  it('normalize the whitepaper PDF text and keep the printed original', () => {
    const purpose = corpus.unit('leyser-web-whitepaper#1.1');
    expect(purpose.heading).toBe('ホワイトペーパーの目的');
    expect(purpose.original.heading).toBe('ホワイトペーパーの\u2F6C的');

    const cloud = corpus.unit('leyser-web-whitepaper#2.2');
    expect(cloud.answer).toContain('機能追加にも力を入れております。また、ISO/IEC 27001:2013、ISO/IEC 27017:2015 の認定を受けており');
    expect(cloud.original.answer).toContain('や 機 能 追 加 に も ⼒ を ⼊ れ て お り ま す 。');

    const encryption = corpus.unit('leyserkids-whitepaper#2.10');
    expect(encryption.answer).toBe('「LeySerKids」のデータは、一般に公開される利用サービスの通信は TLS 1.2 方式により暗号化されます。');
  });

  it('join words the PDF broke across lines and page breaks', () => {
    // «バック» / (page break, blank lines) / «アップは、7世代…»
    expect(corpus.unit('leyserkids-whitepaper#2.11').answer).toBe('データベースに保管されるお客様の設定情報は、日次でバックアップを取得しております。バックアップは、7世代(7日)分保管されます。');
    expect(corpus.unit('leyser-web-whitepaper#2.18').answer).toContain('Web サーバの切り替えも不能な状態の場合は');
    expect(corpus.unit('leyser-checksheet-meti#1-1').heading).toBe('経営陣によって承認された情報セキュリティに関する基本方針を定めた文書があること。また、該当文書を全従業員及びクラウドサービス利用者に明示すること。');
    expect(corpus.unit('leyser-checksheet-meti#6-14').answer).toContain('NTP(Network Time Protocol)サーバ');
  });

  it('decode the HTML of the 総務省 sheet in the normalized text only', () => {
    const sla = corpus.unit('leyser-checksheet-mic#29');
    expect(sla.answer).toBe('LeySerシリーズはSLAを規定しておりませんが、弊社ホームページ(https://leyser.jp/slo/)にサービスレベル目標(SLO)を公開しております。');
    expect(sla.original.answer).toContain('<a href="https://leyser.jp/slo/">');
    expect(corpus.unit('leyser-checksheet-mic#23').original.answer).toMatch(/^<p>プライバシーマーク/);
  });

  it('leave no PDF or markup artefacts in any normalized text', () => {
    for (const u of corpus.units) {
      for (const text of [u.heading, u.answer, u.answerAsPrinted ?? '', ...u.section, ...u.productDetails.map((d) => d.text)]) {
        expect(text, u.id).toBe(text.normalize('NFKC'));
        expect(text, u.id).not.toMatch(/[\u2E80-\u2FDF]/); // CJK radicals (compatibility ideographs)
        expect(text, u.id).not.toMatch(/&(amp|lt|gt|quot|nbsp);|<\/?(p|a|br)\b/);
        expect(text, u.id).not.toMatch(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}、。] [\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}、。]/u);
        expect(text, u.id).not.toMatch(/ {2}|^\s|\s$/);
      }
    }
  });
});
