// Real, published questionnaire templates (test/fixtures/real, see SOURCES.md there) and variants
// built from them in code: the right sheets and columns, every question row and no other row, and
// a filled file that differs from the upload only in planned answer/remarks cells — checked by
// kaitou's own write check and again by an independent reader (Python's zipfile + ElementTree).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processQuestionnaire, type QuestionnaireOutcome } from '../../src/questionnaire/pipeline';
import { findEntry, inflateEntry, readZip, rewriteZip } from '../../src/questionnaire/zip';
import { readXlsx } from '../../src/questionnaire/xlsx';
import { choicesAt, columnIndex } from '../../src/questionnaire/model';
import { changedCells, plannedCells, readBack, type Readback } from '../readback/readback';
import { appErrorOf } from './questionnaire-fixtures';

const real = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/real', name)));
const PRODUCT = 'LeySer System';

function run(bytes: Uint8Array, fileName: string, extra: Partial<Parameters<typeof processQuestionnaire>[0]> = {}): QuestionnaireOutcome {
  return processQuestionnaire({ bytes, fileName, contentType: '', product: PRODUCT, ...extra });
}

/** Rewrites one part of a package (a variant of a real template), every other part byte for byte. */
function patchPart(bytes: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const zip = readZip(bytes);
  const entry = findEntry(zip, part)!;
  const xml = new TextDecoder().decode(inflateEntry(zip, entry));
  const next = edit(xml);
  expect(next).not.toBe(xml);
  return rewriteZip(zip, new Map([[entry.name, new TextEncoder().encode(next)]]));
}

/**
 * The filled file against the upload, through the independent reader: same sheets, same formula
 * count per sheet, and every changed cell is a planned answer/remarks cell of a question row.
 */
function expectOnlyPlannedCells(upload: Uint8Array, outcome: QuestionnaireOutcome): { changed: number; filled: Readback } {
  const before = readBack(upload);
  const filled = readBack(outcome.filledFile().bytes);
  expect(filled.sheets.map((s) => [s.name, s.state, s.formulas])).toEqual(before.sheets.map((s) => [s.name, s.state, s.formulas]));
  const allowed = plannedCells(outcome.response);
  const cells = changedCells(before, filled);
  for (const cell of cells) expect(allowed, `${cell} changed`).toContain(cell);
  const changed = cells.length;
  expect(changed).toBe(outcome.response.totals.cells_written);
  return { changed, filled };
}

describe('CSA CAIQ v4.0.3 (blank)', () => {
  const bytes = real('en-caiq-v4.0.3-blank.xlsx');
  const outcome = run(bytes, 'caiq.xlsx');
  const { layout, totals } = outcome.response;

  it('answers the CAIQ sheet: question B, answer C (Yes/No/NA), implementation description E, IDs in A; not the introduction', () => {
    expect(layout.sheets).toHaveLength(1);
    expect(layout.sheets[0]).toMatchObject({ sheet: 'CAIQv4.0.3', headerRow: 2, questionColumn: 'B', idColumn: 'A', answerColumn: 'C', remarksColumn: 'E', language: 'en', questionRows: 261 });
    expect(layout.sheets[0]!.answerChoices).toEqual(['Yes', 'No', 'NA']);
    expect(layout.skippedSheets).toEqual([expect.objectContaining({ sheet: 'Introduction', reason: 'not_questionnaire' })]);
  });

  it('every answered row has its official text and citation in the implementation description column (none lost)', () => {
    const answered = outcome.response.rows.filter((r) => r.verdict === 'answered');
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) expect(r.filled.remarks).toContain('(Source: ');
    expect(totals.answered_not_written).toBe(0);
  });

  it('English questionnaire, Japanese official text: said once, and no Yes/No is chosen across languages (suggested in the remarks)', () => {
    expect(outcome.response.notices.map((n) => n.code)).toEqual(['japanese_answers_in_english_questionnaire']);
    expect(outcome.response.rows.every((r) => r.filled.answer === null || r.filled.answer.startsWith('[REVIEW NEEDED]'))).toBe(true);
    expect(outcome.response.rows.some((r) => r.filled.remarks?.startsWith('[REVIEW NEEDED] Suggested answer: '))).toBe(true);
    const review = new TextDecoder().decode(outcome.reviewCsv().bytes);
    expect(review.split('\r\n')[1]).toContain('日本語の原文');
  });

  it('the filled file changes only planned cells (independent reader), and the counts are the cells written', () => {
    const { changed } = expectOnlyPlannedCells(bytes, outcome);
    expect(changed).toBeGreaterThan(200);
  });

  it('variant: "Question" header blanked → still column B, by content, flagged', () => {
    const blanked = patchPart(bytes, 'xl/worksheets/sheet2.xml', (xml) => xml.replace(/<c r="B2"[^>]*?(\/>|>[\s\S]*?<\/c>)/, ''));
    const s = run(blanked, 'caiq.xlsx').response.layout.sheets[0]!;
    expect(s).toMatchObject({ questionColumn: 'B', answerColumn: 'C', remarksColumn: 'E', detectedBy: 'content', questionRows: 261 });
    expect(s.notes.some((n) => n.code === 'question_by_content' || n.code === 'question_header_overridden')).toBe(true);
  });

  it('variant: formulas (empty cached values) in the answer and remarks columns are never written', () => {
    const withFormulas = patchPart(bytes, 'xl/worksheets/sheet2.xml', (xml) =>
      xml.replace(/<c r="([CE])(1\d)"([^>]*?)(\/>|>[\s\S]*?<\/c>)/g, (_all, col: string, row: string, attrs: string) => `<c r="${col}${row}"${attrs.replace(/\st="[^"]*"/, '')} t="str"><f>IF(A${row}="","","")</f><v></v></c>`),
    );
    const o = run(withFormulas, 'caiq.xlsx');
    for (const r of o.response.rows.filter((x) => x.row >= 10 && x.row <= 19)) {
      expect(r.filled).toEqual({ answer: null, remarks: null });
      if (r.verdict !== 'answered') continue;
      expect(r.messages.some((m) => m.code === 'cell_formula')).toBe(true);
    }
    expectOnlyPlannedCells(withFormulas, o);
  });
});

describe('CSA CAIQ v4.0.3 already filled by another vendor', () => {
  const bytes = real('en-caiq-v4.0.3-whitepact-filled.xlsx');
  const outcome = run(bytes, 'caiq-filled.xlsx');

  it('same layout, nothing of theirs overwritten: 0 cells written, answered rows listed as not written', () => {
    expect(outcome.response.layout.sheets[0]).toMatchObject({ questionColumn: 'B', answerColumn: 'C', remarksColumn: 'E', questionRows: 261 });
    const t = outcome.response.totals;
    expect(t.cells_written).toBe(0);
    expect(t.filled).toBe(0);
    expect(t.answered_not_written).toBe(t.answered);
    const review = new TextDecoder().decode(outcome.reviewCsv().bytes);
    expect(review.match(/answered_not_written/g)?.length).toBe(t.answered);
  });

  it('the filled file is the upload, cell for cell', () => {
    expect(expectOnlyPlannedCells(bytes, outcome).changed).toBe(0);
  });
});

describe('EDUCAUSE HECVAT 4.1.4', () => {
  const bytes = real('en-hecvat-4.1.4-blank.xlsx');
  const outcome = run(bytes, 'hecvat.xlsx');
  const { layout } = outcome.response;
  const responseSheets = ['START HERE', 'Organization', 'Product', 'Infrastructure', 'IT Accessibility', 'Case-Specific', 'AI', 'Privacy'];

  it('answers the eight response sheets only; analyst/evaluation sheets and hidden sheets are skipped with reasons', () => {
    expect(layout.sheets.map((s) => s.sheet)).toEqual(responseSheets);
    const skipped = Object.fromEntries(layout.skippedSheets.map((s) => [s.sheet, s.reason]));
    expect(skipped).toEqual({
      'Institution Evaluation': 'not_questionnaire',
      'High-Risk Evaluation': 'not_questionnaire',
      'Privacy Analyst Evaluation': 'not_questionnaire',
      'Analyst Reference': 'not_questionnaire',
      Questions: 'hidden',
      'Auto Responses': 'hidden',
      '(backend scoring)': 'hidden',
    });
  });

  it('question B (formula cached values) beside the IDs in A; answer C; remarks "Additional Information" D, never "Analyst Notes" F', () => {
    for (const s of layout.sheets) {
      expect(s).toMatchObject({ questionColumn: 'B', idColumn: 'A', answerColumn: 'C', remarksColumn: 'D', language: 'en' });
      expect(s.headerRows.length).toBeGreaterThan(1); // one header row per section
    }
  });

  it('every ID row is a question (the first section too, above the first full header), and nothing else is (section titles, notes, #REF!, copyright)', () => {
    const { model } = readXlsx(bytes);
    let ids = 0;
    for (const s of layout.sheets) {
      const sheet = model.sheets.find((m) => m.name === s.sheet)!;
      const idRows = sheet.cells.map((row, r) => (/^[A-Z]{4}-\d{2}$/.test((row[0] ?? '').trim()) ? r + 1 : 0)).filter((r) => r > 0);
      ids += idRows.length;
      const rows = outcome.response.rows.filter((r) => r.sheet === s.sheet).map((r) => r.row);
      expect(rows).toEqual(idRows);
    }
    expect(ids).toBe(376);
    expect(outcome.response.rows.some((r) => /#REF!|Copyright|^http/.test(r.question))).toBe(false);
  });

  it('no formula cell is written (Analyst Notes, computed answers): the write check and the independent reader agree', () => {
    const { model } = readXlsx(bytes);
    const f = columnIndex('F');
    const analystFormulas = outcome.response.rows.filter((r) => model.sheets.find((m) => m.name === r.sheet)!.formulas!.has((r.row - 1) * 16_384 + f));
    expect(analystFormulas.length).toBeGreaterThan(300); // Analyst Notes are formulas on the question rows…
    const { changed, filled } = expectOnlyPlannedCells(bytes, outcome); // …and stay so (formula counts equal)
    expect(changed).toBeGreaterThan(300);
    expect(filled.parts).toBeGreaterThan(40);
  });
});

describe('OWASP MSTG checklist 1.2 (Japanese)', () => {
  const bytes = real('ja-owasp-mstg-checklist-1.2.xlsx');
  const outcome = run(bytes, 'mstg.xlsx');
  const { layout } = outcome.response;

  it('the four requirement sheets, 168 requirements; dashboard, summary and version histories skipped', () => {
    expect(layout.sheets.map((s) => [s.sheet, s.questionColumn, s.idColumn, s.answerColumn, s.remarksColumn, s.questionRows])).toEqual([
      ['Security Requirements - Android', 'D', 'C', 'G', 'K', 71],
      ['Anti-RE - Android', 'D', 'C', 'F', 'H', 13],
      ['Security Requirements - iOS', 'D', 'C', 'G', 'K', 71],
      ['Anti-RE - iOS', 'D', 'C', 'F', 'H', 13],
    ]);
    expect(layout.skippedSheets.map((s) => s.reason)).toEqual(['not_questionnaire', 'not_questionnaire', 'not_questionnaire', 'not_questionnaire']);
    expect(layout.sheets[0]!.answerChoices).toEqual(['Pass', 'Fail', 'N/A']);
  });

  it('chapter rows (V1…) and the legend are never questions', () => {
    const { model } = readXlsx(bytes);
    for (const r of outcome.response.rows) {
      const sheet = model.sheets.find((m) => m.name === r.sheet)!;
      expect(sheet.cells[r.row - 1]![2]).toMatch(/^MSTG-/);
    }
    const android = layout.sheets[0]!;
    expect(android.sectionRows).toEqual(expect.arrayContaining([4, 17, 33, 40, 53, 60, 72]));
  });

  it('dropdown values written are options of the cell\'s own list; pre-filled "N/A" cells are kept', () => {
    const { model } = readXlsx(bytes);
    for (const r of outcome.response.rows) {
      if (r.filled.answer === null) continue;
      const s = layout.sheets.find((l) => l.sheet === r.sheet)!;
      const sheet = model.sheets.find((m) => m.name === r.sheet)!;
      expect(choicesAt(sheet, r.row - 1, columnIndex(s.answerColumn!))).toContain(r.filled.answer);
    }
    expectOnlyPlannedCells(bytes, outcome);
  });
});

describe('templates without an answer column: a clear 422, not a 200', () => {
  it('OWASP MASVS 2.0.0 (control list and an About sheet of URLs)', () => {
    const err = appErrorOf(() => run(real('ja-owasp-masvs-2.0.0.xlsx'), 'masvs.xlsx'));
    expect(err.status).toBe(422);
    expect(err.code).toBe('no_answer_column');
    expect((err.details as { skippedSheets: Array<{ sheet: string; reason: string }> }).skippedSheets).toContainEqual(expect.objectContaining({ sheet: 'About', reason: 'not_questionnaire' }));
  });

  it('OWASP ASVS 5.0.0 CSV; naming an answer column makes it answerable', () => {
    const bytes = real('ja-owasp-asvs-5.0.0.csv');
    expect(appErrorOf(() => run(bytes, 'asvs.csv')).code).toBe('no_answer_column');
    const o = run(bytes, 'asvs.csv', { overrides: { answerCol: 7 } });
    expect(o.response.layout.sheets[0]).toMatchObject({ questionColumn: 'F', answerColumn: 'H', detectedBy: 'override' });
    expect(o.response.rows).toHaveLength(345);
    expect(o.filledFile().bytes.length).toBeGreaterThan(bytes.length);
  });
});
