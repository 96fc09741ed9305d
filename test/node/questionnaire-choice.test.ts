// The dropdown value of an answered row comes from what the cited unit states: real positive and
// negative statements from the published documents (corpus units), the question's wording, and
// the dropdown's own spelling. Unsure → left empty, the candidate suggested in the remarks.
import { describe, expect, it } from 'vitest';
import { getUnit } from '../../src/corpus/store';
import { choiceForMark, decideChoice, questionShape, sentencePolarity, statementPolarity } from '../../src/questionnaire/choice';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { buildXlsx } from './questionnaire-fixtures';

const unit = (id: string) => {
  const u = getUnit(id);
  if (!u) throw new Error(`no unit ${id}`);
  return u;
};
const YES_NO = ['はい', 'いいえ', '該当なし'];

describe('what the official text states', () => {
  it.each([
    ['leyser-checksheet-mic#38', 'no'], // 無し
    ['leyser-checksheet-mic#37', 'yes'], // 有り …
    ['leyserkids-whitepaper#2.14', 'no'], // …提供しておりません。
    ['leyser-checksheet-mic#14', 'no'], // …行っておりません。
    ['leyser-checksheet-meti#11-6', 'no'], // × …提供しておりません。
  ])('%s → %s', (id, polarity) => {
    expect(statementPolarity(unit(id).answer)).toBe(polarity);
  });

  it('a description is not a yes ("…の管理範囲となっております"), a concession is not a clear yes', () => {
    expect(sentencePolarity('本事項についてはクラウドベンダーの管理範囲となっております。')).toBeNull();
    expect(sentencePolarity('LeySerシリーズはSLAを規定しておりませんが、弊社ホームページにサービスレベル目標(SLO)を公開しております。')).toBeNull();
    expect(sentencePolarity('非対応')).toBe('no');
    expect(sentencePolarity('非公開')).toBe('no');
  });
});

describe('the choice for a Japanese question (same language: the cited sentence must be about the question)', () => {
  it('real negatives from the documents become いいえ', () => {
    expect(decideChoice('ログの改ざん防止の措置はとられていますか。', unit('leyser-checksheet-mic#38'), YES_NO, 'ja').value).toBe('いいえ');
    expect(decideChoice('データ削除証明書を発行してもらえますか。', unit('leyserkids-whitepaper#2.8'), YES_NO, 'ja').value).toBe('いいえ');
    expect(decideChoice('情報のラベル付けをする機能はありますか。', unit('leyser-checksheet-meti#11-6'), YES_NO, 'ja').value).toBe('いいえ');
    expect(decideChoice('解約時に違約金は発生しますか。', unit('leyser-checksheet-mic#18'), YES_NO, 'ja').value).toBe('いいえ');
  });

  it("real positives become はい, in the dropdown's own spelling (○, Pass)", () => {
    expect(decideChoice('無操作時のセッションタイムアウトは設定されていますか。', unit('leyser-checksheet-meti#6-25'), YES_NO, 'ja').value).toBe('はい');
    expect(decideChoice('ISMS（ISO/IEC 27001）の認証を取得していますか。', unit('leyserkids-whitepaper#2.1'), YES_NO, 'ja').value).toBe('はい');
    expect(decideChoice('システムログを取得していますか。', unit('leyser-checksheet-mic#37'), ['○', '×', '－'], 'ja').value).toBe('○');
    expect(decideChoice('システムログを取得していますか。', unit('leyser-checksheet-mic#37'), ['Pass', 'Fail', 'N/A'], 'ja').value).toBe('Pass');
  });

  it('the mark and the sentence the question is about disagree → left empty ("○" but 「定期的な明示はしておりませんが」)', () => {
    const d = decideChoice('情報セキュリティインシデントを定期的に明示していますか。', unit('leyser-checksheet-meti#8-3'), YES_NO, 'ja');
    expect(d.value).toBeNull();
    expect(d.reason).toBe('mark_text_disagree');
  });

  it('a unit that shares no wording with the question does not lend it its mark; the candidate is suggested', () => {
    const d = decideChoice('データセンターに無停電電源装置はありますか。', unit('leyser-checksheet-meti#11-6'), YES_NO, 'ja');
    expect(d.value).toBeNull();
    expect(d.candidate).toBe('いいえ');
  });

  it('open and negated questions are never answered yes/no', () => {
    expect(questionShape('バックアップの取得頻度を教えてください。')).toBe('open');
    expect(questionShape('データのバックアップは取得していますか。取得頻度を教えてください。')).toBe('yes_no');
    expect(questionShape('過去に情報漏えい事故はありましたか。')).toBe('negative');
    // 「などの」「何らかの」 are not interrogatives: these are yes/no questions and requirement statements
    expect(questionShape('パスワードなどの機密データを暗号化していますか。')).toBe('yes_no');
    expect(questionShape('何らかの認証を行っていますか。')).toBe('yes_no');
    expect(questionShape('パスワードやピンなどの機密データは、ユーザーインタフェースを介して公開されていない。')).not.toBe('open');
    expect(questionShape('どのような認証方式ですか。')).toBe('open');
    expect(questionShape('ログは何日間保存しますか。')).toBe('open');
    expect(questionShape('どの範囲のデータを暗号化していますか。')).toBe('open');
    expect(decideChoice('過去に情報漏えい事故はありましたか。', unit('leyser-checksheet-mic#38'), YES_NO, 'ja')).toMatchObject({ value: null, candidate: null });
  });
});

describe('an English question answered from Japanese text: only ever a suggestion', () => {
  it('"Will you allow the institution to perform its own testing?" with a ○ unit → empty, "Yes" suggested', () => {
    const d = decideChoice('Will you allow the institution to perform its own vulnerability testing?', unit('leyser-checksheet-meti#10-6'), ['Yes', 'No', 'N/A'], 'en');
    expect(d).toMatchObject({ value: null, candidate: 'Yes' });
  });

  it('a form field label ("Country of Company Headquarters", HECVAT START HERE) asks for information: no "Yes" suggested', () => {
    for (const label of ['Country of Company Headquarters', 'Solution Provider Contact Phone Number', 'Employee Work Locations (all)', 'Solution Description']) {
      expect(questionShape(label), label).toBe('open');
      expect(decideChoice(label, unit('leyser-checksheet-meti#10-6'), ['Yes', 'No'], 'en'), label).toMatchObject({ value: null, candidate: null, reason: 'open_question' });
    }
    // questions and requirement statements keep their yes/no (Pass/Fail) shape
    expect(questionShape('Do you have a dedicated information security staff or office?')).toBe('yes_no');
    expect(questionShape('Is data encrypted at rest')).toBe('yes_no');
    expect(questionShape('Verify that the app uses TLS for all network connections.')).toBe('yes_no');
    expect(questionShape('The app enforces a minimum password length of 12 characters.')).toBe('yes_no');
    expect(questionShape('Multi-factor authentication')).toBe('yes_no');
  });

  it('"Have you had any violations…?" → empty and nothing suggested (yes/no depends on reading it)', () => {
    expect(decideChoice('Have you had any violations of data protection laws?', unit('leyser-checksheet-mic#38'), ['Yes', 'No'], 'en')).toMatchObject({ value: null, candidate: null });
  });
});

describe('dropdown spellings', () => {
  it.each([
    ['yes', ['Pass', 'Fail', 'N/A'], 'Pass'],
    ['no', ['Pass', 'Fail', 'N/A'], 'Fail'],
    ['na', ['○', '×', '－'], '－'],
    ['no', ['Yes', 'No', 'NA'], 'No'],
    ['partial', ['Yes', 'No', 'NA'], null],
  ] as const)('%s in %j → %s', (value, options, expected) => {
    expect(choiceForMark(value, options)).toBe(expected);
  });
});

describe("issue 18: the choice comes from the sentence about the question's point, not from a ○ elsewhere in the unit", () => {
  it('「…は非公開とさせていただいております」 is a no (a negative state said politely)', () => {
    expect(sentencePolarity('セキュリティ脆弱性診断報告書は非公開とさせていただいております。')).toBe('no');
    expect(sentencePolarity('クラウド利用者による脆弱性診断は非対応とさせていただいております。')).toBe('no');
    // …while a description or a done thing keeps its reading
    expect(sentencePolarity('リリース直前に第三者セキュリティ専門家によるセキュリティ脆弱性診断を行っています。')).toBe('yes');
  });

  it('○ on 経産省版 10-6 does not answer 「脆弱性診断の結果報告書を開示していますか」: its sentence about the report says 非公開 → いいえ', () => {
    const u = unit('leyser-checksheet-meti#10-6');
    expect(u.mark?.value).toBe('yes'); // the mark answers the requirement (independent reviews), not the report
    expect(decideChoice('脆弱性診断の結果報告書を開示していますか', u, YES_NO, 'ja')).toMatchObject({ value: 'いいえ', reason: null });
    expect(decideChoice('レビュー結果を開示していますか。', u, YES_NO, 'ja').value).toBe('いいえ');
    // two sentences as close to the question, one done and one 非公開: unsure → empty, never はい
    expect(decideChoice('第三者による脆弱性診断の報告書を提出できますか。', u, YES_NO, 'ja')).toMatchObject({ value: null, reason: 'mark_text_disagree' });
    // what the ○ does answer keeps its はい
    expect(decideChoice('第三者による脆弱性診断を実施していますか。', unit('leyser-checksheet-meti#6-6'), YES_NO, 'ja').value).toBe('はい');
  });

  it('through the real pipeline (LeySer System, はい/いいえ/該当なし list): the row cites 10-6 and never gets はい', () => {
    const questions = ['脆弱性診断の結果報告書を開示していますか', '第三者による脆弱性診断の報告書を提出できますか。', 'レビュー結果を開示していますか。'];
    const bytes = buildXlsx([
      {
        name: 'チェックシート',
        rows: [['No', '質問', '回答', '備考'], ...questions.map((q, i) => [i + 1, q, null, null])],
        validations: [{ sqref: 'C2:C4', formula: '"はい,いいえ,該当なし"' }],
      },
    ]);
    const outcome = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: 'LeySer System' });
    const [disclose, submit, review] = outcome.response.rows;
    expect(disclose).toMatchObject({ verdict: 'answered', written: expect.objectContaining({ id: 'leyser-checksheet-meti#10-6' }) });
    expect(disclose!.filled.answer).toBe('いいえ');
    expect(disclose!.filled.remarks).toContain('セキュリティ脆弱性診断報告書は非公開とさせていただいております');
    for (const r of outcome.response.rows) expect(r.filled.answer, r.question).not.toBe('はい');
    expect([submit!.filled.answer, review!.filled.answer]).not.toContain('はい');
    outcome.filledFile(); // and the file passes the write check
  });
});
