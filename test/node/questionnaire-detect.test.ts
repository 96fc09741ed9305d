import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/questionnaire/csv';
import { classifyHeader, detectLayout, isSectionText, type LayoutOverrides } from '../../src/questionnaire/detect';
import type { WorkbookModel } from '../../src/questionnaire/model';
import { readXlsx } from '../../src/questionnaire/xlsx';
import { appErrorOf, buildXlsx, type SheetSpec } from './questionnaire-fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const xlsxModel = (bytes: Uint8Array) => readXlsx(bytes).model;
const csvModel = (bytes: Uint8Array): WorkbookModel => ({
  format: 'csv',
  sheets: [{ name: 'CSV', hidden: false, cells: parseCsv(bytes, 10_000, () => new Error('too many')).values, merges: [], validations: [] }],
});
const detect = (sheets: SheetSpec[], ov: LayoutOverrides = {}, opts?: Parameters<typeof buildXlsx>[1]) => detectLayout(xlsxModel(buildXlsx(sheets, opts)), ov);

describe('detection on the sample fixtures', () => {
  it('school-cloud-checklist.xlsx: title rows, merged categories, section rows, dropdown from a hidden sheet', () => {
    const { sheets, skipped } = detectLayout(xlsxModel(fixture('school-cloud-checklist.xlsx')));
    expect(sheets).toHaveLength(1);
    const s = sheets[0]!;
    expect(s).toMatchObject({ sheet: 'チェックシート', headerRow: 4, questionCol: 2, answerCol: 3, remarksCol: 4, language: 'ja', detectedBy: 'header' });
    expect(s.answerChoices).toEqual(['はい', 'いいえ', '一部対応', '該当なし']);
    expect(s.sectionRows.map((r) => r + 1)).toEqual([6, 17, 28, 39, 50]);
    expect(s.questionRows).toHaveLength(40);
    expect(s.questionRows[0]).toBe(6); // row 7
    expect(s.questionRows.at(-1)).toBe(53); // row 54
    expect(skipped.map((k) => [k.sheet, k.reason])).toEqual([
      ['記入要領', 'not_questionnaire'],
      ['選択肢', 'hidden'],
    ]);
  });

  it('vendor-questionnaire-sjis.csv: 項番/カテゴリ/質問/回答/備考', () => {
    const s = detectLayout(csvModel(fixture('vendor-questionnaire-sjis.csv'))).sheets[0]!;
    expect(s).toMatchObject({ headerRow: 0, questionCol: 2, answerCol: 3, remarksCol: 4, language: 'ja', answerChoices: null });
    expect(s.questionRows).toHaveLength(17);
  });

  it('vendor-assessment-en.csv: #/Domain/Question/Response/Comments', () => {
    const s = detectLayout(csvModel(fixture('vendor-assessment-en.csv'))).sheets[0]!;
    expect(s).toMatchObject({ headerRow: 0, questionCol: 2, answerCol: 3, remarksCol: 4, language: 'en' });
    expect(s.questionRows).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('header names', () => {
  it.each([
    ['確認項目', 'question'],
    ['質問内容', 'question'],
    ['確認事項', 'question'],
    ['評価項目', 'question'],
    ['Question', 'question'],
    ['回答', 'answer'],
    ['回答欄', 'answer'],
    ['貴社回答', 'answer'],
    ['Response', 'answer'],
    ['Vendor Answer', 'answer'],
    ['補足説明', 'remarks'],
    ['回答補足', 'remarks'],
    ['備考', 'remarks'],
    ['根拠', 'remarks'],
    ['Comments', 'remarks'],
    ['Notes', 'remarks'],
    ['参照資料', 'reference'],
    ['No.', 'id'],
    ['項番', 'id'],
    ['質問番号', 'id'],
    ['分類', 'category'],
    ['Domain', 'category'],
  ])('%s → %s', (header, kind) => {
    expect(classifyHeader(header)).toBe(kind);
  });

  it('a long instruction sentence is not a header', () => {
    expect(classifyHeader('「回答」欄はプルダウンから選択し、「補足説明」欄に根拠となる資料名・項番を記載してください。')).toBeNull();
  });

  it('section headings', () => {
    for (const t of ['■ データ管理', '【第1章】', '第2章 アクセス制御', '◆ 物理セキュリティ', 'Section 3 Operations']) expect(isSectionText(t)).toBe(true);
    for (const t of ['【必須】パスワードの最小文字数を設定できますか。', 'バックアップを取得していますか。', 'Is data encrypted?']) expect(isSectionText(t)).toBe(false);
  });
});

describe('generated layouts', () => {
  it('finds the header below a title block and a merged title, with 【第1章】 section rows', () => {
    const rows = [
      ['セキュリティ確認書'],
      ['提出日', 46000],
      [],
      ['※ 各項目にご回答ください'],
      ['No', '質問事項', '回答欄', '備考'],
      ['【第1章】組織'],
      [1, 'ISMS認証を取得していますか。', null, null],
      [2, '情報セキュリティ方針を\n公開していますか。', null, null],
      [],
      ['【第2章】技術'],
      [3, '通信は暗号化されていますか。', null, null],
    ];
    const { sheets } = detect([{ name: 'S', rows, merges: ['A1:D1'], startRow: 8 }]);
    const s = sheets[0]!;
    expect(s.headerRow).toBe(11); // row 12
    expect(s.questionCol).toBe(1);
    expect(s.answerCol).toBe(2);
    expect(s.remarksCol).toBe(3);
    expect(s.questionRows.map((r) => r + 1)).toEqual([14, 15, 18]);
    expect(s.sectionRows.map((r) => r + 1)).toEqual([13, 17]);
  });

  it('a header-named column whose questions repeat (the same question per system) is still the question column', () => {
    const qs = ['ログを保管していますか。', 'バックアップを取得していますか。', '通信は暗号化されていますか。'];
    const rows = [['No.', '確認項目', '回答'], ...Array.from({ length: 30 }, (_, i) => [i + 1, qs[i % qs.length]!, null])];
    const { sheets } = detect([{ name: 'S', rows }]);
    expect(sheets[0]).toMatchObject({ questionCol: 1, answerCol: 2 });
    // Repeated short values under a question-ish header are still options, not questions.
    const options = [['確認項目', '回答'], ...Array.from({ length: 12 }, (_, i) => [i % 2 ? 'Yes' : 'No', null])];
    expect(() => detect([{ name: 'S', rows: options }])).toThrow();
  });

  it('an answer column standing left of the question column', () => {
    const { sheets } = detect([
      {
        name: 'S',
        rows: [
          ['回答', '確認事項', '補足'],
          [null, 'ログを保管していますか。'],
          [null, 'バックアップを取得していますか。'],
        ],
      },
    ]);
    expect(sheets[0]).toMatchObject({ answerCol: 0, questionCol: 1, remarksCol: 2 });
  });

  it('falls back to content statistics when there is no header', () => {
    const { sheets } = detect([
      {
        name: 'S',
        rows: [
          ['1', 'データは暗号化されていますか。', null],
          ['2', 'バックアップは取得していますか。', null],
          ['3', 'ログの保存期間を教えてください。', null],
        ],
      },
    ]);
    expect(sheets[0]).toMatchObject({ headerRow: null, questionCol: 1, answerCol: 2, remarksCol: null, detectedBy: 'content' });
    expect(sheets[0]!.questionRows).toEqual([0, 1, 2]);
  });

  it('falls back to content when the headers are unusual, and takes the dropdown column as the answer', () => {
    const { sheets } = detect([
      {
        name: 'S',
        rows: [
          ['#', 'Topic', 'Vendor says', 'Extra'],
          [1, 'Do you encrypt data at rest?', null, null],
          [2, 'How long are logs retained?', null, null],
          [3, 'Describe your backup policy.', null, null],
        ],
        validations: [{ sqref: 'C2:C4', formula: '"Yes,No,N/A"' }],
      },
    ]);
    expect(sheets[0]).toMatchObject({ headerRow: 0, questionCol: 1, answerCol: 2, language: 'en', answerChoices: ['Yes', 'No', 'N/A'] });
  });

  it('reads list validations: literal lists, other-sheet ranges, x14 extensions and defined names', () => {
    const q = (n: number) => [n, `質問${n}を確認していますか。`, null];
    const choices = { name: 'リスト', hidden: true, rows: [['○'], ['△'], ['×'], ['－']] };
    const literal = detect([{ name: 'S', rows: [['No', '質問', '回答'], q(1)], validations: [{ sqref: 'C2', formula: '"はい,いいえ,該当なし"' }] }]);
    expect(literal.sheets[0]!.answerChoices).toEqual(['はい', 'いいえ', '該当なし']);
    const x14 = detect([{ name: 'S', rows: [['No', '質問', '回答'], q(1)], x14Validations: [{ sqref: 'C2:C100', formula: 'リスト!$A$1:$A$4' }] }, choices]);
    expect(x14.sheets[0]!.answerChoices).toEqual(['○', '△', '×', '－']);
    const named = detect([{ name: 'S', rows: [['No', '質問', '回答'], q(1)], validations: [{ sqref: 'C2:C100', formula: 'Marks' }] }, choices], {}, { definedNames: [{ name: 'Marks', ref: "'リスト'!$A$1:$A$4" }] });
    expect(named.sheets[0]!.answerChoices).toEqual(['○', '△', '×', '－']);
    expect(named.skipped).toEqual([{ sheet: 'リスト', reason: 'hidden' }]);
  });

  it('every visible sheet with questions is detected, in sheet order', () => {
    const { sheets } = detect([
      { name: 'A', rows: [['質問', '回答'], ['ログを保管していますか。']] },
      { name: 'B', rows: [['Question', 'Answer'], ['Do you keep logs?']] },
    ]);
    expect(sheets.map((s) => [s.sheet, s.language])).toEqual([
      ['A', 'ja'],
      ['B', 'en'],
    ]);
  });
});

describe('overrides and failures', () => {
  const sheet: SheetSpec = {
    name: 'S',
    rows: [
      ['x', 'y', 'z', 'w'],
      ['a', 'ログを保管していますか。', '', ''],
      ['b', 'バックアップは？', '', ''],
    ],
  };

  it('the caller can set sheet, header row and columns', () => {
    const { sheets } = detect([sheet, { name: 'T', rows: [['質問'], ['別のシートの質問ですか。']] }], { sheet: 'S', headerRow: 0, questionCol: 1, answerCol: 3, remarksCol: 2 });
    expect(sheets).toHaveLength(1);
    expect(sheets[0]).toMatchObject({ sheet: 'S', headerRow: 0, questionCol: 1, answerCol: 3, remarksCol: 2, detectedBy: 'override' });
    expect(sheets[0]!.questionRows).toEqual([1, 2]);
  });

  it('unknown sheet → 400 sheet_not_found listing the sheets', () => {
    const err = appErrorOf(() => detect([sheet], { sheet: 'Nope' }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('sheet_not_found');
    expect(err.details).toEqual({ sheets: ['S'] });
  });

  it('no question column → 422 saying what was looked for', () => {
    const err = appErrorOf(() =>
      detect([
        {
          name: 'S',
          rows: [
            ['a', 'b'],
            ['1', '2'],
          ],
        },
      ]),
    );
    expect(err.status).toBe(422);
    expect(err.code).toBe('no_question_column');
    expect(err.messageEn).toContain('確認項目');
    expect(err.messageJa).toContain('確認項目');
    expect((err.details as { lookedFor: string[] }).lookedFor).toContain('question');
  });

  it('a question header with no question rows under it → 422 no_question_rows naming the column, not "no question column"', () => {
    const err = appErrorOf(() => detectLayout(csvModel(new TextEncoder().encode('質問,回答,備考\n'))));
    expect(err.status).toBe(422);
    expect(err.code).toBe('no_question_rows');
    expect(err.messageJa).toContain('質問の行がありません');
    expect(err.messageJa).toContain('A 列');
    expect(err.details).toEqual({ sheets: [{ sheet: 'CSV', questionColumn: 'A', headerRow: 1 }] });
  });

  it('a chosen answer or remarks column that is the question column, or the same as each other → 400 invalid_override, never a half-filled file', () => {
    const sheets = [
      {
        name: 'S',
        rows: [
          ['質問', '回答', '備考'],
          ['パスワードの最小文字数は何文字ですか。', '', ''],
        ],
      },
    ];
    const asQuestion = appErrorOf(() => detect(sheets, { answerCol: 0 }));
    expect(asQuestion.code).toBe('invalid_override');
    expect(asQuestion.status).toBe(400);
    expect(asQuestion.messageJa).toContain('A 列は質問の列です');
    expect(appErrorOf(() => detect(sheets, { remarksCol: 0 })).messageEn).toContain('remarksColumn: column A is the question column');
    expect(appErrorOf(() => detect(sheets, { answerCol: 1, remarksCol: 1 })).messageJa).toContain('B 列は回答の列です');
    // distinct columns chosen by hand are fine
    expect(detect(sheets, { answerCol: 2, remarksCol: 1 }).sheets[0]).toMatchObject({ answerCol: 2, remarksCol: 1 });
  });

  it('an explicit question column that holds no questions → 422 no_question_rows naming that column', () => {
    const err = appErrorOf(() =>
      detect(
        [
          {
            name: 'S',
            rows: [
              ['質問', '回答'],
              ['パスワードの最小文字数は何文字ですか。', ''],
            ],
          },
        ],
        { questionCol: 25 },
      ),
    );
    expect(err.code).toBe('no_question_rows');
    expect(err.messageJa).toContain('Z 列');
  });
});
