// Issue 18: templates that pre-fill every answer cell with one default (未確認 on all rows, FALSE,
// a score "1", the first item of the cell's list) are recognised, said once at the top, and
// written over only on request (overwritePlaceholders) — never anything else. When not one cell
// can be written, the result says why (notice) and ?format=file is a 422, not an unchanged file.
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { placeholderValue } from '../../src/questionnaire/placeholders';
import { readXlsx } from '../../src/questionnaire/xlsx';
import { QuestionnaireFieldsSchema } from '../../src/questionnaire/schema';
import { appErrorOf, buildXlsx, sheetXml, type CellValue } from './questionnaire-fixtures';

const PRODUCT = 'LeySer System';
const QUESTIONS = ['ISMS（ISO/IEC 27001）の認証を取得していますか。', 'システムログを取得していますか。', '無操作時のセッションタイムアウトは設定されていますか。', 'データセンターは国内にありますか。'];

function sheet(answer: (i: number) => CellValue, opts: { remarks?: boolean; validation?: string } = {}) {
  const header = opts.remarks === false ? ['No', '質問', '回答'] : ['No', '質問', '回答', '備考'];
  return {
    name: 'チェックシート',
    rows: [header, ...QUESTIONS.map((q, i) => [i + 1, q, answer(i)])],
    ...(opts.validation ? { validations: [{ sqref: `C2:C${QUESTIONS.length + 1}`, formula: opts.validation }] } : {}),
  };
}

const run = (bytes: Uint8Array, overwritePlaceholders = false) => processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT, overwritePlaceholders });
const codes = (o: ReturnType<typeof run>) => o.response.notices.map((n) => n.code);

describe('placeholder answer columns', () => {
  it('未確認 on every row (the first item of the list): reported once, kept, and each row says so — not 「空欄にしました」', () => {
    const bytes = buildXlsx([sheet(() => '未確認', { validation: '"未確認,はい,いいえ,該当なし"' })]);
    const o = run(bytes);
    expect(codes(o)).toEqual(['placeholder_answers']);
    const notice = o.response.notices[0]!;
    expect(notice.message).toContain('column C (answer): "未確認" on 4 rows');
    expect(notice.message_ja).toContain('既定値を上書きする');
    expect(o.response.rows.every((r) => r.filled.answer === null)).toBe(true);
    const answered = o.response.rows.filter((r) => r.citations.length > 0);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) {
      const m = r.messages.map((x) => x.code);
      expect(m.includes('cell_placeholder') || m.includes('choice_left_empty')).toBe(true);
      expect(m).not.toContain('cell_not_empty');
      // the cell keeps 未確認: no message may say it was emptied
      for (const x of r.messages) expect(x.message_ja).not.toContain('空欄にしました');
    }
    expect(o.response.rows.some((r) => r.filled.remarks !== null)).toBe(true); // remarks still written
  });

  it('with overwritePlaceholders the defaults are written over with the choice; the file passes the write check', () => {
    const bytes = buildXlsx([sheet(() => '未確認', { validation: '"未確認,はい,いいえ,該当なし"' })]);
    const o = run(bytes, true);
    expect(o.response.notices[0]!.message).toContain('written over');
    const written = o.response.rows.filter((r) => r.filled.answer !== null);
    expect(written.length).toBeGreaterThan(0);
    for (const r of written) {
      expect(['はい', 'いいえ', '該当なし']).toContain(r.filled.answer);
      expect(r.messages.map((m) => m.code)).toContain('placeholder_overwritten');
    }
    const after = readXlsx(o.filledFile().bytes).model.sheets[0]!;
    for (const r of o.response.rows) expect(after.cells[r.row - 1]![2]).toBe(r.filled.answer ?? '未確認');
  });

  it('never over anything else: one row answered by hand makes the column answers, not placeholders', () => {
    const bytes = buildXlsx([sheet((i) => (i === 1 ? 'はい' : '未確認'), { validation: '"未確認,はい,いいえ,該当なし"' })]);
    const o = run(bytes, true);
    expect(codes(o)).not.toContain('placeholder_answers');
    expect(o.response.rows.every((r) => r.filled.answer === null)).toBe(true);
    expect(o.response.rows.some((r) => r.messages.some((m) => m.code === 'cell_not_empty'))).toBe(true);
  });

  it('FALSE on every row (boolean cells, no list): written over as a boolean TRUE/FALSE cell, never a word', () => {
    const rows = [['No', '質問', '回答', '備考'], ...QUESTIONS.map((q, i) => [i + 1, q, null])];
    const xml = sheetXml({ name: 'S', rows }).replace(/<\/row>/g, (end, offset: number, all: string) => {
      const r = (all.slice(0, offset).match(/<row r="(\d+)"/g) ?? []).length;
      return r >= 2 ? `<c r="C${r}" t="b"><v>0</v></c>${end}` : end;
    });
    const bytes = buildXlsx([{ name: 'S', rows: [] }], { rawSheetXml: { 0: xml } });
    expect(placeholderValue(readXlsx(bytes).model.sheets[0]!, [1, 2, 3, 4], 2)).toBe('FALSE');
    expect(codes(run(bytes))).toContain('placeholder_answers');
    const o = run(bytes, true);
    const written = o.response.rows.filter((r) => r.filled.answer !== null);
    expect(written.length).toBeGreaterThan(0);
    for (const r of written) expect(['TRUE', 'FALSE']).toContain(r.filled.answer);
    const part = new TextDecoder().decode(unzipSync(o.filledFile().bytes)['xl/worksheets/sheet1.xml']);
    for (const r of written) expect(part).toContain(`<c r="C${r.row}" t="b"><v>${r.filled.answer === 'TRUE' ? 1 : 0}</v></c>`);
  });

  it('a score "1" on every row (no list): a placeholder, and no word is ever written into the score column', () => {
    const bytes = buildXlsx([sheet(() => '1')]);
    expect(codes(run(bytes))).toContain('placeholder_answers');
    const o = run(bytes, true);
    expect(o.response.rows.every((r) => r.filled.answer === null)).toBe(true);
    expect(o.response.rows.some((r) => r.filled.remarks !== null)).toBe(true);
    o.filledFile();
  });

  it('a column of real answers (different values) or a repeated requirement level is not a placeholder', () => {
    const model = readXlsx(
      buildXlsx([
        {
          name: 'S',
          rows: [
            ['Q', 'A', 'B'],
            ['q1', 'はい', '必須'],
            ['q2', 'いいえ', '必須'],
            ['q3', 'はい', '必須'],
          ],
        },
      ]),
    ).model.sheets[0]!;
    expect(placeholderValue(model, [1, 2, 3], 1)).toBeNull();
    expect(placeholderValue(model, [1, 2, 3], 2)).toBeNull();
  });

  it('the API field: "true"/"on"/"1" turn it on; anything else is refused', () => {
    const parse = (v?: string) => QuestionnaireFieldsSchema.safeParse({ product: PRODUCT, overwritePlaceholders: v });
    expect(parse('on').data?.overwritePlaceholders).toBe(true);
    expect(parse('true').data?.overwritePlaceholders).toBe(true);
    expect(parse(undefined).data?.overwritePlaceholders).toBe(false);
    expect(parse('yes please').success).toBe(false);
  });
});

describe('nothing writable', () => {
  it('every target cell locked (protected sheet): one notice says why; ?format=file is 422 nothing_writable, not an unchanged file', () => {
    const xml = sheetXml(sheet(() => null)).replace('</sheetData>', '</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/>');
    const bytes = buildXlsx([{ name: 'S', rows: [] }], { rawSheetXml: { 0: xml } });
    const o = run(bytes);
    expect(codes(o)).toEqual(['nothing_written']);
    expect(o.response.notices[0]!.message).toMatch(/Nothing can be written.*locked by sheet protection.*Unprotect/);
    const err = appErrorOf(() => o.filledFile());
    expect(err.code).toBe('nothing_writable');
    expect(err.status).toBe(422);
    expect(err.details).toMatchObject({ locked: expect.any(Number) });
    expect((err.details as { locked: number }).locked).toBeGreaterThan(0);
  });

  it('placeholders only and no remarks column: the notice points at overwritePlaceholders', () => {
    const bytes = buildXlsx([sheet(() => '未確認', { remarks: false, validation: '"未確認,はい,いいえ,該当なし"' })]);
    const o = run(bytes);
    expect(codes(o)).toEqual(['placeholder_answers', 'nothing_written']);
    expect(o.response.notices[1]!.message).toContain('overwritePlaceholders=true');
    expect(appErrorOf(() => o.filledFile()).code).toBe('nothing_writable');
    // …and with the option, the file is written
    expect(run(bytes, true).filledFile().bytes.length).toBeGreaterThan(0);
  });

  it('a file already filled (uploaded again): the notice says the cells already hold content; the file comes back as it is', () => {
    const first = run(buildXlsx([sheet(() => null)])).filledFile().bytes;
    const again = processQuestionnaire({ bytes: first, fileName: 'q.xlsx', contentType: '', product: PRODUCT });
    expect(codes(again)).toEqual(['nothing_written']);
    expect(again.response.notices[0]!.message).toMatch(/\d+ cells that already hold content/);
    expect(again.response.notices[0]!.message_ja).toContain('既に記入のあるセル');
    expect(again.filledFile().bytes).toEqual(first);
  });
});
