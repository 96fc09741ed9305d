// Issue 18, layout classes seen on unseen files, each rebuilt as a generated workbook of the same
// shape: a requirement-level column under an answer header, a lone long title cell, detail rows
// (■…) under questions, the sheet holding the dropdowns' lists, a diff-view copy of the
// questionnaire, and form fields ("Solution Name") that a product list must never answer.
import { describe, expect, it } from 'vitest';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { asksForDatum } from '../../src/questionnaire/choice';
import { appErrorOf, buildXlsx, type CellValue, type SheetSpec } from './questionnaire-fixtures';

const PRODUCT = 'LeySer System';
const REQUIREMENTS = [
  'アクセスログを取得し、一定期間保管すること。',
  'データのバックアップを定期的に取得すること。',
  '通信経路を暗号化すること。',
  '管理者アカウントに多要素認証を適用すること。',
  '脆弱性診断を定期的に実施すること。',
  'ウイルス対策ソフトを導入すること。',
];
const QUESTIONS = REQUIREMENTS.map((q) => q.replace('すること。', 'していますか。'));
const run = (sheets: SheetSpec[], extra: Record<string, unknown> = {}) => processQuestionnaire({ bytes: buildXlsx(sheets), fileName: 'q.xlsx', contentType: '', product: PRODUCT, ...extra });

describe('a requirement level under an answer header (必須/推奨 on every row) is not the answer column', () => {
  const requirementList: SheetSpec = {
    name: '要件一覧',
    rows: [['No', '要件', '対応可否', '備考'], ...REQUIREMENTS.map((q, i) => [i + 1, q, i % 2 ? '推奨' : '必須', i % 3 === 0 ? '詳細はガイドライン第3章を参照のこと。' : null])],
  };

  it("no answer column at all: 422 no_answer_column, not 200 with markers among the authors' notes", () => {
    const err = appErrorOf(() => run([requirementList]));
    expect(err.code).toBe('no_answer_column');
    expect(err.details).toMatchObject({ skippedSheets: [{ sheet: '要件一覧', reason: 'no_answer_column' }] });
  });

  it('named by hand, the answer column is used; the level column is never written', () => {
    const o = run([{ ...requirementList, rows: requirementList.rows.map((r, i) => [...r, i === 0 ? '' : null]) }], { overrides: { answerCol: 4 } });
    const s = o.response.layout.sheets[0]!;
    expect(s.answerColumn).toBe('E');
    for (const r of o.response.rows) expect(r.filled.answer === null || !['必須', '推奨'].includes(r.filled.answer)).toBe(true);
  });

  it('a column of real answers (はい/いいえ) or with a dropdown stays the answer column', () => {
    const answered = run([{ name: 'S', rows: [['No', '要件', '対応可否', '備考'], ...REQUIREMENTS.map((q, i) => [i + 1, q, i % 2 ? 'はい' : 'いいえ', null])] }]);
    expect(answered.response.layout.sheets[0]!.answerColumn).toBe('C');
    const listed = run([{ name: 'S', rows: [['No', '要件', '対応可否', '備考'], ...REQUIREMENTS.map((q, i) => [i + 1, q, '対応', null])], validations: [{ sqref: 'C2:C7', formula: '"対応,未対応"' }] }]);
    expect(listed.response.layout.sheets[0]!.answerColumn).toBe('C');
  });
});

describe('a lone long title cell is not the header row', () => {
  it('title in row 1 (naming 回答), instructions, then the header repeated per section below row 30', () => {
    const rows: CellValue[][] = [['セキュリティチェックシート回答票（クラウドサービス事業者様ご記入用・令和6年度版）']];
    for (let i = 0; i < 32; i++) rows.push([`記入上の注意 ${i + 1}: 各項目について該当する内容を記入してください。`]);
    rows.push(['No', '確認項目', '回答', '備考'], ...QUESTIONS.slice(0, 3).map((q, i) => [i + 1, q, null, null]));
    rows.push(['■ 第2章 運用']);
    rows.push(['No', '確認項目', '回答', '備考'], ...QUESTIONS.slice(3).map((q, i) => [i + 4, q, null, null]));
    const o = run([{ name: 'S', rows }]);
    const s = o.response.layout.sheets[0]!;
    expect(s).toMatchObject({ headerRow: 34, questionColumn: 'B', answerColumn: 'C', remarksColumn: 'D', questionRows: 6 });
    expect(s.headerRows).toEqual([34, 39]);
    expect(o.response.rows.map((r) => r.question)).toEqual(QUESTIONS);
  });
});

describe('detail rows under a question (■…) are not questions', () => {
  it('a long ■ explanation of levels under each question: 6 questions, not 12', () => {
    const rows: CellValue[][] = [['No', '質問', '回答', '備考']];
    QUESTIONS.forEach((q, i) => {
      rows.push([i + 1, q, null, null]);
      rows.push([null, '■レベル1: 年1回以上の実施。レベル2: 半年に1回以上の実施と記録の保管。レベル3: 四半期に1回以上の実施、記録の保管および結果の報告。', null, null]);
    });
    const o = run([{ name: 'S', rows }]);
    expect(o.response.layout.sheets[0]!.questionRows).toBe(6);
    expect(o.response.rows.map((r) => r.question)).toEqual(QUESTIONS);
  });
});

describe("the sheet holding the dropdowns' lists is not answered", () => {
  it('a list sheet with question-like explanations, named like anything: skipped as list_source', () => {
    const list: SheetSpec = {
      name: 'マスタ',
      rows: [
        ['区分', '選択肢', '説明'],
        [1, 'はい', '対策を実施していますか。実施している場合に選択してください。'],
        [2, 'いいえ', '対策を実施していますか。実施していない場合に選択してください。'],
        [3, '該当なし', '対象外の場合に選択してください。'],
      ],
    };
    const o = run([{ name: '質問票', rows: [['No', '質問', '回答', '備考'], ...QUESTIONS.map((q, i) => [i + 1, q, null, null])], validations: [{ sqref: 'C2:C7', formula: 'マスタ!$B$2:$B$4' }] }, list]);
    expect(o.response.layout.sheets.map((s) => s.sheet)).toEqual(['質問票']);
    expect(o.response.layout.skippedSheets).toEqual([expect.objectContaining({ sheet: 'マスタ', reason: 'list_source' })]);
    expect(o.response.layout.sheets[0]!.answerChoices).toEqual(['はい', 'いいえ', '該当なし']);
    const filled = processQuestionnaire({
      bytes: buildXlsx([{ name: '質問票', rows: [['No', '質問', '回答', '備考'], ...QUESTIONS.map((q, i) => [i + 1, q, null, null])], validations: [{ sqref: 'C2:C7', formula: 'マスタ!$B$2:$B$4' }] }, list]),
      fileName: 'q.xlsx',
      contentType: '',
      product: PRODUCT,
    });
    filled.filledFile(); // the list sheet is untouched (write check)
    expect(filled.response.rows.every((r) => r.sheet === '質問票')).toBe(true);
  });
});

describe('a copy of the questionnaire is answered once', () => {
  const main: SheetSpec = { name: '質問票', rows: [['No', '質問', '回答', '備考'], ...QUESTIONS.map((q, i) => [i + 1, q, null, null])], validations: [{ sqref: 'C2:C7', formula: '"はい,いいえ,該当なし"' }] };

  it('a "diff view" sheet repeating the questions row for row: skipped as mirror', () => {
    const diff: SheetSpec = { name: '差分表示', rows: main.rows.map((r, i) => [...r.slice(0, 2), null, null, i === 0 ? '変更' : '変更なし']) };
    const o = run([main, diff]);
    expect(o.response.layout.sheets.map((s) => s.sheet)).toEqual(['質問票']);
    expect(o.response.layout.skippedSheets).toEqual([expect.objectContaining({ sheet: '差分表示', reason: 'mirror' })]);
    expect(o.response.totals.questions).toBe(6);
  });

  it('the same questions for another system, with its own dropdowns (Android / iOS), are both answered', () => {
    const o = run([
      { ...main, name: 'Android' },
      { ...main, name: 'iOS' },
    ]);
    expect(o.response.layout.sheets.map((s) => s.sheet)).toEqual(['Android', 'iOS']);
  });
});

describe("a form field for the respondent's own datum is never answered from the documents", () => {
  it('"Solution Name", "Vendor Name", 「製品名」: nothing written, a row message says why; questions are still answered', () => {
    const o = run([
      {
        name: 'Vendor',
        rows: [
          ['Question', 'Answer', 'Notes'],
          ['Solution Name', null, null],
          ['Vendor Name', null, null],
          ['製品名', null, null],
          ['Do you encrypt data at rest?', null, null],
        ],
      },
    ]);
    const [solution, vendor, product, encrypt] = o.response.rows;
    for (const r of [solution!, vendor!, product!]) {
      expect(r.filled).toEqual({ answer: null, remarks: null });
      expect(r.written).toBeNull();
      expect(r.messages.map((m) => m.code)).toEqual(['datum_field']);
    }
    expect(encrypt!.filled.remarks).not.toBeNull();
  });

  it('what counts as such a field', () => {
    for (const q of ['Solution Name', 'Vendor Contact Email', 'Country of Company Headquarters', '製品名', 'ご担当者様の連絡先', '会社名']) expect(asksForDatum(q), q).toBe(true);
    for (const q of ['Do you encrypt data at rest?', 'Multi-factor authentication', 'データを暗号化していますか。', '製品名を教えてください。'.replace('を教えてください。', 'の変更時に通知していますか。')])
      expect(asksForDatum(q), q).toBe(false);
  });
});

describe('a row another vendor already answered gets nothing of ours beside it', () => {
  it('answer cells filled on rows 2–4: no marker or official text in their remarks; rows 5–7 are answered as usual', () => {
    const o = run([{ name: 'S', rows: [['No', '質問', '回答', '備考'], ...QUESTIONS.map((q, i) => [i + 1, q, i < 3 ? (i % 2 ? 'いいえ' : 'はい') : null, null])] }]);
    for (const r of o.response.rows.filter((x) => x.row <= 4)) {
      expect(r.filled).toEqual({ answer: null, remarks: null });
      expect(r.messages).toContainEqual(expect.objectContaining({ code: 'cell_not_empty', params: { column: 'answer', cell: `C${r.row}` } }));
    }
    for (const r of o.response.rows.filter((x) => x.row >= 5)) expect(r.filled.remarks).not.toBeNull();
    o.filledFile();
  });
});
