// The format registry end to end: UTF-16 "Unicode text" (Excel's own export) and .xls (BIFF8) next
// to .xlsx and CSV; protected sheets; side-by-side questionnaires and an answer column left of the
// questions. Every filled file passes the write check (only planned cells differ).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/messages/error';
import { ACCEPTED_EXTENSIONS, FORMATS } from '../../src/questionnaire/formats';
import { parseCsv } from '../../src/questionnaire/csv';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { readZip, rewriteZip, findEntry, inflateEntry } from '../../src/questionnaire/zip';
import { buildXlsx } from './questionnaire-fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const PRODUCT = 'LeySer Web出願';

function apiError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

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
    expect(ACCEPTED_EXTENSIONS).toEqual(expect.arrayContaining(['.xlsx', '.xlsm', '.xls', '.csv', '.tsv', '.txt']));
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
    expect(apiError(() => processQuestionnaire({ bytes: Uint8Array.from([0xff, 0xfe, 0x41]), fileName: 'q.txt', contentType: '', product: PRODUCT })).code).toBe('invalid_text');
    expect(apiError(() => processQuestionnaire({ bytes: Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), fileName: 'q.txt', contentType: '', product: PRODUCT })).code).toBe('invalid_text');
  });
});

describe('.xls (Excel 97-2003, BIFF8)', () => {
  const ws = XLSX.utils.aoa_to_sheet([
    ['No', '質問', '回答', '備考'],
    [1, 'データのバックアップは取得していますか。', null, null],
    [2, '通信は暗号化されていますか。', null, null],
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'チェックシート');
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);

  it('is read with SheetJS: layout, rows and answers, and a review CSV', () => {
    const o = processQuestionnaire({ bytes, fileName: 'q.xls', contentType: 'application/vnd.ms-excel', product: PRODUCT });
    expect(o.response.layout.format).toBe('xls');
    expect(o.response.layout.sheets[0]).toMatchObject({ sheet: 'チェックシート', questionColumn: 'B', answerColumn: 'C', remarksColumn: 'D', questionRows: 2 });
    expect(o.reviewCsv().bytes.length).toBeGreaterThan(10);
  });

  it('the filled file is refused with the reason and the fix (save as .xlsx), never a workbook that lost its formatting', () => {
    const o = processQuestionnaire({ bytes, fileName: 'q.xls', contentType: '', product: PRODUCT });
    const err = apiError(() => o.filledFile());
    expect(err.status).toBe(422);
    expect(err.code).toBe('xls_not_writable');
    expect(err.messageJa).toContain('.xlsx');
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
    const bytes = buildXlsx([{ name: 'S', rows: [['ID', '回答', '確認事項', '補足'], ['A-1', null, 'ログを保管していますか。'], ['A-2', null, 'バックアップを取得していますか。'], ['A-3', null, '通信は暗号化されていますか。']] }]);
    const s = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT }).response.layout.sheets[0]!;
    expect(s).toMatchObject({ idColumn: 'A', answerColumn: 'B', questionColumn: 'C', remarksColumn: 'D' });
  });

  it('no header at all: the chosen columns are reported with the reason and flagged low-confidence', () => {
    const bytes = buildXlsx([{ name: 'S', rows: [[1, 'データは暗号化されていますか。'], [2, 'バックアップは取得していますか。'], [3, 'ログの保存期間を教えてください。']] }]);
    const s = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: PRODUCT }).response.layout.sheets[0]!;
    expect(s).toMatchObject({ questionColumn: 'B', answerColumn: 'C', detectedBy: 'content', lowConfidence: true });
    expect(s.notes.map((n) => n.code)).toEqual(['question_by_content', 'answer_by_empty_neighbour']);
  });
});
