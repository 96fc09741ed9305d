// The similar-question search of approvals (src/approvals/similarity.ts): the prefix-filtered
// index must find exactly what comparing the query with every approval finds, and the key must
// treat width, case, spaces and punctuation as the same question.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigramSimilarityIndex, SIMILAR_MIN_DICE, dice, questionKey, similarityTokens } from '../../src/approvals/similarity';

const WORDS = ['データ', 'バックアップ', '取得', 'して', 'いますか', '暗号化', '通信', 'パスワード', 'ログ', '保管', '期間', 'は', 'の', 'を', 'Do', 'you', 'encrypt', 'data', 'backup', 'logs', '？', '。', ' '];
const question = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((ws) => ws.join(''));

describe('approvals: similar questions', () => {
  it('the prefix-filtered index returns exactly the brute-force Dice matches, for any threshold', () => {
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 40 }), question, fc.double({ min: 0.3, max: 1, noNaN: true }), (stored, q, t) => {
        const index = new BigramSimilarityIndex(stored);
        const got = index
          .search(q, t)
          .map((h) => h.entry)
          .sort((a, b) => a - b);
        const qt = similarityTokens(q);
        const want = stored
          .map((s, i) => ({ i, d: dice(qt, similarityTokens(s)) }))
          .filter((x) => x.d >= t && qt.length > 0)
          .map((x) => x.i);
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('normalizes width, case, whitespace and punctuation into one key, and keeps different words apart', () => {
    expect(questionKey('データのバックアップは取得していますか。')).toBe(questionKey(' データの　バックアップは、取得していますか？ '));
    expect(questionKey('Do you encrypt data at rest?')).toBe(questionKey('do you ENCRYPT data at rest'));
    expect(questionKey('ＭＦＡは必須ですか')).toBe(questionKey('MFAは必須ですか'));
    expect(questionKey('ログは取得していますか')).not.toBe(questionKey('バックアップは取得していますか'));
  });

  it('compares English by words: two CAIQ-style questions sharing their boilerplate stay below the threshold', () => {
    const a = 'Are business continuity management and operational resilience policies and procedures established, documented, approved, communicated, applied, evaluated and maintained?';
    const b = 'Are strong password policies and procedures established, documented, approved, communicated, applied, evaluated and maintained?';
    expect(dice(similarityTokens(a), similarityTokens(b))).toBeLessThan(SIMILAR_MIN_DICE);
    expect(dice(similarityTokens('ウイルス対策ソフトは全てのサーバに導入していますか'), similarityTokens('ウイルス対策ソフトは全てのサーバに導入されていますか'))).toBeGreaterThanOrEqual(SIMILAR_MIN_DICE);
  });
});
