// The format registry end to end: UTF-16 "Unicode text" (Excel's own export) and .xls (BIFF8) next
// to .xlsx and CSV; protected sheets; side-by-side questionnaires and an answer column left of the
// questions. Every filled file passes the write check (only planned cells differ).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { ACCEPTED_EXTENSIONS, FORMATS } from '../../src/questionnaire/formats';
import { parseCsv } from '../../src/questionnaire/csv';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { columnIndex, isLockedCell } from '../../src/questionnaire/model';
import { readXlsx } from '../../src/questionnaire/xlsx';
import { writeDifferences } from '../../src/questionnaire/verify';
import { readZip, rewriteZip, findEntry, inflateEntry } from '../../src/questionnaire/zip';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { appErrorOf, buildXlsx } from './questionnaire-fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const PRODUCT = 'LeySer Web出願';

function utf16(text: string, bigEndian = false): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, !bigEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), !bigEndian);
  return out;
}

describe('the format registry', () => {
  it('one entry per format, and the page accepts every extension (.xlsm included)', () => {
    expect(FORMATS.map((f) => f.id)).toEqual(['xls', 'text16', 'xlsx', 'csv']);
    expect(ACCEPTED_EXTENSIONS).toEqual(expect.arrayContaining(['.xlsx', '.xlsm', '.csv', '.tsv', '.txt']));
    expect(ACCEPTED_EXTENSIONS).not.toContain('.xls');
  });
});

describe('UTF-16 "Unicode text" (tab-separated, with BOM)', () => {
  // Excel's "Unicode Text" export of the English fixture: UTF-16LE, tabs, CRLF
  const csvText = new TextDecoder().decode(fixture('vendor-assessment-en.csv')).replace(/^\uFEFF/, '');
  const tsv = csvText.replaceAll(',', '\t');

  it.each([
    ['little-endian', false, 'utf-16le'],
    ['big-endian', true, 'utf-16be'],
  ])('%s: read, answered, written back in the same encoding; every other byte as uploaded', (_label, bigEndian, encoding) => {
    const bytes = utf16(tsv, bigEndian);
    const o = processQuestionnaire({ bytes, fileName: 'q.txt', contentType: 'text/plain', product: PRODUCT });
    expect(o.response.layout).toMatchObject({ format: 'text16', encoding, delimiter: '\t' });
    expect(o.response.layout.sheets[0]).toMatchObject({ questionColumn: 'C', answerColumn: 'D', remarksColumn: 'E' });
    const filled = o.filledFile();
    expect(filled.fileName).toBe('q_filled.txt');
    expect([filled.bytes[0], filled.bytes[1]]).toEqual(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
    const text = new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le').decode(filled.bytes.subarray(2));
    const rows = parseCsv(new TextEncoder().encode(text), 100, () => new Error('x')).values;
    const original = parseCsv(new TextEncoder().encode(tsv), 100, () => new Error('x')).values;
    expect(rows.map((r) => r.slice(0, 3))).toEqual(original.map((r) => r.slice(0, 3)));
    expect(rows.some((r) => (r[4] ?? '').includes('(Source: '))).toBe(true);
  });

  it('malformed UTF-16 (odd byte count, lone surrogate) → 400 invalid_text', () => {
    expect(appErrorOf(() => processQuestionnaire({ bytes: Uint8Array.from([0xff, 0xfe, 0x41]), fileName: 'q.txt', contentType: '', product: PRODUCT })).code).toBe('invalid_text');
    expect(appErrorOf(() => processQuestionnaire({ bytes: Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), fileName: 'q.txt', contentType: '', product: PRODUCT })).code).toBe('invalid_text');
  });
});

describe('.xls (Excel 97-2003, BIFF8): refused, never parsed (issue 19)', () => {
  const ws = XLSX.utils.aoa_to_sheet([
    ['No', '質問', '回答', '備考'],
    [1, 'データのバックアップは取得していますか。', null, null],
    [2, '通信は暗号化されていますか。', null, null],
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'チェックシート');
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);

  it('is refused before anything parses it (415 xls_not_supported), with the fix: save it as .xlsx', () => {
    for (const format of ['json', 'file'] as const) {
      const err = appErrorOf(() => {
        const o = processQuestionnaire({ bytes, fileName: 'q.xls', contentType: 'application/vnd.ms-excel', product: PRODUCT });
        if (format === 'file') o.filledFile();
      });
      expect(err.status).toBe(415);
      expect(err.code).toBe('xls_not_supported');
      expect(err.messageJa).toContain('.xlsx');
    }
  });

  it('whatever the name says: a real BIFF8 workbook named .csv or without a name is refused the same way', () => {
    expect(appErrorOf(() => processQuestionnaire({ bytes, fileName: 'q.csv', contentType: 'text/csv', product: PRODUCT })).code).toBe('xls_not_supported');
    expect(appErrorOf(() => processQuestionnaire({ bytes, fileName: '', contentType: '', product: PRODUCT })).code).toBe('xls_not_supported');
  });

  it('the same workbook saved as .xlsx is read: the fix the message gives works', () => {
    const xlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const o = processQuestionnaire({ bytes: xlsx, fileName: 'q.xlsx', contentType: '', product: PRODUCT });
    expect(o.response.layout.sheets[0]).toMatchObject({ sheet: 'チェックシート', questionColumn: 'B', answerColumn: 'C', remarksColumn: 'D', questionRows: 2 });
  });
});

describe('customer cells that are never written', () => {
  const rows = [
    ['No', '質問', '回答', '備考'],
    [1, 'データのバックアップは取得していますか。', null, null],
    [2, '通信は暗号化されていますか。', null, null],
  ];

  it('a protected sheet: locked cells are refused with the reason, nothing is written, the rows are counted as not written', () => {
    const plain = buildXlsx([{ name: 'S', rows }]);
    const zip = readZip(plain);
    const entry = findEntry(zip, 'xl/worksheets/sheet1.xml')!;
    const xml = new TextDecoder().decode(inflateEntry(zip, entry)).replace('</sheetData>', '</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/>');
    const bytes = rewriteZip(zip, new Map([[entry.name, new TextEncoder().encode(xml)]]));
    const o = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT });
    expect(o.response.totals.cells_written).toBe(0);
    for (const r of o.response.rows) {
      expect(r.filled).toEqual({ answer: null, remarks: null });
      expect(r.messages.some((m) => m.code === 'cell_locked')).toBe(true);
    }
    expect(o.response.totals.answered_not_written).toBe(o.response.totals.answered);
  });
});

describe('a protected sheet with cells its style unlocks (the usual way a form is protected)', () => {
  it('writes only the unlocked cells: an unlocked answer cell and a column whose style unlocks it; locked cells are refused', () => {
    const files = unzipSync(
      buildXlsx([
        {
          name: 'S',
          rows: [
            ['No', '質問', '回答', '備考'],
            [1, 'データのバックアップは取得していますか。', null, null],
            [2, '通信は暗号化されていますか。', null, null],
          ],
        },
      ]),
    );
    const dec = (name: string) => new TextDecoder().decode(files[name]);
    files['xl/styles.xml'] = strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf xfId="0"/><xf xfId="0" applyProtection="1"><protection locked="0"/></xf></cellXfs></styleSheet>',
    );
    files['[Content_Types].xml'] = strToU8(dec('[Content_Types].xml').replace('</Types>', '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'));
    files['xl/_rels/workbook.xml.rels'] = strToU8(
      dec('xl/_rels/workbook.xml.rels').replace('</Relationships>', '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'),
    );
    files['xl/worksheets/sheet1.xml'] = strToU8(
      dec('xl/worksheets/sheet1.xml')
        .replace('<sheetData>', '<cols><col min="4" max="4" width="40" style="1" customWidth="1"/></cols><sheetData>')
        .replace(/(<c r="B2"[^>]*>[\s\S]*?<\/c>)/, '$1<c r="C2" s="1"/>')
        .replace('</sheetData>', '</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/>'),
    );
    const bytes = zipSync(files);
    const sheet = readXlsx(bytes).model.sheets[0]!;
    const locked = (ref: string) => isLockedCell(sheet, Number(ref.slice(1)) - 1, columnIndex(ref[0]!));
    expect(['B2', 'C2', 'C3', 'D2', 'D3'].map(locked)).toEqual([true, false, true, false, false]);
    const o = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT });
    const [row2, row3] = o.response.rows;
    expect(row2!.filled.remarks).not.toBeNull(); // D: unlocked by its column's style
    expect(row3!.filled.remarks).not.toBeNull();
    if (row2!.filled.answer === null) expect(row2!.messages.some((m) => m.code === 'cell_locked')).toBe(false); // C2 unlocked: never refused as locked
    if (row3!.verdict === 'answered' && row3!.filled.answer === null) expect(row3!.messages.some((m) => m.code === 'cell_locked' || m.code === 'choice_left_empty')).toBe(true);
    expect(o.filledFile().bytes.length).toBeGreaterThan(0); // passes the write check
  });
});

describe('layout variants', () => {
  it('two questionnaires side by side on one sheet: both blocks answered, keys name the question cell of the right-hand block', () => {
    const bytes = buildXlsx([
      {
        name: 'S',
        rows: [
          ['No', '質問', '回答', '備考', 'No', '質問', '回答', '備考'],
          [1, 'データのバックアップは取得していますか。', null, null, 1, '通信は暗号化されていますか。', null, null],
          [2, 'ログを保管していますか。', null, null, 2, '多要素認証に対応していますか。', null, null],
        ],
      },
    ]);
    const o = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT });
    expect(o.response.layout.sheets.map((s) => [s.block, s.questionColumn, s.answerColumn, s.remarksColumn, s.questionRows])).toEqual([
      [0, 'B', 'C', 'D', 2],
      [1, 'F', 'G', 'H', 2],
    ]);
    expect(o.response.rows.map((r) => r.key)).toEqual(['S!2', 'S!3', 'S!F2', 'S!F3']);
    expect(o.filledFile().bytes.length).toBeGreaterThan(0); // passes the write check
  });

  it('an answer column left of the questions, IDs left of that', () => {
    const bytes = buildXlsx([
      {
        name: 'S',
        rows: [
          ['ID', '回答', '確認事項', '補足'],
          ['A-1', null, 'ログを保管していますか。'],
          ['A-2', null, 'バックアップを取得していますか。'],
          ['A-3', null, '通信は暗号化されていますか。'],
        ],
      },
    ]);
    const s = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT }).response.layout.sheets[0]!;
    expect(s).toMatchObject({ idColumn: 'A', answerColumn: 'B', questionColumn: 'C', remarksColumn: 'D' });
  });

  it('a sheet whose answer column is computed by formulas (a mirror or scoring copy) is skipped with the reason', () => {
    const q = ['データのバックアップは取得していますか。', '通信は暗号化されていますか。', 'ログを保管していますか。'];
    const mirror = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>質問</t></is></c><c r="B1" t="inlineStr"><is><t>回答</t></is></c></row>${q
      .map((text, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${text}</t></is></c><c r="B${i + 2}" t="str"><f>Answers!B${i + 2}</f><v></v></c></row>`)
      .join('')}</sheetData></worksheet>`;
    const bytes = buildXlsx(
      [
        { name: 'Answers', rows: [['質問', '回答'], ...q.map((t) => [t, null])] },
        { name: 'Copy', rows: [] },
      ],
      { rawSheetXml: { 1: mirror } },
    );
    const o = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT });
    expect(o.response.layout.sheets.map((s) => s.sheet)).toEqual(['Answers']);
    expect(o.response.layout.skippedSheets).toEqual([expect.objectContaining({ sheet: 'Copy', reason: 'computed' })]);
    // choosing it explicitly answers it, and its formula cells are still never written
    const chosen = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT, overrides: { sheet: 'Copy' } });
    expect(chosen.response.rows.every((r) => r.filled.answer === null)).toBe(true);
  });

  it('no header at all: the chosen columns are reported with the reason and flagged low-confidence', () => {
    const bytes = buildXlsx([
      {
        name: 'S',
        rows: [
          [1, 'データは暗号化されていますか。'],
          [2, 'バックアップは取得していますか。'],
          [3, 'ログの保存期間を教えてください。'],
        ],
      },
    ]);
    const s = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT }).response.layout.sheets[0]!;
    expect(s).toMatchObject({ questionColumn: 'B', answerColumn: 'C', detectedBy: 'content', lowConfidence: true });
    expect(s.notes.map((n) => n.code)).toEqual(['question_by_content', 'answer_by_empty_neighbour']);
  });
});

describe('the write check', () => {
  const model = (cells: string[][], formulas: number[] = []) => ({ format: 'xlsx' as const, sheets: [{ name: 'S', hidden: false, cells, merges: [], validations: [], formulas: new Set(formulas) }] });
  const edit = { sheet: 'S', r: 1, c: 2, text: 'はい', isChoice: true };
  const opts = { expected: (e: { text: string }) => e.text, lossy: () => false };

  it('passes when only the planned cell changed to the planned text', () => {
    expect(
      writeDifferences(
        model([
          ['Q', 'A', ''],
          ['x', 'y', ''],
        ]),
        model([
          ['Q', 'A', ''],
          ['x', 'y', 'はい'],
        ]),
        [edit],
        opts,
      ),
    ).toEqual([]);
  });

  it('names every other difference: another cell, a lost formula, the planned cell with other text, a renamed sheet', () => {
    const before = model(
      [
        ['Q', 'A', ''],
        ['x', 'y', ''],
      ],
      [1],
    );
    expect(
      writeDifferences(
        before,
        model(
          [
            ['Q', 'B', ''],
            ['x', 'y', 'はい'],
          ],
          [1],
        ),
        [edit],
        opts,
      ),
    ).toEqual(['S!B1 changed']);
    expect(
      writeDifferences(
        before,
        model([
          ['Q', 'A', ''],
          ['x', 'y', 'はい'],
        ]),
        [edit],
        opts,
      ),
    ).toEqual(['S!B1: formula lost']);
    expect(
      writeDifferences(
        before,
        model(
          [
            ['Q', 'A', ''],
            ['x', 'y', 'いいえ'],
          ],
          [1],
        ),
        [edit],
        opts,
      ),
    ).toEqual(['S!C2 does not hold the planned text']);
    const renamed = {
      ...model(
        [
          ['Q', 'A', ''],
          ['x', 'y', 'はい'],
        ],
        [1],
      ),
      sheets: [
        {
          ...model(
            [
              ['Q', 'A', ''],
              ['x', 'y', 'はい'],
            ],
            [1],
          ).sheets[0]!,
          name: 'T',
        },
      ],
    };
    expect(writeDifferences(before, renamed, [edit], opts)).toContain('the sheets (names, order or visibility) changed');
  });
});
