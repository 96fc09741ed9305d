// Answering runs the real lookup (never mocked). Structural assertions hold whatever retrieval
// returns; the content assertions at the end check the fixture's plain questions against the
// published documents.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/messages/error';
import { choiceForMark, citationLine, REVIEW_MARKERS } from '../../src/questionnaire/answer';
import { processQuestionnaire, type QuestionnaireInput } from '../../src/questionnaire/pipeline';
import { neutralizeFormula } from '../../src/questionnaire/sanitize';
import { QuestionnaireResponseSchema } from '../../src/questionnaire/schema';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const run = (name: string, product: string, extra: Partial<QuestionnaireInput> = {}) => processQuestionnaire({ bytes: fixture(name), fileName: name, contentType: '', product, ...extra });
const allMarkers = [...Object.values(REVIEW_MARKERS.ja), ...Object.values(REVIEW_MARKERS.en)];

describe('dropdown value from the official mark', () => {
  it.each([
    ['yes', ['はい', 'いいえ', '一部対応', '該当なし'], 'はい'],
    ['no', ['はい', 'いいえ', '一部対応', '該当なし'], 'いいえ'],
    ['partial', ['はい', 'いいえ', '一部対応', '該当なし'], '一部対応'],
    ['na', ['はい', 'いいえ', '一部対応', '該当なし'], '該当なし'],
    ['yes', ['○', '△', '×', '－'], '○'],
    ['na', ['○', '△', '×', '－'], '－'],
    ['no', ['○', '△', '×', '-'], '×'],
    ['yes', ['Yes', 'No', 'N/A'], 'Yes'],
    ['na', ['Yes', 'No', 'N/A'], 'N/A'],
    ['yes', ['対応', '未対応'], '対応'],
    ['partial', ['はい', 'いいえ'], null],
  ] as const)('%s in %j → %s', (mark, options, expected) => {
    expect(choiceForMark(mark, options)).toBe(expected);
  });

  it('citation line', () => {
    expect(citationLine('LeySerセキュリティチェックシート（総務省版）', '25', 'ja')).toBe('（出典: LeySerセキュリティチェックシート（総務省版） 項番 25）');
    expect(citationLine('Doc', '2.8', 'en')).toBe('(Source: Doc, item 2.8)');
  });

  it('formula neutralization', () => {
    for (const t of ['=1', '+1', '-1', '@x', '\tx', '\rx']) expect(neutralizeFormula(t)).toBe(`'${t}`);
    expect(neutralizeFormula('はい')).toBe('はい');
    expect(neutralizeFormula('1-1')).toBe('1-1');
  });
});

describe('every question row comes back, in place (structural, any retrieval)', () => {
  it.each([
    ['school-cloud-checklist.xlsx', 'LeySerKids', 40],
    ['vendor-questionnaire-sjis.csv', 'LeySer System', 17],
    ['vendor-assessment-en.csv', 'LeySer Web出願', 5],
  ])('%s', (name, product, count) => {
    const { response } = run(name, product);
    expect(() => QuestionnaireResponseSchema.parse(response)).not.toThrow();
    expect(response.rows).toHaveLength(count);
    const keys = response.rows.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    const rowNumbers = response.rows.map((r) => r.row);
    expect(rowNumbers).toEqual([...rowNumbers].sort((a, b) => a - b));
    const t = response.totals;
    expect(t.answered + t.needs_review + t.no_match).toBe(t.questions);

    for (const r of response.rows) {
      expect(r.alternates.length).toBeLessThanOrEqual(3);
      if (r.citations.length === 0) {
        // not answered: only a marker, never an answer
        expect(r.filled.answer).toBeNull();
        if (r.filled.remarks !== null) expect(allMarkers).toContain(r.filled.remarks);
      } else {
        expect(r.best).not.toBeNull();
        // official text verbatim, then its citation (after a suggested answer line when the dropdown was left for review)
        const official = `${r.best!.answer}\n${citationLine(r.best!.documentTitle, r.best!.item, name.endsWith('-en.csv') ? 'en' : 'ja')}`;
        expect(r.filled.remarks!.endsWith(official)).toBe(true);
        const before = r.filled.remarks!.slice(0, r.filled.remarks!.length - official.length);
        if (before.length > 0) expect(before).toMatch(/^(【要確認】回答欄の候補: .+|\[REVIEW NEEDED\] Suggested answer: .+)\n/);
      }
    }
  });

  it('dropdown answers are always one of the dropdown options', () => {
    const { response } = run('school-cloud-checklist.xlsx', 'LeySerKids');
    const options = response.layout.sheets[0]!.answerChoices!;
    for (const r of response.rows) if (r.filled.answer !== null) expect(options).toContain(r.filled.answer);
  });
});

describe('user choices', () => {
  it('a chosen alternate is written with its own text and citation; "clear" leaves the cells empty (no marker)', () => {
    const first = run('school-cloud-checklist.xlsx', 'LeySerKids').response;
    const withAlt = first.rows.find((r) => r.alternates.length > 0);
    expect(withAlt).toBeDefined();
    const alt = withAlt!.alternates[0]!;
    const cleared = first.rows.find((r) => r.key !== withAlt!.key && r.citations.length > 0)!;
    const { response } = run('school-cloud-checklist.xlsx', 'LeySerKids', { choices: { [withAlt!.key]: alt.id, [cleared.key]: 'clear' } });
    const chosen = response.rows.find((r) => r.key === withAlt!.key)!;
    expect(chosen.selection).toBe('user');
    expect(chosen.filled.remarks).toBe(`${alt.answer}\n${citationLine(alt.documentTitle, alt.item, 'ja')}`);
    const c = response.rows.find((r) => r.key === cleared.key)!;
    expect(c.selection).toBe('cleared');
    expect(c.filled.answer).toBeNull();
    expect(c.filled.remarks).toBeNull();
    // …and the counter's plan agrees: a cleared row costs no cell, and the totals count one cell fewer per cell the automatic answer had.
    expect(response.totals.cells_written).toBeLessThan(first.totals.cells_written);
    expect(response.totals.user_selected).toBe(1);
  });

  it('bare row numbers work for a CSV; unknown rows and units are 400s', () => {
    const csv = run('vendor-assessment-en.csv', 'LeySer Web出願', { choices: { '2': 'clear' } }).response;
    expect(csv.rows.find((r) => r.row === 2)!.selection).toBe('cleared');
    const code = (choices: Record<string, string>) => {
      try {
        run('vendor-assessment-en.csv', 'LeySer Web出願', { choices });
      } catch (e) {
        return (e as AppError).code;
      }
      return 'ok';
    };
    expect(code({ '99': 'clear' })).toBe('invalid_choices');
    expect(code({ '2': 'no-such-doc#1' })).toBe('unknown_unit');
    expect(code({ '2': 'raykit-checksheet-meti#1-1' })).toBe('unit_not_for_product');
  });
});

describe('existing content is never overwritten', () => {
  it('keeps a pre-filled answer and says so', () => {
    const bytes = new TextEncoder().encode('No,質問,回答,備考\r\n1,データのバックアップは取得していますか。,記入済み,社内メモ\r\n');
    const out = processQuestionnaire({ bytes, fileName: 'pre.csv', contentType: '', product: 'LeySerKids' });
    const row = out.response.rows[0]!;
    expect(row.filled).toEqual({ answer: null, remarks: null });
    expect(row.messages.map((m) => m.code)).toContain('cell_not_empty');
    expect(out.filledFile().bytes).toEqual(bytes);
  });

  it('uploading the filled file again: nothing changes and the totals say 0 cells written (our own markers are not re-counted)', () => {
    const first = run('vendor-questionnaire-sjis.csv', 'LeySerKids');
    const filled = first.filledFile().bytes;
    expect(first.response.totals.needs_review + first.response.totals.no_match).toBeGreaterThan(0); // so markers were written
    const again = processQuestionnaire({ bytes: filled, fileName: 'again.csv', contentType: '', product: 'LeySerKids' });
    expect(again.filledFile().bytes).toEqual(filled);
    expect(again.response.totals.cells_written).toBe(0);
  });
});

// Content checks against the published documents (real retrieval).
describe('answers from the published documents', () => {
  it("every answered row gets official text with a unit citation; the encryption row leads with the product's own encryption section", () => {
    const { response } = run('school-cloud-checklist.xlsx', 'LeySerKids');
    const answered = response.rows.filter((r) => r.verdict === 'answered');
    expect(answered.length).toBeGreaterThan(5);
    for (const r of answered) {
      expect(r.filled.remarks).toMatch(/（出典: .+ 項番 [\w.-]+）$/);
      expect(r.citations).toHaveLength(1);
    }
    const tls = response.rows.find((r) => r.row === 9)!;
    expect(tls.question).toContain('暗号化');
    expect(tls.best?.id).toBe('leyserkids-whitepaper#2.10');
  });

  it("the backup question (it also asks frequency and generations) leads with the product's own backup section, marked for review when not sure", () => {
    const { response } = run('school-cloud-checklist.xlsx', 'LeySerKids');
    const backup = response.rows.find((r) => r.row === 8)!;
    expect(backup.question).toContain('バックアップ');
    expect(backup.best?.id).toBe('leyserkids-whitepaper#2.11');
    if (backup.verdict === 'answered') expect(backup.filled.remarks).toMatch(/（出典: .+ 項番 [\w.-]+）$/);
    else expect(backup.filled.remarks).toMatch(/要確認/);
  });

  it('an answered row with a ○ mark gets はい from the dropdown, いいえ only where the sentence about the point says no, or is left empty with the reason', () => {
    const { response } = run('school-cloud-checklist.xlsx', 'LeySerKids');
    const withMark = response.rows.filter((r) => r.citations.length > 0 && r.best?.mark?.value === 'yes');
    expect(withMark.filter((r) => r.filled.answer === 'はい').length).toBeGreaterThan(5);
    // 「データ削除証明書を発行してもらえますか」: 6-30 is marked ○ for its requirement, and says 証明書…は発行しておりません.
    const certificate = withMark.find((r) => r.question.includes('削除証明書'));
    expect(certificate?.filled.answer).toBe('いいえ');
    for (const r of withMark) {
      if (r.filled.answer === 'いいえ') expect(r.best!.answer).toMatch(/しておりません|非公開|ありません|無し/);
      else if (r.filled.answer !== 'はい') {
        expect(r.filled.answer).toBeNull();
        expect(r.messages.some((m) => m.code === 'choice_left_empty')).toBe(true);
      }
    }
  });

  it('the English questionnaire is answered with the Japanese official text and an English citation line', () => {
    const { response } = run('vendor-assessment-en.csv', 'LeySer Web出願');
    const tls = response.rows.find((r) => r.question.includes('encrypted in transit'))!;
    expect(tls.verdict).toBe('answered');
    expect(tls.filled.remarks).toContain('TLS');
    expect(tls.filled.remarks).toMatch(/\(Source: .+, item [\w.-]+\)$/);
  });
});

describe('the file to send and the review (issue 20)', () => {
  it('markers off: no 【要確認】 / [REVIEW NEEDED] in any planned cell; citations off: the official text alone', () => {
    const working = run('school-cloud-checklist.xlsx', 'LeySerKids').response;
    expect(working.rows.some((r) => [r.filled.answer, r.filled.remarks].some((t) => t?.includes('【要確認】')))).toBe(true);
    const submit = run('school-cloud-checklist.xlsx', 'LeySerKids', { output: { markers: false, citations: true } }).response;
    for (const r of submit.rows) for (const t of [r.filled.answer, r.filled.remarks]) expect(t ?? '').not.toMatch(/【要確認】|\[REVIEW NEEDED\]/);
    expect(submit.totals.cells_written).toBeLessThan(working.totals.cells_written);
    const bare = run('school-cloud-checklist.xlsx', 'LeySerKids', { output: { markers: false, citations: false } }).response;
    const answered = bare.rows.find((r) => r.filled.remarks !== null)!;
    expect(answered.filled.remarks).toBe(answered.written!.answer);
    const en = run('vendor-assessment-en.csv', 'LeySerKids', { output: { markers: false, citations: true } }).response;
    for (const r of en.rows) expect(`${r.filled.answer ?? ''}${r.filled.remarks ?? ''}`).not.toContain('[REVIEW NEEDED]');
  });

  it('every row without an automatic answer says why, from the catalog; answered rows carry no reason', () => {
    const { response } = run('school-cloud-checklist.xlsx', 'LeySerKids');
    for (const r of response.rows) {
      const reasons = r.messages.filter((m) => m.code.startsWith('reason_'));
      if (r.citations.length > 0) expect(reasons).toEqual([]);
      else expect(reasons.length, r.key).toBeGreaterThan(0);
    }
    const conflict = response.rows.flatMap((r) => r.messages).find((m) => m.code === 'reason_conflict');
    expect(conflict?.message_ja).toMatch(/^資料間で記載が異なります（A: .+／B: .+）/);
    expect(conflict?.message).toMatch(/the documents disagree/);
  });

  it('rows carry the customer ID column (CAIQ control IDs) and the cells each choice would write', () => {
    const caiq = processQuestionnaire({ bytes: fixture('real/en-caiq-v4.0.3-blank.xlsx'), fileName: 'caiq.xlsx', contentType: '', product: 'LeySerKids' });
    expect(caiq.response.rows[0]!.id).toBe('A&A-01.1');
    expect(caiq.response.rows.every((r) => r.messages.some((m) => m.code.startsWith('reason_')) || r.citations.length > 0)).toBe(true);
    expect(caiq.response.rows.filter((r) => r.messages.some((m) => m.code === 'reason_english_question')).length).toBeGreaterThan(200);
    const cells = caiq.cellsByChoice();
    let auto = 0;
    for (const r of caiq.response.rows) {
      const c = cells.get(r.key)!;
      expect(c.clear).toBe(0);
      auto += c.auto!;
    }
    expect(auto).toBe(caiq.response.totals.cells_written);
  });

  it('the review CSV carries the ID, the reasons and the memos (a memo brings its row in even when answered)', () => {
    const first = run('school-cloud-checklist.xlsx', 'LeySerKids').response;
    const answered = first.rows.find((r) => r.citations.length > 0)!;
    const csv = new TextDecoder().decode(run('school-cloud-checklist.xlsx', 'LeySerKids', { memos: { [answered.key]: '=情報システム部に確認中' } }).reviewCsv().bytes);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('シート,行,ID,質問,判定,候補（出典）,候補の単位ID,信頼度,理由,メモ');
    const memoLine = lines.find((l) => l.includes('情報システム部に確認中'))!;
    expect(memoLine).toContain(`,${answered.row},${answered.id},`);
    expect(memoLine).toContain("'=情報システム部に確認中");
    expect(csv).toContain('資料間で記載が異なります');
  });
});
