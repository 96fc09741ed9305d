import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../src/messages/error';
import { MAX_ROWS, MAX_UNZIPPED_BYTES, MAX_UPLOAD_BYTES, sniffFormat } from '../../src/questionnaire/limits';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { readZip, rewriteZip } from '../../src/questionnaire/zip';
import { buildXlsx, cfbFile, lieAboutSize, zipBomb } from './questionnaire-fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

function failure(bytes: Uint8Array, fileName: string): { status: number; code: string } {
  try {
    processQuestionnaire({ bytes, fileName, contentType: '', product: 'LeySerKids' });
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('file type sniffing', () => {
  it('decides by content first', () => {
    expect(sniffFormat(fixture('school-cloud-checklist.xlsx'), 'whatever', '')).toBe('xlsx');
    expect(sniffFormat(utf8('質問,回答\n'), 'q.csv', 'text/csv')).toBe('csv');
    expect(sniffFormat(utf8('質問,回答\n'), 'noextension', '')).toBe('csv');
  });

  it.each([
    ['empty file', new Uint8Array(0), 'a.xlsx', 400, 'empty_file'],
    ['text claiming to be xlsx', utf8('not a zip at all'), 'a.xlsx', 400, 'invalid_xlsx'],
    ['encrypted workbook (OLE container with EncryptionInfo)', cfbFile(true), 'a.xlsx', 400, 'encrypted_workbook'],
    ['an OLE container named .xls (never parsed)', cfbFile(false), 'a.xls', 415, 'xls_not_supported'],
    ['a Word 97 document (OLE, not a workbook)', cfbFile(false), 'a.doc', 415, 'unsupported_type'],
    ['a PDF', utf8('%PDF-1.7 ...'), 'a.pdf', 415, 'unsupported_type'],
    ['a zip that is not a workbook', buildXlsx([{ name: 'S', rows: [] }]), 'a.docx', 415, 'unsupported_type'],
    ['over the size limit', new Uint8Array(MAX_UPLOAD_BYTES + 1), 'a.csv', 413, 'file_too_large'],
  ])('%s → %i %s', (_label, bytes, name, status, code) => {
    expect(failure(bytes, name)).toEqual({ status, code });
  });
});

describe('zip bounds (decompression bombs)', () => {
  it('refuses an archive whose declared sizes exceed the bound, before inflating anything', () => {
    const bomb = zipBomb(MAX_UNZIPPED_BYTES + 1024);
    expect(bomb.length).toBeLessThan(200_000); // small on the wire
    expect(failure(bomb, 'bomb.xlsx')).toEqual({ status: 413, code: 'archive_too_large' });
  });

  it('refuses an entry that inflates beyond the size it declares (lying header)', () => {
    const liar = lieAboutSize(zipBomb(8 * 1024 * 1024), 'xl/media/padding.bin', 1000);
    expect(failure(liar, 'liar.xlsx')).toEqual({ status: 413, code: 'archive_too_large' });
  });

  it('refuses truncated or damaged archives with invalid_xlsx', () => {
    const good = fixture('school-cloud-checklist.xlsx');
    expect(failure(good.subarray(0, good.length - 30), 'cut.xlsx')).toEqual({ status: 400, code: 'invalid_xlsx' });
    expect(failure(good.subarray(0, 2000), 'cut.xlsx')).toEqual({ status: 400, code: 'invalid_xlsx' });
    const damaged = good.slice();
    damaged.fill(0x41, 200, 900); // inside the first compressed entry
    expect(failure(damaged, 'damaged.xlsx').status).toBe(400);
  });

  it('rewriting with no replacements reproduces the archive byte for byte', () => {
    const good = fixture('school-cloud-checklist.xlsx');
    expect(rewriteZip(readZip(good), new Map())).toEqual(good);
  });
});

describe('row limit', () => {
  const question = (i: number) => `質問${i}について対応していますか。`;

  it(`accepts ${MAX_ROWS} data rows in a CSV and refuses one more`, () => {
    const body = (n: number) => utf8(['No,質問,回答', ...Array.from({ length: n }, (_, i) => `${i + 1},${question(i)},`)].join('\r\n'));
    expect(() => processQuestionnaire({ bytes: body(MAX_ROWS), fileName: 'ok.csv', contentType: '', product: 'LeySerKids' })).not.toThrow();
    expect(failure(body(MAX_ROWS + 1), 'big.csv')).toEqual({ status: 413, code: 'too_many_rows' });
  });

  it('refuses an XLSX with too many rows with content, counted before SheetJS parses it', () => {
    const rows = [['No', '質問', '回答'], ...Array.from({ length: MAX_ROWS + 1 }, (_, i) => [i + 1, question(i), null])];
    expect(failure(buildXlsx([{ name: 'S', rows }]), 'big.xlsx')).toEqual({ status: 413, code: 'too_many_rows' });
  });

  it('styled empty rows do not count', () => {
    const filler = Array.from({ length: MAX_ROWS + 10 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/></row>`).join('');
    const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>質問</t></is></c><c r="B1" t="inlineStr"><is><t>回答</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>ログを保管していますか。</t></is></c></row>${filler}</sheetData></worksheet>`;
    const bytes = buildXlsx([{ name: 'S', rows: [] }], { rawSheetXml: { 0: xml } });
    const out = processQuestionnaire({ bytes, fileName: 'styled.xlsx', contentType: '', product: 'LeySerKids' });
    expect(out.response.totals.questions).toBe(1);
  });
});

describe('other refusals', () => {
  it('unknown product → 400 unknown_product with the list', () => {
    try {
      processQuestionnaire({ bytes: fixture('vendor-assessment-en.csv'), fileName: 'a.csv', contentType: '', product: 'Nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('unknown_product');
      expect(((e as AppError).details as { knownProducts: string[] }).knownProducts).toContain('LeySerKids');
    }
  });

  it('an empty CSV (only blank lines) → 400 empty_file', () => {
    expect(failure(utf8('\r\n\r\n'), 'blank.csv')).toEqual({ status: 400, code: 'empty_file' });
  });

  it('a CSV without a question column → 422 no_question_column', () => {
    expect(failure(utf8('a,b\n1,2\n'), 'x.csv')).toEqual({ status: 422, code: 'no_question_column' });
  });
});

describe('hostile input never escapes as anything but an AppError (property)', () => {
  const outcomeOf = (bytes: Uint8Array, fileName: string) => {
    try {
      const out = processQuestionnaire({ bytes, fileName, contentType: '', product: 'LeySerKids' });
      out.filledFile();
      out.reviewCsv();
      return 'ok';
    } catch (e) {
      if (e instanceof AppError) return e.status >= 400 && e.status < 500 ? 'refused' : 'bad-status';
      return `crash: ${String(e)}`;
    }
  };

  it('corrupted workbooks', () => {
    const good = fixture('school-cloud-checklist.xlsx');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), (flips) => {
        const bytes = good.slice();
        for (const [at, value] of flips) bytes[at] = value;
        expect(['ok', 'refused']).toContain(outcomeOf(bytes, 'x.xlsx'));
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary CSV text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: fc.constantFrom('a', '質', '問', '"', ',', '\t', '\r', '\n', '=', '?', 'か。', '回答', ' ') }), (text) => {
        expect(['ok', 'refused']).toContain(outcomeOf(utf8(`質問,回答\n${text}`), 'x.csv'));
      }),
      { numRuns: 200 },
    );
  });
});
