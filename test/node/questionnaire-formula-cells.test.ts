// Issue 18 (critical): a formula cell in the answer or remarks column is the customer's, whatever
// its cached value — `<v></v>`, `<v/>`, no `<v>` at all, with or without `t="str"` (openpyxl and
// several generators write these; SheetJS drops such a cell). The plan skips it with a row message,
// the writer refuses it, and the write check fails if any formula cell changed.
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { answerQuestionnaire } from '../../src/questionnaire/answer';
import { detectLayout } from '../../src/questionnaire/detect';
import { xlsxFormat } from '../../src/questionnaire/formats/xlsx';
import { cellKey } from '../../src/questionnaire/model';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { writeDifferences } from '../../src/questionnaire/verify';
import { readXlsx } from '../../src/questionnaire/xlsx';
import { writtenCellText } from '../../src/questionnaire/write-xlsx';
import { appErrorOf, buildXlsx } from './questionnaire-fixtures';

const PRODUCT = 'LeySer System';
const QUESTIONS = [
  'バックアップは取得していますか。',
  '通信は暗号化していますか。',
  'ISMS認証を取得していますか。',
  '脆弱性診断を実施していますか。',
  'アクセスログを保管していますか。',
  'データセンターは国内にありますか。',
  'パスワードは暗号化して保存していますか。',
  '多要素認証に対応していますか。',
  '障害時の連絡体制はありますか。',
  '個人情報の取り扱いについて規程はありますか。',
  'ウイルス対策を行っていますか。',
  'SLAはありますか。',
];
const FORMULA = 'IF(FALSE,"x","")';

/** 12 questions (rows 2–13); `=IF(FALSE,"x","")` in the answer cells C2:C7 and the remarks cells D8:D13. */
function formulaSheet(cached: string, typeAttr: string): Uint8Array {
  const rows = [`<row r="1"><c r="A1" t="inlineStr"><is><t>No</t></is></c><c r="B1" t="inlineStr"><is><t>質問</t></is></c><c r="C1" t="inlineStr"><is><t>回答</t></is></c><c r="D1" t="inlineStr"><is><t>備考</t></is></c></row>`];
  QUESTIONS.forEach((q, i) => {
    const r = i + 2;
    const f = `<f>${FORMULA.replaceAll('"', '&quot;')}</f>${cached}`;
    const answer = r <= 7 ? `<c r="C${r}"${typeAttr}>${f}</c>` : '';
    const remarks = r >= 8 ? `<c r="D${r}"${typeAttr}>${f}</c>` : '';
    rows.push(`<row r="${r}"><c r="A${r}"><v>${i + 1}</v></c><c r="B${r}" t="inlineStr"><is><t>${q}</t></is></c>${answer}${remarks}</row>`);
  });
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData><dataValidations count="1"><dataValidation type="list" sqref="C2:C13"><formula1>"はい,いいえ,該当なし"</formula1></dataValidation></dataValidations></worksheet>`;
  return buildXlsx([{ name: 'S', rows: [] }], { rawSheetXml: { 0: xml } });
}

const FORMULA_CELLS = [...[2, 3, 4, 5, 6, 7].map((r) => cellKey(r - 1, 2)), ...[8, 9, 10, 11, 12, 13].map((r) => cellKey(r - 1, 3))];
const SPELLINGS = [
  ['<v></v>', ' t="str"'],
  ['<v></v>', ''],
  ['<v/>', ' t="str"'],
  ['<v/>', ''],
  ['', ' t="str"'],
  ['', ''],
  ['<v>x</v>', ' t="str"'],
] as const;

/** The sheet XML of a written file. */
function sheetPart(bytes: Uint8Array): string {
  return new TextDecoder().decode(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
}

describe('formula cells in the answer and remarks columns (whatever their cached value)', () => {
  for (const [cached, typeAttr] of SPELLINGS) {
    const label = `${cached || 'no <v>'}${typeAttr || ' (no t)'}`;

    it(`${label}: read as formula cells, skipped by the plan with a row message, the filled file keeps all 12`, () => {
      const bytes = formulaSheet(cached, typeAttr);
      const { model } = readXlsx(bytes);
      const sheet = model.sheets[0]!;
      for (const key of FORMULA_CELLS) expect(sheet.formulas?.has(key)).toBe(true);

      const detected = detectLayout(model);
      expect(detected.sheets[0]).toMatchObject({ answerCol: 2, remarksCol: 3 });
      const { rows, edits } = answerQuestionnaire(model, detected.sheets, PRODUCT);
      expect(rows).toHaveLength(12);
      // no planned edit touches a formula cell
      expect(edits.filter((e) => sheet.formulas!.has(cellKey(e.r, e.c)))).toEqual([]);
      // rows 8–13 always write a remarks cell (official text or a review marker): each names its formula cell
      for (const r of rows.filter((x) => x.row >= 8)) {
        expect(r.filled.remarks).toBeNull();
        expect(r.messages).toContainEqual(expect.objectContaining({ code: 'cell_formula', params: { column: 'remarks', cell: `D${r.row}` } }));
      }
      for (const r of rows.filter((x) => x.row <= 7)) expect(r.filled.answer).toBeNull();

      const outcome = processQuestionnaire({ bytes, fileName: 'f.xlsx', contentType: '', product: PRODUCT });
      const filled = outcome.filledFile(); // passes the write check
      const after = readXlsx(filled.bytes).model.sheets[0]!;
      expect([...after.formulaText!.entries()].sort()).toEqual([...sheet.formulaText!.entries()].sort());
      expect(sheetPart(filled.bytes).split(`<f>${FORMULA.replaceAll('"', '&quot;')}</f>`).length - 1).toBe(12);
    });
  }

  it('the writer refuses a planned edit on a formula cell (write_check_failed), whatever the plan says', () => {
    const bytes = formulaSheet('<v></v>', '');
    const opened = xlsxFormat.open(bytes);
    const err = appErrorOf(() => opened.write([{ sheet: 'S', r: 1, c: 2, text: 'はい', isChoice: true }]));
    expect(err.code).toBe('write_check_failed');
    expect(JSON.stringify(err.details)).toContain('S!C2');
  });

  it('the write check fails on any formula cell changed: replaced by text, its formula edited, or planned at all', () => {
    const bytes = formulaSheet('<v/>', '');
    const before = readXlsx(bytes).model;
    const opts = { expected: writtenCellText, lossy: () => false };
    const tamper = (fn: (xml: string) => string) => {
      const files = unzipSync(bytes);
      files['xl/worksheets/sheet1.xml'] = strToU8(fn(new TextDecoder().decode(files['xl/worksheets/sheet1.xml'])));
      return readXlsx(zipSync(files)).model;
    };
    // the formula in D9 replaced by the planned text: planned, so the cell text matches, but the formula is gone
    const replaced = tamper((x) => x.replace(/<c r="D9"><f>[^<]*<\/f><v\/><\/c>/, '<c r="D9" t="inlineStr"><is><t>本文</t></is></c>'));
    const edit = { sheet: 'S', r: 8, c: 3, text: '本文', isChoice: false };
    const d1 = writeDifferences(before, replaced, [edit], opts);
    expect(d1).toContain('S!D9: a formula cell was planned to be written');
    expect(d1).toContain('S!D9: formula lost');
    // the formula text changed, same (empty) cached value: nothing else differs
    const edited = tamper((x) => x.replace('<c r="C3"><f>IF(FALSE,&quot;x&quot;,&quot;&quot;)</f>', '<c r="C3"><f>IF(TRUE,&quot;x&quot;,&quot;&quot;)</f>'));
    expect(writeDifferences(before, edited, [], opts)).toEqual(['S!C3: formula changed']);
    // unchanged: no difference
    expect(writeDifferences(before, readXlsx(bytes).model, [], opts)).toEqual([]);
  });
});
