/// <reference types="vite/client" />
// POST /api/questionnaire in the real Workers runtime (workerd): the sample fixtures end to end,
// the three output formats, and every refusal as a 4xx JSON error.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { ErrorBodySchema } from '../../src/http/errors';
import app from '../../src/worker';
import { QuestionnaireResponseSchema } from '../../src/questionnaire/schema';
import { REVIEW_MARKERS } from '../../src/questionnaire/answer';
import { buildXlsx, cfbFile, lieAboutSize, zipBomb } from '../node/questionnaire-fixtures';
// `?url&inline` makes Vite embed the fixture bytes as a base64 data URL (workerd has no file system).
import checklistUrl from '../fixtures/school-cloud-checklist.xlsx?url&inline';
import sjisUrl from '../fixtures/vendor-questionnaire-sjis.csv?url&inline';
import enUrl from '../fixtures/vendor-assessment-en.csv?url&inline';

function dataUrlBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  const meta = url.slice(0, comma);
  const payload = url.slice(comma + 1);
  if (meta.endsWith(';base64')) return Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(decodeURIComponent(payload));
}

const checklist = dataUrlBytes(checklistUrl);
const sjis = dataUrlBytes(sjisUrl);
const en = dataUrlBytes(enUrl);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(file: { bytes: Uint8Array; name: string; type?: string } | null, fields: Record<string, string> = {}, query = ''): Promise<Response> {
  const form = new FormData();
  if (file) form.append('file', new File([file.bytes], file.name, { type: file.type ?? '' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return SELF.fetch(`http://kaitou.test/api/questionnaire${query}`, { method: 'POST', body: form });
}

async function expectError(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = ErrorBodySchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message_ja.length).toBeGreaterThan(0);
}

describe('POST /api/questionnaire (JSON)', () => {
  it('school-cloud-checklist.xlsx: layout, 40 rows, totals', async () => {
    const res = await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx', type: XLSX_TYPE }, { product: 'LeySerKids' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = QuestionnaireResponseSchema.parse(await res.json());
    expect(body.layout.sheets).toEqual([
      expect.objectContaining({
        sheet: 'チェックシート',
        headerRow: 5,
        questionColumn: 'C',
        answerColumn: 'D',
        remarksColumn: 'E',
        headers: { question: '確認項目', answer: '回答', remarks: '補足説明' },
        answerChoices: ['はい', 'いいえ', '一部対応', '該当なし'],
        questionRows: 40,
        sectionRows: [6, 17, 28, 39, 50],
      }),
    ]);
    expect(body.rows).toHaveLength(40);
    expect(body.rows[0]).toMatchObject({ sheet: 'チェックシート', row: 7, key: 'チェックシート!7' });
    expect(body.totals.questions).toBe(40);
    expect(body.totals.answered + body.totals.needs_review + body.totals.no_match).toBe(40);
    // content (real retrieval): answered rows carry official text with a citation
    const answered = body.rows.filter((r) => r.verdict === 'answered');
    expect(answered.length).toBeGreaterThan(5);
    for (const r of answered) expect(r.filled.remarks).toMatch(/（出典: .+ 項番 .+）$/);
  });

  it('the Shift_JIS CSV is decoded in workerd', async () => {
    const body = QuestionnaireResponseSchema.parse(await (await upload({ bytes: sjis, name: 'vendor-questionnaire-sjis.csv', type: 'text/csv' }, { product: 'LeySer System' })).json());
    expect(body.layout).toMatchObject({ format: 'csv', encoding: 'shift_jis', delimiter: ',', lineEnding: 'CRLF' });
    expect(body.rows).toHaveLength(17);
    expect(body.rows[0]!.question).toBe('クリアデスク・クリアスクリーンを実施していますか。');
  });

  it('overrides are honoured', async () => {
    const body = QuestionnaireResponseSchema.parse(await (await upload({ bytes: en, name: 'vendor-assessment-en.csv' }, { product: 'LeySerKids', headerRow: '1', questionColumn: 'C', answerColumn: '4', remarksColumn: 'E' })).json());
    expect(body.layout.sheets[0]).toMatchObject({ detectedBy: 'override', questionColumn: 'C', answerColumn: 'D', remarksColumn: 'E' });
  });
});

describe('POST /api/questionnaire?format=file', () => {
  it('returns the filled XLSX as an attachment, readable, with everything else in place', async () => {
    const res = await upload({ bytes: checklist, name: 'チェックシート.xlsx', type: XLSX_TYPE }, { product: 'LeySerKids' }, '?format=file');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('チェックシート_filled.xlsx')}`);
    const wb = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    expect(wb.SheetNames).toEqual(['記入要領', 'チェックシート', '選択肢']);
    expect(wb.Workbook?.Sheets?.[2]?.Hidden).toBe(1);
    const ws = wb.Sheets['チェックシート']!;
    expect(ws['C8']?.v).toBe('データのバックアップは取得していますか。取得頻度と保管世代数を教えてください。');
    // Remarks written into the file: official text with its citation where a row was answered.
    const written = Object.keys(ws).filter((k) => /^E\d+$/.test(k) && Number(k.slice(1)) >= 7 && ws[k]?.v !== undefined);
    expect(written.some((k) => /（出典: .+）$/.test(String(ws[k]!.v)))).toBe(true);
    expect(ws['A6']?.v).toBe('■ データ管理');
    expect(ws['E6']?.v).toBeUndefined();
    expect(ws['!merges']).toHaveLength(6);
  });

  it('returns the CSV in its own encoding, delimiter and line endings', async () => {
    const res = await upload({ bytes: sjis, name: 'vendor-questionnaire-sjis.csv', type: 'text/csv' }, { product: 'LeySer System' }, '?format=file');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=shift_jis');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(() => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)).toThrow(); // still Shift_JIS
    const text = new TextDecoder('shift_jis').decode(bytes);
    expect(text.startsWith('項番,カテゴリ,質問,回答,備考\r\n')).toBe(true);
    expect(bytes.subarray(0, 30)).toEqual(sjis.subarray(0, 30));
    const markers = Object.values(REVIEW_MARKERS.ja);
    expect(text.includes('（出典: ') || markers.some((m) => text.includes(m))).toBe(true);
  });

  it('?format=review returns the rows needing a person as UTF-8 CSV with BOM', async () => {
    const res = await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids' }, '?format=review');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('school-cloud-checklist_review.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toBe('シート,行,ID,質問,判定,候補（出典）,候補の単位ID,信頼度,理由,メモ');
  });

  it('accepts user choices as JSON', async () => {
    const res = await upload({ bytes: en, name: 'vendor-assessment-en.csv' }, { product: 'LeySerKids', choices: JSON.stringify({ 'CSV!2': 'clear' }) });
    const body = QuestionnaireResponseSchema.parse(await res.json());
    expect(body.rows.find((r) => r.row === 2)!.selection).toBe('cleared');
  });

  it('reports the match actually written as `written`: the chosen alternate, not the automatic `best`', async () => {
    const auto = QuestionnaireResponseSchema.parse(await (await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids' })).json());
    const row = auto.rows.find((r) => r.selection === 'auto' && r.citations.length > 0 && r.alternates.some((a) => a.hasAnswer))!;
    expect(row.written?.id).toBe(row.best?.id);
    const alt = row.alternates.find((a) => a.hasAnswer)!;
    const chosen = QuestionnaireResponseSchema.parse(await (await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids', choices: JSON.stringify({ [row.key]: alt.id }) })).json());
    const r = chosen.rows.find((x) => x.key === row.key)!;
    expect(r.selection).toBe('user');
    expect(r.best?.id).toBe(row.best?.id);
    expect(r.written?.id).toBe(alt.id);
    expect(r.citations).toEqual([r.written!.citation]);
    const cleared = QuestionnaireResponseSchema.parse(await (await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids', choices: JSON.stringify({ [row.key]: 'clear' }) })).json());
    expect(cleared.rows.find((x) => x.key === row.key)!.written).toBeNull();
    // A row left for review writes nothing official.
    for (const x of auto.rows.filter((x) => x.citations.length === 0)) expect(x.written).toBeNull();
  });
});

describe('the file to send: ?format=file&markers=none (&citations=none) — issue 20', () => {
  const cellTexts = (bytes: ArrayBuffer) => {
    const wb = XLSX.read(new Uint8Array(bytes), { type: 'array' });
    return Object.values(wb.Sheets).flatMap((sh) =>
      Object.entries(sh!)
        .filter(([k]) => !k.startsWith('!'))
        .map(([, c]) => String((c as { v?: unknown }).v ?? '')),
    );
  };
  it('writes no review marker (checked in the file), names the file 提出用, and drops the citation line on request', async () => {
    const working = cellTexts(await (await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids' }, '?format=file')).arrayBuffer());
    expect(working.some((t) => t.startsWith('【要確認】'))).toBe(true);
    const res = await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids' }, '?format=file&markers=none');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('school-cloud-checklist_提出用.xlsx');
    const submit = cellTexts(await res.arrayBuffer());
    expect(submit.filter((t) => t.includes('【要確認】') || t.includes('[REVIEW NEEDED]'))).toEqual([]);
    expect(submit.some((t) => t.includes('（出典:'))).toBe(true);
    const bare = cellTexts(await (await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids' }, '?format=file&markers=none&citations=none')).arrayBuffer());
    expect(bare.filter((t) => t.includes('（出典:'))).toEqual([]);
  });

  it('refuses another value with a Japanese 400, and memos that are not a JSON object', async () => {
    await expectError(await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids' }, '?format=file&markers=no'), 400, 'invalid_output_option');
    await expectError(await upload({ bytes: checklist, name: 'school-cloud-checklist.xlsx' }, { product: 'LeySerKids', memos: '[1]' }, '?format=review'), 400, 'invalid_choices');
  });
});

describe('POST /api/questionnaire refusals (4xx JSON, never 500)', () => {
  const product = { product: 'LeySerKids' };
  it.each([
    ['no file', 400, 'no_file', () => upload(null, product)],
    ['empty file', 400, 'empty_file', () => upload({ bytes: new Uint8Array(0), name: 'a.xlsx' }, product)],
    ['no product', 400, 'missing_product', () => upload({ bytes: en, name: 'a.csv' })],
    ['unknown product', 400, 'unknown_product', () => upload({ bytes: en, name: 'a.csv' }, { product: 'Nope' })],
    ['unsupported type', 415, 'unsupported_type', () => upload({ bytes: new TextEncoder().encode('%PDF-1.4'), name: 'a.pdf' }, product)],
    ['xlsx that is not a zip', 400, 'invalid_xlsx', () => upload({ bytes: new TextEncoder().encode('hello'), name: 'a.xlsx', type: XLSX_TYPE }, product)],
    ['encrypted workbook', 400, 'encrypted_workbook', () => upload({ bytes: cfbFile(true), name: 'a.xlsx' }, product)],
    ['decompression bomb', 413, 'archive_too_large', () => upload({ bytes: zipBomb(40 * 1024 * 1024), name: 'a.xlsx' }, product)],
    ['lying zip sizes', 413, 'archive_too_large', () => upload({ bytes: lieAboutSize(zipBomb(4 * 1024 * 1024), 'xl/media/padding.bin', 10), name: 'a.xlsx' }, product)],
    ['over 5 MB', 413, 'file_too_large', () => upload({ bytes: new Uint8Array(5 * 1024 * 1024 + 1), name: 'a.csv' }, product)],
    ['too many rows', 413, 'too_many_rows', () => upload({ bytes: new TextEncoder().encode(['質問,回答', ...Array.from({ length: 5001 }, (_, i) => `質問${i}ですか。,`)].join('\n')), name: 'a.csv' }, product)],
    [
      'no question column',
      422,
      'no_question_column',
      () =>
        upload(
          {
            bytes: buildXlsx([
              {
                name: 'S',
                rows: [
                  ['a', 'b'],
                  [1, 2],
                ],
              },
            ]),
            name: 'a.xlsx',
          },
          product,
        ),
    ],
    ['unknown sheet', 400, 'sheet_not_found', () => upload({ bytes: checklist, name: 'a.xlsx' }, { ...product, sheet: 'Nope' })],
    ['bad column override', 400, 'invalid_override', () => upload({ bytes: en, name: 'a.csv' }, { ...product, questionColumn: '!!' })],
    ['bad choices', 400, 'invalid_choices', () => upload({ bytes: en, name: 'a.csv' }, { ...product, choices: '{not json' })],
    ['bad format', 400, 'invalid_format', () => upload({ bytes: en, name: 'a.csv' }, product, '?format=pdf')],
  ] as const)('%s → %i %s', async (_label, status, code, send) => {
    await expectError(await send(), status, code);
  });

  it('a body over the cap is refused while reading it → 413', async () => {
    const big = new Uint8Array(6 * 1024 * 1024);
    const res = await SELF.fetch('http://kaitou.test/api/questionnaire', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: big });
    await expectError(res, 413, 'file_too_large');
  });

  it('requires the upload token when one is configured', async () => {
    const send = (auth?: string) => {
      const form = new FormData();
      form.append('file', new File([en], 'a.csv'));
      form.append('product', 'LeySerKids');
      return app.request('http://kaitou.test/api/questionnaire', { method: 'POST', body: form, headers: auth ? { authorization: auth } : {} }, { KAITOU_UPLOAD_TOKEN: 's3cret' });
    };
    await expectError(await send(), 401, 'unauthorized');
    await expectError(await send('Bearer wrong'), 401, 'unauthorized');
    expect((await send('Bearer s3cret')).status).toBe(200);
  });

  it('not multipart → 415', async () => {
    const res = await SELF.fetch('http://kaitou.test/api/questionnaire', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expectError(res, 415, 'unsupported_media_type');
  });
});

describe('issue 18 over HTTP: placeholders and nothing writable', () => {
  const questions = ['ISMS（ISO/IEC 27001）の認証を取得していますか。', 'システムログを取得していますか。', '無操作時のセッションタイムアウトは設定されていますか。'];
  const placeholderBook = buildXlsx([{ name: 'S', rows: [['No', '質問', '回答'], ...questions.map((q, i) => [i + 1, q, '未確認'])], validations: [{ sqref: 'C2:C4', formula: '"未確認,はい,いいえ,該当なし"' }] }]);
  const file = { bytes: placeholderBook, name: 'q.xlsx', type: XLSX_TYPE };

  it('a column of one default: a top-level notice; ?format=file is 422 nothing_writable until overwritePlaceholders is sent', async () => {
    const body = QuestionnaireResponseSchema.parse(await (await upload(file, { product: 'LeySer System' })).json());
    expect(body.notices.map((n) => n.code)).toEqual(['placeholder_answers', 'nothing_written']);
    await expectError(await upload(file, { product: 'LeySer System' }, '?format=file'), 422, 'nothing_writable');
    const filled = await upload(file, { product: 'LeySer System', overwritePlaceholders: 'on' }, '?format=file');
    expect(filled.status).toBe(200);
    await expectError(await upload(file, { product: 'LeySer System', overwritePlaceholders: 'maybe' }), 400, 'invalid_override');
  });

  it('the page offers the option as a checkbox, and the review shows the notice', async () => {
    const page = await (await SELF.fetch('http://kaitou.test/questionnaire')).text();
    expect(page).toContain('name="overwritePlaceholders"');
    const html = await (await upload(file, { product: 'LeySer System' }, '?format=html')).text();
    expect(html).toContain('テンプレートの既定値とみなしました');
  });
});
