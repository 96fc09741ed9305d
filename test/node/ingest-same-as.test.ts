// Requirement 4: 同上 («same as above») answers of the 総務省 sheet resolve to the answer they
// refer to and keep the printed wording; rows without a disclosed answer are kept and flagged.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type Corpus } from './ingest-corpus';

const DOC = 'leyser-checksheet-mic';

/** Read off the source: each 同上 row and the nearest row above it with a real answer. */
const SAME_AS = { '22': '21', '28': '27', '45': '44', '50': '49' } as const;

/**
 * Rows with no answer in the source: 23 repeats the item's description in the answer cell,
 * 26 and 73 are a label alone, 58 and 60–66 end with the item's description (no answer column).
 */
const NO_ANSWER = ['23', '26', '58', '60', '61', '62', '63', '64', '65', '66', '73'];

describe('同上 and rows without an answer (総務省 sheet)', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });

  it('resolves each 同上 to the nearest answer above it, keeping 同上 as printed', () => {
    for (const [item, referenced] of Object.entries(SAME_AS)) {
      const u = corpus.unit(`${DOC}#${item}`);
      const target = corpus.unit(`${DOC}#${referenced}`);
      expect(u.answerAsPrinted, item).toBe('同上');
      expect(u.original.answer, item).toBe('同上');
      expect(u.sameAs, item).toBe(target.id);
      expect(u.answer, item).toBe(target.answer);
      expect(u.hasAnswer, item).toBe(true);
    }
    expect(corpus.unit(`${DOC}#50`).answer).toBe('LeySerシリーズ各製品を利用する際にはライセンス認証を行います。固定IPアクセス制限は利用可能です(お客様が選択できます)。');
    expect(corpus.unit(`${DOC}#22`).answer).toBe('弊社では各種リソースのモニタリングの実施、増強計画の見直しを行っております。');
  });

  it('leaves no unresolved 同上 and no sameAs elsewhere', () => {
    const withSameAs = corpus.units.filter((u) => u.sameAs !== undefined).map((u) => u.item);
    expect(withSameAs).toEqual(Object.keys(SAME_AS));
    for (const u of corpus.units) expect(u.answer, u.id).not.toBe('同上');
  });

  it('keeps rows without an answer as units flagged hasAnswer=false', () => {
    const unanswered = corpus.unitsOf(DOC).filter((u) => !u.hasAnswer);
    expect(unanswered.map((u) => u.item)).toEqual(NO_ANSWER);
    for (const u of unanswered) {
      expect(u.answer, u.item).toBe('');
      expect(u.productDetails, u.item).toEqual([]);
      expect(u.heading, u.item).not.toBe('');
    }
    // The description in 23's answer cell is shown as printed, and is the question, not an answer.
    const certification = corpus.unit(`${DOC}#23`);
    expect(certification.answerAsPrinted).toMatch(/^プライバシーマーク\(JIS Q 15001\)等、ISMS\(JIS Q 27001等\)/);
    expect(certification.heading).toMatch(/^認証取得・監査実施 \/ プライバシーマーク/);
    expect(corpus.unit(`${DOC}#58`).heading).toBe('サービス通知・報告 / 障害・災害発生時の通知 / 障害発生時通知の有無と、「有り」の場合は通知方法及び利用者への通知時間');
    expect(corpus.unit(`${DOC}#26`).heading).toBe('世代バックアップ(何世代前までかを記述)');
    expect(corpus.unit(`${DOC}#73`).heading).toBe('保管管理手順書の有無');
  });

  it('flags every other item of every document as answered', () => {
    for (const u of corpus.units) {
      if (u.documentId === DOC && NO_ANSWER.includes(u.item)) continue;
      expect(u.hasAnswer, u.id).toBe(true);
      // Only 4-2 of the 経産省 sheets discloses a mark without a remark.
      if (u.answer === '') expect(u.item, u.id).toBe('4-2');
    }
  });
});
