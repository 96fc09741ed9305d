// The named list of bad inputs (issue 6): each case with the status, the stable error code and a
// fragment of the Japanese message the user sees. Runs through SELF.fetch in workerd, except the
// upload-token case, which needs a binding the test config does not set (app.request with env).
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import app from '../../src/worker';
import { allUnits, PRODUCTS } from '../../src/corpus/store';
import { buildXlsx, cfbFile, zipBomb } from '../node/questionnaire-fixtures';
import { expectErrorBody, expectSecurityHeaders, JAPANESE } from './fuzz-support';
import { ErrorBodySchema } from '../../src/http/errors';

const BASE = 'https://kaitou.test';
const PRODUCT = 'LeySerKids';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const lookupJson = (body: unknown, contentType = 'application/json') => SELF.fetch(`${BASE}/api/lookup`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

function upload(file: { bytes: Uint8Array; name: string; type?: string } | null, fields: Record<string, string> = { product: PRODUCT }, query = ''): Promise<Response> {
  const form = new FormData();
  if (file) form.append('file', new File([file.bytes], file.name, { type: file.type ?? '' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return SELF.fetch(`${BASE}/api/questionnaire${query}`, { method: 'POST', body: form });
}

/** A small, valid questionnaire: header + two question rows, answer and remarks columns. */
const GOOD_CSV = strToU8('項番,質問,回答,備考\n1,データのバックアップは取得していますか。,,\n2,通信は暗号化されていますか。,,\n');
const csv = (bytes: Uint8Array = GOOD_CSV, name = 'q.csv') => ({ bytes, name, type: 'text/csv' });

const unitWithoutAnswer = allUnits().find((u) => !u.hasAnswer && u.products.includes(PRODUCT));
const unitOfOtherProduct = allUnits().find((u) => u.hasAnswer && !u.products.includes(PRODUCT));

/** A worksheet whose row tag carries a character reference beyond U+10FFFF (see the bug note). */
function workbookWithOutOfRangeCharRef(): Uint8Array {
  const files = unzipSync(
    buildXlsx([
      {
        name: 'S',
        rows: [
          ['質問', '回答', '備考'],
          ['ログは取得していますか。', null, null],
        ],
      },
    ]),
  );
  const xml = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
  files['xl/worksheets/sheet1.xml'] = strToU8(xml.replace('<row r="2"', '<row r="2" x14ac:dyDescent="&#x110000;"'));
  return zipSync(files);
}

/** A few stray values far down: each sheet would be a million-row grid (found by fuzzing: the Worker ran out of memory). */
function workbookWithFarAwayValues(sheets: number): Uint8Array {
  const files = unzipSync(
    buildXlsx(
      Array.from({ length: sheets }, (_, i) => ({
        name: `S${i}`,
        rows: [
          ['質問', '回答', '備考'],
          ['ログは取得していますか。', null, null],
        ],
      })),
    ),
  );
  for (const name of Object.keys(files)) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    const xml = new TextDecoder().decode(files[name]);
    files[name] = strToU8(xml.replace('</sheetData>', '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'));
  }
  return zipSync(files);
}

interface BadInput {
  name: string;
  send: () => Promise<Response> | Response;
  status: number;
  code: string;
  /** A fragment of message_ja: what the user actually reads. */
  ja: string;
  /** Set when the case currently fails because of a reported bug: run as an expected failure. */
  knownBug?: string;
}

const CASES: BadInput[] = [
  // ---- POST /api/lookup
  { name: 'lookup: empty question', send: () => lookupJson({ question: '' }), status: 400, code: 'invalid_question', ja: '質問を入力してください' },
  { name: 'lookup: only spaces (ASCII and ideographic)', send: () => lookupJson({ question: ' \u3000\t\n' }), status: 400, code: 'invalid_question', ja: '質問を入力してください' },
  { name: 'lookup: question of 2,001 characters', send: () => lookupJson({ question: 'あ'.repeat(2001) }), status: 400, code: 'question_too_long', ja: '2000 文字以内' },
  { name: 'lookup: question is a number', send: () => lookupJson({ question: 42 }), status: 400, code: 'invalid_question', ja: '質問を入力してください' },
  { name: 'lookup: question is null', send: () => lookupJson({ question: null }), status: 400, code: 'invalid_question', ja: '質問を入力してください' },
  { name: 'lookup: no question field', send: () => lookupJson({ product: PRODUCT }), status: 400, code: 'invalid_question', ja: '質問を入力してください' },
  { name: 'lookup: unknown product', send: () => lookupJson({ question: 'ログ', product: 'NoSuchProduct' }), status: 400, code: 'unknown_product', ja: '登録されていません' },
  { name: 'lookup: product is a number', send: () => lookupJson({ question: 'ログ', product: 7 }), status: 400, code: 'invalid_request', ja: 'リクエストが不正です' },
  { name: 'lookup: limit 0', send: () => lookupJson({ question: 'ログ', limit: 0 }), status: 400, code: 'invalid_limit', ja: '1〜20 の整数' },
  { name: 'lookup: limit 1.5', send: () => lookupJson({ question: 'ログ', limit: 1.5 }), status: 400, code: 'invalid_limit', ja: '1〜20 の整数' },
  { name: 'lookup: limit "abc"', send: () => lookupJson({ question: 'ログ', limit: 'abc' }), status: 400, code: 'invalid_limit', ja: '1〜20 の整数' },
  { name: 'lookup: body is not JSON', send: () => lookupJson('{"question": "ログ"'), status: 400, code: 'invalid_json', ja: '正しい JSON ではありません' },
  { name: 'lookup: body is a JSON array', send: () => lookupJson([{ question: 'ログ' }]), status: 400, code: 'invalid_request', ja: 'JSON オブジェクト' },
  { name: 'lookup: body is a JSON string', send: () => lookupJson('"ログ"'), status: 400, code: 'invalid_request', ja: 'JSON オブジェクト' },
  { name: 'lookup: text/plain content type', send: () => lookupJson({ question: 'ログ' }, 'text/plain'), status: 415, code: 'unsupported_media_type', ja: 'application/json' },
  { name: 'lookup: body over 16,000 characters', send: () => lookupJson({ question: 'あ'.repeat(20_000) }), status: 413, code: 'body_too_large', ja: '大きすぎます' },
  // ---- GET JSON routes
  { name: 'GET lookup: no q', send: () => SELF.fetch(`${BASE}/api/lookup`), status: 400, code: 'invalid_question', ja: '質問を入力してください' },
  { name: 'GET lookup: limit=99', send: () => SELF.fetch(`${BASE}/api/lookup?q=${encodeURIComponent('ログ')}&limit=99`), status: 400, code: 'invalid_limit', ja: '1〜20 の整数' },
  { name: 'GET lookup: invalid percent-encoding in q', send: () => SELF.fetch(`${BASE}/api/lookup?q=%E0%A4%A&product=%FF`), status: 400, code: 'unknown_product', ja: '登録されていません' },
  { name: 'unit: unknown id', send: () => SELF.fetch(`${BASE}/api/units/${encodeURIComponent('nope#1')}`), status: 404, code: 'unit_not_found', ja: '回答単位はありません' },
  { name: 'unknown API route', send: () => SELF.fetch(`${BASE}/api/nope`), status: 404, code: 'not_found', ja: '見つかりません' },
  { name: 'wrong method on lookup (DELETE)', send: () => SELF.fetch(`${BASE}/api/lookup`, { method: 'DELETE' }), status: 404, code: 'not_found', ja: '見つかりません' },
  // ---- POST /api/questionnaire: framing and fields
  {
    name: 'upload: JSON instead of multipart',
    send: () => SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    status: 415,
    code: 'unsupported_media_type',
    ja: 'multipart/form-data',
  },
  {
    name: 'upload: multipart body that does not parse',
    send: () => SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'not multipart at all' }),
    status: 400,
    code: 'invalid_multipart',
    ja: '解析できません',
  },
  {
    name: 'upload: body over the cap while reading',
    send: () => SELF.fetch(`${BASE}/api/questionnaire`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: new Uint8Array(6 * 1024 * 1024) }),
    status: 413,
    code: 'file_too_large',
    ja: '大きすぎます',
  },
  { name: 'upload: no file field', send: () => upload(null), status: 400, code: 'no_file', ja: 'ファイルが選択されていません' },
  { name: 'upload: empty file', send: () => upload(csv(new Uint8Array(0))), status: 400, code: 'empty_file', ja: '空です' },
  { name: 'upload: no product', send: () => upload(csv(), {}), status: 400, code: 'missing_product', ja: '製品を指定してください' },
  { name: 'upload: unknown product', send: () => upload(csv(), { product: 'Nope' }), status: 400, code: 'unknown_product', ja: '登録されていません' },
  { name: 'upload: format=pdf', send: () => upload(csv(), { product: PRODUCT }, '?format=pdf'), status: 400, code: 'invalid_format', ja: 'json / file / review / html' },
  { name: 'upload: question column "!!"', send: () => upload(csv(), { product: PRODUCT, questionColumn: '!!' }), status: 400, code: 'invalid_override', ja: '指定が正しくありません' },
  { name: 'upload: header row 0', send: () => upload(csv(), { product: PRODUCT, headerRow: '0' }), status: 400, code: 'invalid_override', ja: '指定が正しくありません' },
  { name: 'upload: column beyond XFD', send: () => upload(csv(), { product: PRODUCT, answerColumn: '16385' }), status: 400, code: 'invalid_override', ja: '指定が正しくありません' },
  { name: 'upload: choices not JSON', send: () => upload(csv(), { product: PRODUCT, choices: '{nope' }), status: 400, code: 'invalid_choices', ja: '指定が正しくありません' },
  { name: 'upload: choices for a row that is not a question', send: () => upload(csv(), { product: PRODUCT, choices: JSON.stringify({ 'CSV!99': 'clear' }) }), status: 400, code: 'invalid_choices', ja: '質問行ではありません' },
  { name: 'upload: choices with an unknown unit', send: () => upload(csv(), { product: PRODUCT, choices: JSON.stringify({ 2: 'nope#1' }) }), status: 400, code: 'unknown_unit', ja: '回答単位はありません' },
  {
    name: 'upload: choices with a unit of another product',
    send: () => upload(csv(), { product: PRODUCT, choices: JSON.stringify({ 2: unitOfOtherProduct?.id ?? 'missing' }) }),
    status: 400,
    code: 'unit_not_for_product',
    ja: '資料ではありません',
  },
  {
    name: 'upload: choices with a unit that has no disclosed answer',
    send: () => upload(csv(), { product: PRODUCT, choices: JSON.stringify({ 2: unitWithoutAnswer?.id ?? 'missing' }) }),
    status: 400,
    code: 'unit_without_answer',
    ja: '公開された回答がありません',
  },
  // ---- file types and encodings
  { name: 'upload: PDF', send: () => upload({ bytes: strToU8('%PDF-1.7\n%...'), name: 'q.pdf', type: 'application/pdf' }), status: 415, code: 'unsupported_type', ja: '対応していないファイル形式' },
  { name: 'upload: an OLE container named .xls (refused, never parsed)', send: () => upload({ bytes: cfbFile(false), name: 'q.xls' }), status: 415, code: 'xls_not_supported', ja: '.xlsx' },
  { name: 'upload: password-protected workbook', send: () => upload({ bytes: cfbFile(true), name: 'q.xlsx' }), status: 400, code: 'encrypted_workbook', ja: 'パスワード' },
  { name: 'upload: .docx (a zip, not a workbook)', send: () => upload({ bytes: buildXlsx([{ name: 'S', rows: [['質問']] }]), name: 'q.docx' }), status: 415, code: 'unsupported_type', ja: '対応していないファイル形式' },
  { name: 'upload: a zip named .csv', send: () => upload({ bytes: buildXlsx([{ name: 'S', rows: [['質問']] }]), name: 'q.csv', type: 'text/csv' }), status: 415, code: 'unsupported_type', ja: 'ZIP 形式' },
  { name: 'upload: .xlsx that is not a zip', send: () => upload({ bytes: strToU8('hello'), name: 'q.xlsx', type: XLSX_TYPE }), status: 400, code: 'invalid_xlsx', ja: '正しい .xlsx ファイルではありません' },
  { name: 'upload: truncated .xlsx', send: () => upload({ bytes: buildXlsx([{ name: 'S', rows: [['質問']] }]).slice(0, 200), name: 'q.xlsx', type: XLSX_TYPE }), status: 400, code: 'invalid_xlsx', ja: '正しい Excel ブック' },
  { name: 'upload: decompression bomb (40 MB of zeros)', send: () => upload({ bytes: zipBomb(40 * 1024 * 1024), name: 'q.xlsx', type: XLSX_TYPE }), status: 413, code: 'archive_too_large', ja: '展開すると' },
  { name: 'upload: file over 5 MB', send: () => upload(csv(new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41))), status: 413, code: 'file_too_large', ja: '大きすぎます' },
  {
    name: 'upload: CSV of 2,000 rows × 200 columns (memory, not rows)',
    send: () => upload(csv(strToU8(['質問,回答' + ',x'.repeat(198), ...Array.from({ length: 2000 }, (_, i) => `質問${i}ですか。,` + ',a'.repeat(198))].join('\n')))),
    status: 413,
    code: 'sheet_range_too_large',
    ja: '値の範囲が大きすぎます',
  },
  { name: 'upload: 5,001 question rows', send: () => upload(csv(strToU8(['質問,回答', ...Array.from({ length: 5001 }, (_, i) => `質問${i}ですか。,`)].join('\n')))), status: 413, code: 'too_many_rows', ja: '上限は 5000 行' },
  { name: 'upload: malformed UTF-16 text (odd length)', send: () => upload(csv(Uint8Array.from([0xff, 0xfe, 0x6a, 0x8c, 0x2c]))), status: 400, code: 'invalid_text', ja: 'UTF-16' },
  { name: 'upload: neither UTF-8 nor Shift_JIS', send: () => upload(csv(Uint8Array.from([0x41, 0xfd, 0xfe, 0x2c, 0x42]))), status: 415, code: 'unsupported_encoding', ja: 'UTF-8 でも Shift_JIS でもありません' },
  { name: 'upload: binary data as CSV', send: () => upload(csv(Uint8Array.from([0x41, 0x00, 0x42, 0x2c]))), status: 415, code: 'unsupported_type', ja: 'バイナリ' },
  { name: 'upload: CSV with only blank fields', send: () => upload(csv(strToU8(',,,\n , ,\n'))), status: 400, code: 'empty_file', ja: '内容がありません' },
  // ---- layout
  {
    name: 'upload: no question column',
    send: () =>
      upload({
        bytes: buildXlsx([
          {
            name: 'S',
            rows: [
              ['a', 'b'],
              [1, 2],
            ],
          },
        ]),
        name: 'q.xlsx',
        type: XLSX_TYPE,
      }),
    status: 422,
    code: 'no_question_column',
    ja: '質問の列が見つかりませんでした',
  },
  {
    name: 'upload: format=file with nowhere to write',
    send: () => upload(csv(strToU8('分類,質問,分類\n運用,ログは取得していますか。,運用\n')), { product: PRODUCT }, '?format=file'),
    status: 422,
    code: 'no_answer_column',
    ja: '書き込めません',
  },
  {
    name: 'upload: unknown sheet',
    send: () =>
      upload(
        {
          bytes: buildXlsx([
            {
              name: 'S',
              rows: [
                ['質問', '回答'],
                ['ログは取得していますか。', null],
              ],
            },
          ]),
          name: 'q.xlsx',
          type: XLSX_TYPE,
        },
        { product: PRODUCT, sheet: 'Nope' },
      ),
    status: 400,
    code: 'sheet_not_found',
    ja: 'シート「Nope」がありません',
  },
  // ---- access control (binding set through app.request: the test config has no secret)
  {
    name: 'upload: token configured, wrong bearer token',
    send: () => {
      const form = new FormData();
      form.append('file', new File([GOOD_CSV], 'q.csv'));
      form.append('product', PRODUCT);
      return app.request(`${BASE}/api/questionnaire`, { method: 'POST', body: form, headers: { authorization: 'Bearer wrong' } }, { KAITOU_UPLOAD_TOKEN: 'right-token' });
    },
    status: 401,
    code: 'unauthorized',
    ja: 'トークンが必要です',
  },
  {
    name: 'upload: values far below the questions in several sheets (dense-grid memory)',
    send: () => upload({ bytes: workbookWithFarAwayValues(3), name: 'q.xlsx', type: XLSX_TYPE }, { product: PRODUCT }),
    status: 413,
    code: 'sheet_range_too_large',
    ja: '値の範囲が大きすぎます',
  },
  // Found by fuzzing: the writer re-reads attributes SheetJS skips (was a 500).
  {
    name: 'upload: worksheet row attribute with &#x110000;, format=file',
    send: () => upload({ bytes: workbookWithOutOfRangeCharRef(), name: 'q.xlsx', type: XLSX_TYPE }, { product: PRODUCT }, '?format=file'),
    status: 400,
    code: 'invalid_xlsx',
    ja: '正しい Excel ブック',
  },
];

describe('bad input: expected status, code and Japanese message', () => {
  it('lists at least 25 named cases with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    // the choices cases need these units to exist in the corpus
    expect(unitWithoutAnswer).toBeDefined();
    expect(unitOfOtherProduct).toBeDefined();
    expect(PRODUCTS).toContain(PRODUCT);
  });

  for (const c of CASES) {
    // A known bug runs as an expected failure: the suite stays green while it is open and turns
    // red as soon as it is fixed, so the flag gets removed and the case guards the fix.
    const test = c.knownBug ? it.fails : it;
    test(`${c.name} → ${c.status} ${c.code}${c.knownBug ? ' (known bug)' : ''}`, async () => {
      const res = await c.send();
      expect(res.status).toBe(c.status);
      expectSecurityHeaders(res);
      const code = await expectErrorBody(res.clone());
      expect(code).toBe(c.code);
      const body = ErrorBodySchema.parse(await res.json());
      expect(body.error.message_ja).toMatch(JAPANESE);
      expect(body.error.message_ja).toContain(c.ja);
      // English message present, distinct from the Japanese one, and no stack trace leaks.
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(body.error.message).not.toBe(body.error.message_ja);
      expect(body.error.message).not.toMatch(/\bat .+:\d+:\d+/);
    });
  }
});
