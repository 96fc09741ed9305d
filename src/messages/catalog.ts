// The one catalog of what kaitou says when something goes wrong or needs a person's attention:
// every error code with its HTTP status, when it happens, and its English and Japanese messages
// (functions of typed parameters); and every per-row questionnaire message. Domain code raises
// `new AppError(code, params)` (src/messages/error.ts) and records `rowMessage(code, params)`; only
// the HTTP edge (src/http/) turns an error into a response, and the pages, the review CSV, the docs'
// error tables (scripts/error-table.ts) and the tests' list of codes all read this module.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Where a code can occur: the docs group their error tables by it. */
export type ErrorScope = 'any' | 'lookup' | 'questionnaire' | 'approvals';

export interface ErrorEntry<P> {
  status: ContentfulStatusCode;
  scope: ErrorScope;
  /** One line for the docs' error table. */
  when: string;
  en: (p: P) => string;
  ja: (p: P) => string;
  /** Machine-readable `details` of the JSON error, when a client can act on them. */
  details?: (p: P) => Record<string, unknown>;
}

/** Declares an entry whose message functions take parameters of type P (none by default). */
function entry<P extends object = Record<never, never>>(e: ErrorEntry<P>): ErrorEntry<P> {
  return e;
}

const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;
const listEn = (xs: readonly string[]) => xs.join(', ');
const listJa = (xs: readonly string[]) => xs.join('、');

/** Why an upload is not a workbook we can read; each reason has its own wording. */
export type InvalidXlsxReason =
  | 'not_zip'
  | 'no_end_record'
  | 'zip64'
  | 'central_directory'
  | 'compression_method'
  | 'local_header'
  | 'truncated'
  | 'inconsistent_sizes'
  | 'cannot_decompress'
  | 'no_workbook_part'
  | 'no_sheets'
  | 'unreadable'
  | 'unwritable'
  | 'malformed_xml'
  | 'no_content_types'
  | 'no_workbook_type'
  | 'two_workbooks'
  | 'package_mismatch'
  | 'shared_sheet_part';

const INVALID_XLSX: Record<InvalidXlsxReason, { en: (part: string) => string; ja: (part: string) => string }> = {
  not_zip: { en: () => 'it is not a zip archive', ja: () => 'ZIP 形式ではありません' },
  no_end_record: { en: () => 'zip end record not found; the file is truncated or not a zip', ja: () => 'ZIP の終端情報がありません。ファイルが途中で切れているか ZIP 形式ではありません' },
  zip64: { en: () => 'ZIP64 archives are not supported', ja: () => 'ZIP64 形式には対応していません' },
  central_directory: { en: () => 'the central directory is damaged', ja: () => 'ZIP の目次（セントラルディレクトリ）が壊れています' },
  compression_method: { en: (m) => `unsupported zip compression method ${m}`, ja: (m) => `対応していない圧縮方式（${m}）です` },
  local_header: { en: (p) => `local header of ${p} is damaged`, ja: (p) => `${p} のヘッダーが壊れています` },
  truncated: { en: (p) => `${p} is truncated`, ja: (p) => `${p} が途中で切れています` },
  inconsistent_sizes: { en: (p) => `${p} has inconsistent sizes`, ja: (p) => `${p} のサイズ情報が一致しません` },
  cannot_decompress: { en: (p) => `${p} cannot be decompressed`, ja: (p) => `${p} を展開できません` },
  no_workbook_part: { en: () => 'no workbook part (xl/workbook.xml) in the archive', ja: () => 'ブック本体（xl/workbook.xml）がありません' },
  no_sheets: { en: () => 'the workbook has no sheets', ja: () => 'シートがありません' },
  unreadable: { en: () => 'the workbook cannot be read', ja: () => 'ブックを読み取れません' },
  unwritable: { en: () => 'the workbook cannot be written back', ja: () => '回答を書き戻せません' },
  malformed_xml: { en: (p) => `${p} is not well-formed XML (unclosed or unbalanced tags, nesting over 64 levels, or a DOCTYPE)`, ja: (p) => `${p} の XML が正しくありません（閉じていないタグ、64 段を超える入れ子、DOCTYPE など）` },
  no_content_types: { en: () => 'no [Content_Types].xml in the archive', ja: () => '[Content_Types].xml がありません' },
  no_workbook_type: { en: () => '[Content_Types].xml names no Excel workbook part', ja: () => '[Content_Types].xml に Excel ブック本体の記載がありません' },
  two_workbooks: { en: () => 'the package names two workbook parts', ja: () => 'ブック本体が 2 つ指定されています' },
  package_mismatch: { en: () => 'the package relationships and content types name different workbooks', ja: () => 'パッケージの関係定義とコンテンツ型が別々のブック本体を指しています' },
  shared_sheet_part: { en: () => 'two sheets share one worksheet part', ja: () => '2 つのシートが同じワークシート部品を指しています' },
};

/** Why a zip's local headers and central directory cannot be trusted (issue 13: readers must agree). */
export type InconsistentZipReason = 'multi_disk' | 'duplicate_name' | 'local_header_missing' | 'flags_differ' | 'method_differs' | 'name_differs' | 'sizes_differ' | 'past_central_directory' | 'stored_sizes' | 'overlap' | 'crc';

const INCONSISTENT_ZIP: Record<InconsistentZipReason, { en: (part: string) => string; ja: (part: string) => string }> = {
  multi_disk: { en: () => 'multi-disk archives are not supported', ja: () => '複数ディスクに分割された ZIP には対応していません' },
  duplicate_name: { en: (p) => `two entries are named ${p}`, ja: (p) => `${p} という名前のエントリーが 2 つあります` },
  local_header_missing: { en: (p) => `the local header of ${p} is missing`, ja: (p) => `${p} のローカルヘッダーがありません` },
  flags_differ: { en: (p) => `${p}: local and central flags differ`, ja: (p) => `${p} のフラグがローカルヘッダーと目次で異なります` },
  method_differs: { en: (p) => `${p}: local and central compression methods differ`, ja: (p) => `${p} の圧縮方式がローカルヘッダーと目次で異なります` },
  name_differs: { en: (p) => `${p}: local and central names differ`, ja: (p) => `${p} の名前がローカルヘッダーと目次で異なります` },
  sizes_differ: { en: (p) => `${p}: sizes or CRC in the local header or data descriptor differ from the central directory`, ja: (p) => `${p} のサイズまたは CRC がローカルヘッダー（データ記述子）と目次で異なります` },
  past_central_directory: { en: (p) => `${p} runs into the central directory`, ja: (p) => `${p} が目次の領域にはみ出しています` },
  stored_sizes: { en: (p) => `${p} is stored with two different sizes`, ja: (p) => `${p} は無圧縮なのに 2 つの異なるサイズが記載されています` },
  overlap: { en: () => 'two entries share bytes', ja: () => '2 つのエントリーが同じデータ領域を共有しています' },
  crc: { en: (p) => `${p} fails its CRC check`, ja: (p) => `${p} の CRC（チェックサム）が一致しません` },
};

/** Another spreadsheet format whose parts were found inside an .xlsx. */
export type ForeignFormat = 'ods' | 'uoc' | 'numbers' | 'xlsb';
const FOREIGN_FORMAT: Record<ForeignFormat, { en: string; ja: string }> = {
  ods: { en: 'OpenDocument (ODS) parts', ja: 'OpenDocument（ODS）の部品' },
  uoc: { en: 'Office UOC parts', ja: 'UOC 形式の部品' },
  numbers: { en: 'Apple Numbers parts', ja: 'Apple Numbers の部品' },
  xlsb: { en: 'binary workbook (XLSB) parts', ja: 'バイナリ形式ブック（XLSB）の部品' },
};

/** What parsing would build too much of (workbook_too_complex). */
export type ComplexityMeasure =
  | 'shared_strings'
  | 'shared_string_chars'
  | 'sheets'
  | 'xml_elements'
  | 'cell_elements'
  | 'row_elements'
  | 'cell_formats'
  | 'number_formats'
  | 'merged_ranges'
  | 'validation_ranges'
  | 'column_spans'
  | 'range_rows'
  | 'list_cells'
  | 'formula_cells';
const COMPLEXITY: Record<ComplexityMeasure, { en: string; ja: string }> = {
  shared_strings: { en: 'distinct texts (shared strings)', ja: '共有文字列（異なる文字列）の数' },
  shared_string_chars: { en: 'characters of shared strings', ja: '共有文字列の文字数' },
  sheets: { en: 'sheets', ja: 'シート数' },
  xml_elements: { en: 'XML elements', ja: 'XML 要素数' },
  cell_elements: { en: 'cells written in the sheets (with or without a value)', ja: 'シートに書かれたセル（値の有無を問わず）の数' },
  row_elements: { en: 'rows written in the sheets (with or without a value)', ja: 'シートに書かれた行（値の有無を問わず）の数' },
  cell_formats: { en: 'cell formats (styles)', ja: 'セルの書式（スタイル）の数' },
  number_formats: { en: 'number formats', ja: '表示形式の数' },
  merged_ranges: { en: 'merged cell ranges', ja: '結合セルの範囲の数' },
  validation_ranges: { en: 'ranges of data validations (dropdowns)', ja: '入力規則（プルダウン）の範囲の数' },
  column_spans: { en: 'columns defined in one sheet (<col> spans, overlapping)', ja: '1 シートの列定義（<col>）の列数（重複を含む）' },
  range_rows: { en: 'rows covered by merged ranges or dropdown ranges', ja: '結合セル・入力規則の範囲が覆う行数の合計' },
  list_cells: { en: 'cells read for dropdown lists', ja: 'プルダウンの選択肢として読むセルの数' },
  formula_cells: { en: 'cells holding a formula', ja: '数式を含むセルの数' },
};

/** What an upload turned out to be when it is not a type we accept. */
export type UnsupportedTypeKind = 'xls' | 'zip_named_csv' | 'binary' | 'other';

const UNSUPPORTED_TYPE: Record<UnsupportedTypeKind, { en: string; ja: string }> = {
  xls: {
    en: 'The file is an OLE document of another Office program (Word, PowerPoint …), not a workbook. Upload an Excel workbook (.xlsx, .xlsm), a CSV file or Unicode text.',
    ja: 'Excel 以外の Office 文書（Word、PowerPoint など）のファイルです。Excel ブック（.xlsx / .xlsm）、CSV または Unicode テキストをアップロードしてください。',
  },
  zip_named_csv: { en: 'The file is named as CSV but is a zip archive.', ja: 'CSV として送られたファイルが ZIP 形式です。ファイルの種類を確認してください。' },
  binary: { en: 'The file is binary, not a CSV text file.', ja: 'CSV テキストファイルではありません（バイナリファイルです）。' },
  other: {
    en: 'Unsupported file type. Upload an Excel workbook (.xlsx, .xlsm, .xls), a CSV file (.csv) or Unicode text (.txt).',
    ja: '対応していないファイル形式です。Excel ブック（.xlsx / .xlsm / .xls）、CSV ファイル（.csv）または Unicode テキスト（.txt）をアップロードしてください。',
  },
};

/** Why a sheet is not answered (layout.skippedSheets[].reason). */
export type SkipReason = 'hidden' | 'no_question_column' | 'no_question_rows' | 'not_selected' | 'not_questionnaire' | 'computed' | 'no_answer_column' | 'list_source' | 'mirror';
export const SKIP_REASONS: Record<SkipReason, { en: string; ja: string }> = {
  hidden: { en: 'hidden sheet', ja: '非表示のシート' },
  no_question_column: { en: 'no question column', ja: '質問の列なし' },
  no_question_rows: { en: 'no question rows', ja: '質問の行なし' },
  not_selected: { en: 'not the selected sheet', ja: '指定外のシート' },
  not_questionnaire: { en: 'its name says it is not the questionnaire', ja: '回答用のシートではない（シート名から判断）' },
  computed: { en: 'its answer column is computed by formulas', ja: '回答欄が数式（他のシートから計算）' },
  no_answer_column: { en: 'no answer or remarks column', ja: '回答欄・補足欄なし' },
  list_source: { en: "it holds the lists of the questionnaire's dropdowns", ja: '回答欄の選択肢の元になるリストのシート' },
  mirror: { en: 'it repeats the questions of an earlier sheet row for row (a copy or diff view)', ja: '前のシートと同じ質問を並べたシート（コピー・差分表示）' },
};

export const ERRORS = {
  // Routing and every endpoint
  not_found: entry<{ method: string; path: string }>({
    status: 404,
    scope: 'any',
    when: 'no page or endpoint at that URL (a browser gets the Japanese not-found page)',
    en: (p) => `No route for ${p.method} ${p.path}`,
    ja: () => 'ページまたは API が見つかりません。',
  }),
  body_too_large: entry<{ maxBytes: number }>({
    status: 413,
    scope: 'any',
    when: 'the request body is over the endpoint’s cap',
    en: (p) => `Request body over ${p.maxBytes} bytes`,
    ja: (p) => `リクエストが大きすぎます（上限 ${p.maxBytes} バイト）。`,
  }),
  unsupported_media_type: entry<{ expected: 'application/json' | 'multipart/form-data' | 'application/x-ndjson' }>({
    status: 415,
    scope: 'any',
    when: 'the request is not `application/json` (lookup, approval), `multipart/form-data` (questionnaire) or `application/x-ndjson` (approvals import)',
    en: (p) =>
      p.expected === 'application/json'
        ? 'Send the lookup as application/json'
        : p.expected === 'application/x-ndjson'
          ? 'Send the export lines as application/x-ndjson (one JSON object per line).'
          : 'Send the questionnaire as multipart/form-data with a "file" field.',
    ja: (p) =>
      p.expected === 'application/json'
        ? 'リクエストは application/json で送信してください。'
        : p.expected === 'application/x-ndjson'
          ? 'インポートは 1 行に 1 件の JSON（application/x-ndjson）で送信してください。'
          : 'ファイルは multipart/form-data の「file」フィールドで送信してください。',
  }),
  unknown_product: entry<{ product: string; knownProducts: readonly string[] }>({
    status: 400,
    scope: 'any',
    when: 'the product is not one of `GET /api/products`; `details.knownProducts` lists them',
    en: (p) => `Unknown product "${p.product}". Known products: ${listEn(p.knownProducts)}`,
    ja: (p) => `製品「${p.product}」は登録されていません。指定できる製品: ${listJa(p.knownProducts)}`,
    details: (p) => ({ knownProducts: p.knownProducts }),
  }),
  internal_error: entry({
    status: 500,
    scope: 'any',
    when: 'a bug; nothing of the request is logged',
    en: () => 'Internal error. Please retry; if it persists, contact support.',
    ja: () => '内部エラーが発生しました。再度お試しください。解決しない場合はサポートにお問い合わせください。',
  }),

  // Lookup API
  unit_not_found: entry<{ id: string }>({
    status: 404,
    scope: 'lookup',
    when: '`GET /api/units/:id` with an unknown id',
    en: (p) => `No unit with id "${p.id}". Ids look like leyser-checksheet-mic#25.`,
    ja: (p) => `ID「${p.id}」の回答単位はありません。ID は leyser-checksheet-mic#25 のような形式です。`,
  }),
  invalid_json: entry({
    status: 400,
    scope: 'lookup',
    when: 'the body is not valid JSON',
    en: () => 'Request body is not valid JSON',
    ja: () => 'リクエスト本文が正しい JSON ではありません。',
  }),
  invalid_request: entry<{ field: string; issue: string } | { notAnObject: true }>({
    status: 400,
    scope: 'lookup',
    when: 'the body is not a JSON object, or a field other than `question`/`limit` is invalid',
    en: (p) => ('notAnObject' in p ? 'Body must be a JSON object {"question": ...}' : `Invalid request: ${p.field}: ${p.issue}`),
    ja: (p) => ('notAnObject' in p ? 'リクエスト本文は {"question": ...} 形式の JSON オブジェクトにしてください。' : `リクエストが不正です（${p.field}）。`),
  }),
  invalid_question: entry({
    status: 400,
    scope: 'lookup',
    when: '`question` is missing, empty, or not valid text (a lone UTF-16 surrogate)',
    en: () => 'question must be a non-empty string',
    ja: () => '質問を入力してください（空の質問は検索できません）。',
  }),
  question_too_long: entry<{ maxChars: number }>({
    status: 400,
    scope: 'lookup',
    when: '`question` is over 2,000 characters, also once normalized (NFKC)',
    en: (p) => `question must be at most ${p.maxChars} characters`,
    ja: (p) => `質問は ${p.maxChars} 文字以内で入力してください。`,
  }),
  invalid_limit: entry<{ maxLimit: number }>({
    status: 400,
    scope: 'lookup',
    when: '`limit` is not an integer from 1 to 20',
    en: (p) => `limit must be an integer from 1 to ${p.maxLimit}`,
    ja: (p) => `limit は 1〜${p.maxLimit} の整数で指定してください。`,
  }),
  rate_limited: entry<{ retryAfterSeconds: number }>({
    status: 429,
    scope: 'lookup',
    when: 'too many lookups from one address (production); `Retry-After` says when to retry',
    en: (p) => `Too many lookups from this address. Retry in ${p.retryAfterSeconds} seconds.`,
    ja: (p) => `検索回数が上限に達しました。${p.retryAfterSeconds} 秒ほど待ってから再度お試しください。`,
    details: (p) => ({ retryAfterSeconds: p.retryAfterSeconds }),
  }),

  // Questionnaire upload
  unauthorized: entry({
    status: 401,
    scope: 'questionnaire',
    when: 'the upload token is missing or wrong',
    en: () => 'Uploads require the upload token (Authorization: Bearer <token>) or signing in at /login.',
    ja: () => 'アップロードにはトークンが必要です（/login でログインするか、Authorization: Bearer <token> を送ってください）。',
  }),
  too_many_attempts: entry<{ retryAfterSeconds: number }>({
    status: 429,
    scope: 'questionnaire',
    when: 'too many sign-in or bearer-token attempts from one address (production); `Retry-After` says when to retry',
    en: (p) => `Too many sign-in or token attempts from this address. Retry in ${p.retryAfterSeconds} seconds.`,
    ja: (p) => `ログインまたはトークンの試行回数が上限に達しました。${p.retryAfterSeconds} 秒ほど待ってから再度お試しください。`,
    details: (p) => ({ retryAfterSeconds: p.retryAfterSeconds }),
  }),
  cross_origin_request: entry({
    status: 403,
    scope: 'questionnaire',
    when: 'a browser sent a login, logout or upload from another site (Origin / Sec-Fetch-Site)',
    en: () => 'Cross-site requests are refused: submit the form from this site.',
    ja: () => '別のサイトからのリクエストは受け付けられません。このサイトのフォームから送信してください。',
  }),
  upload_not_configured: entry({
    status: 503,
    scope: 'questionnaire',
    when: 'production without the upload token: uploads fail closed',
    en: () => 'Uploads are disabled: this production deployment has no upload token (KAITOU_UPLOAD_TOKEN). The administrator must set it (see docs/deployment.md).',
    ja: () => 'アップロードは無効です。本番環境にアップロード用トークン（KAITOU_UPLOAD_TOKEN）が設定されていません。管理者に設定を依頼してください。',
  }),
  invalid_format: entry({
    status: 400,
    scope: 'questionnaire',
    when: '`?format=` is not `json`, `file`, `review` or `html`',
    en: () => 'format must be json, file, review or html.',
    ja: () => 'format には json / file / review / html のいずれかを指定してください。',
  }),
  invalid_multipart: entry({
    status: 400,
    scope: 'questionnaire',
    when: 'the multipart body cannot be parsed',
    en: () => 'The multipart body cannot be parsed.',
    ja: () => 'multipart/form-data の本文を解析できません。',
  }),
  no_file: entry({
    status: 400,
    scope: 'questionnaire',
    when: 'no `file` field',
    en: () => 'No file uploaded: send the questionnaire in the "file" field.',
    ja: () => 'ファイルが選択されていません。「file」フィールドでチェックシートを送信してください。',
  }),
  empty_file: entry<{ what: 'upload' | 'csv' }>({
    status: 400,
    scope: 'questionnaire',
    when: 'the file is empty, or a CSV has no content',
    en: (p) => (p.what === 'upload' ? 'The uploaded file is empty.' : 'The CSV file has no content.'),
    ja: (p) => (p.what === 'upload' ? 'アップロードされたファイルが空です。' : 'CSV ファイルに内容がありません。'),
  }),
  missing_product: entry({
    status: 400,
    scope: 'questionnaire',
    when: 'no `product` field',
    en: () => 'product is required: the product whose documents answer the questionnaire.',
    ja: () => '製品を指定してください（どの製品の資料で回答するか）。',
  }),
  invalid_override: entry<{ field: string; issue: string; issueJa?: string }>({
    status: 400,
    scope: 'questionnaire',
    when: '`sheet`, `headerRow` or a column field is malformed, or a chosen answer/remarks column is the question column (or the two are the same)',
    en: (p) => `${p.field}: ${p.issue}`,
    ja: (p) => `${p.field} の指定が正しくありません${p.issueJa ? `（${p.issueJa}）` : ''}。`,
  }),
  invalid_choices: entry<{ issue: string } | { key: string; example: string }>({
    status: 400,
    scope: 'questionnaire',
    when: '`choices` (or `memos`) is not a JSON object of row keys, or names a row that is not a question of the file',
    en: (p) => ('key' in p ? `choices: "${p.key}" is not a question row of this file (keys look like "${p.example}").` : `choices: ${p.issue}`),
    ja: (p) => ('key' in p ? `choices: 「${p.key}」はこのファイルの質問行ではありません。` : 'choices の指定が正しくありません。'),
  }),
  sheet_not_found: entry<{ sheet: string; sheets: string[] }>({
    status: 400,
    scope: 'questionnaire',
    when: '`sheet` names no sheet of the file; `details.sheets` lists them',
    en: (p) => `No sheet named "${p.sheet}". Sheets: ${listEn(p.sheets)}`,
    ja: (p) => `シート「${p.sheet}」がありません。シート: ${listJa(p.sheets)}`,
    details: (p) => ({ sheets: p.sheets }),
  }),
  unknown_unit: entry<{ key?: string; unitId: string }>({
    status: 400,
    scope: 'questionnaire',
    when: '`choices` (or an approval) names a unit id that does not exist',
    en: (p) => `${p.key === undefined ? '' : `choices["${p.key}"]: `}no unit with id "${p.unitId}".`,
    ja: (p) => `${p.key === undefined ? '' : `choices「${p.key}」: `}ID「${p.unitId}」の回答単位はありません。`,
  }),
  unit_not_for_product: entry<{ key?: string; unitId: string; product: string }>({
    status: 400,
    scope: 'questionnaire',
    when: '`choices` (or an approval) names a unit of another product',
    en: (p) => `${p.key === undefined ? '' : `choices["${p.key}"]: `}unit "${p.unitId}" does not cover ${p.product}.`,
    ja: (p) => `${p.key === undefined ? '' : `choices「${p.key}」: `}回答単位「${p.unitId}」は製品「${p.product}」の資料ではありません。`,
  }),
  unit_without_answer: entry<{ key?: string; unitId: string }>({
    status: 400,
    scope: 'questionnaire',
    when: '`choices` (or an approval) names a unit without a disclosed answer',
    en: (p) => `${p.key === undefined ? '' : `choices["${p.key}"]: `}unit "${p.unitId}" has no disclosed answer.`,
    ja: (p) => `${p.key === undefined ? '' : `choices「${p.key}」: `}回答単位「${p.unitId}」には公開された回答がありません。`,
  }),
  file_too_large: entry<{ maxBytes: number }>({
    status: 413,
    scope: 'questionnaire',
    when: 'the upload is over 5 MB',
    en: (p) => `The file is larger than ${mb(p.maxBytes)}.`,
    ja: (p) => `ファイルが大きすぎます（上限 ${mb(p.maxBytes)}）。`,
    details: (p) => ({ maxBytes: p.maxBytes }),
  }),
  too_many_rows: entry<{ rows: number; maxRows: number }>({
    status: 413,
    scope: 'questionnaire',
    when: 'more than 5,000 rows with content',
    en: (p) => `The file has ${p.rows} rows with content; the limit is ${p.maxRows}. Split it into smaller files.`,
    ja: (p) => `内容のある行が ${p.rows} 行あります。上限は ${p.maxRows} 行です。ファイルを分割してアップロードしてください。`,
    details: (p) => ({ rows: p.rows, maxRows: p.maxRows }),
  }),
  sheet_range_too_large: entry<{ rows: number; cells: number; maxRows: number; maxCells: number }>({
    status: 413,
    scope: 'questionnaire',
    when: 'values reach too far (rows or cells over all sheets, or CSV fields)',
    en: (p) => `The values of the file span too much (${p.rows} rows, ${p.cells} cells over all sheets; limits ${p.maxRows} rows and ${p.maxCells} cells). Delete unneeded columns, or stray values far below or right of the questions.`,
    ja: (p) => `ファイル内の値の範囲が大きすぎます（全シートで ${p.rows} 行・${p.cells} セル。上限は ${p.maxRows} 行・${p.maxCells} セル）。不要な列や、質問から離れた下方・右方にある値を削除してください。`,
    details: (p) => ({ rows: p.rows, cells: p.cells, maxRows: p.maxRows, maxCells: p.maxCells }),
  }),
  archive_too_large: entry<{ maxUnzippedBytes: number }>({
    status: 413,
    scope: 'questionnaire',
    when: 'the workbook unzips to more than 32 MiB, a part over 24 MiB, over 2,000 entries, or declares wrong sizes',
    en: (p) => `The workbook expands to more than ${mb(p.maxUnzippedBytes)} when unzipped (or declares wrong sizes); it is refused as a possible decompression bomb.`,
    ja: (p) => `ブックを展開すると ${mb(p.maxUnzippedBytes)} を超えるため（またはサイズ情報が不正なため）、処理できません。`,
    details: (p) => ({ maxUnzippedBytes: p.maxUnzippedBytes }),
  }),
  invalid_xlsx: entry<{ reason: InvalidXlsxReason; part?: string }>({
    status: 400,
    scope: 'questionnaire',
    when: 'the file claims to be XLSX but is not a valid zip, or its parts are damaged',
    en: (p) => (p.reason === 'not_zip' ? 'The file claims to be an Excel workbook (.xlsx) but is not a valid one (it is not a zip archive).' : `The file is not a valid Excel workbook (.xlsx): ${INVALID_XLSX[p.reason].en(p.part ?? '')}.`),
    ja: (p) =>
      p.reason === 'not_zip' ? 'Excel ブック（.xlsx）として送られましたが、正しい .xlsx ファイルではありません（ZIP 形式ではありません）。' : `正しい Excel ブック（.xlsx）ではありません（${INVALID_XLSX[p.reason].ja(p.part ?? '')}）。`,
  }),
  inconsistent_zip: entry<{ reason: InconsistentZipReason; part?: string }>({
    status: 400,
    scope: 'questionnaire',
    when: 'the zip’s local headers and central directory disagree, entries overlap or share a name, or a CRC fails',
    en: (p) => `The workbook's zip structure is inconsistent (${INCONSISTENT_ZIP[p.reason].en(p.part ?? '')}); it is refused because different readers would see different contents. Open the file in Excel and save it again.`,
    ja: (p) => `ブックの ZIP 構造に矛盾があるため処理できません（${INCONSISTENT_ZIP[p.reason].ja(p.part ?? '')}）。Excel で開いて保存し直してから、再度アップロードしてください。`,
    details: (p) => ({ reason: p.reason }),
  }),
  mixed_package: entry<{ format: ForeignFormat }>({
    status: 415,
    scope: 'questionnaire',
    when: 'a zip that carries another spreadsheet format’s parts (ODS, Numbers, UOC, XLSB)',
    en: (p) => `The file is not a plain Excel workbook (.xlsx): it carries ${FOREIGN_FORMAT[p.format].en}. Save it from Excel as "Excel Workbook (.xlsx)" and upload it again.`,
    ja: (p) => `通常の Excel ブック（.xlsx）ではありません（${FOREIGN_FORMAT[p.format].ja}を含んでいます）。Excel で「Excel ブック（.xlsx）」として保存し直してアップロードしてください。`,
    details: (p) => ({ found: p.format }),
  }),
  workbook_too_complex: entry<{ measure: ComplexityMeasure; count: number; max: number }>({
    status: 413,
    scope: 'questionnaire',
    when: 'parsing would build too much: shared strings, cells or rows written, XML elements, sheets, merged ranges, dropdown ranges, column definitions; `details.measure` says which',
    en: (p) => `The workbook is too complex to process: ${p.count} ${COMPLEXITY[p.measure].en} (limit ${p.max}). Remove unneeded sheets or content and upload it again.`,
    ja: (p) => `ブックの構造が大きすぎるため処理できません（${COMPLEXITY[p.measure].ja}: ${p.count}、上限 ${p.max}）。不要なシートや内容を削除してから再度アップロードしてください。`,
    details: (p) => ({ measure: p.measure, count: p.count, max: p.max }),
  }),
  questionnaire_too_long: entry<{ chars: number; maxChars: number }>({
    status: 413,
    scope: 'questionnaire',
    when: 'the distinct questions total more than 600,000 characters (after NFKC and the per-question cap)',
    en: (p) => `The questions of the file add up to ${p.chars} characters; the limit is ${p.maxChars} per upload. Split it into smaller files.`,
    ja: (p) => `質問の文字数が合計 ${p.chars} 文字あります。1 回のアップロードの上限は ${p.maxChars} 文字です。ファイルを分割してアップロードしてください。`,
    details: (p) => ({ chars: p.chars, maxChars: p.maxChars }),
  }),
  invalid_csv: entry<{ unclosedQuoteRow?: number }>({
    status: 400,
    scope: 'questionnaire',
    when: 'the CSV cannot be parsed, e.g. a quoted field is never closed (`details.unclosedQuoteRow`)',
    en: (p) =>
      p.unclosedQuoteRow === undefined
        ? 'The CSV file cannot be read.'
        : `The CSV file cannot be read: the quote (") opened in row ${p.unclosedQuoteRow} is never closed, so every later row would run into one cell. Fix the quotes and upload again.`,
    ja: (p) =>
      p.unclosedQuoteRow === undefined
        ? 'CSV ファイルを読み取れません。'
        : `CSV ファイルを読み取れません。${p.unclosedQuoteRow} 行目で始まる引用符（"）が閉じられていないため、以降の行がすべて 1 つのセルになってしまいます。引用符を修正して再度アップロードしてください。`,
    details: (p) => (p.unclosedQuoteRow === undefined ? {} : { unclosedQuoteRow: p.unclosedQuoteRow }),
  }),
  encrypted_workbook: entry<{ where: 'package' | 'parts' }>({
    status: 400,
    scope: 'questionnaire',
    when: 'the workbook is password-protected (an OLE container with an EncryptionInfo stream, or encrypted zip entries)',
    en: (p) =>
      p.where === 'package'
        ? 'The workbook is password-protected (encrypted). Remove the password in Excel (File > Info > Protect Workbook) and upload it again.'
        : 'The workbook contains encrypted parts. Remove the password and upload it again.',
    ja: (p) =>
      p.where === 'package'
        ? 'ブックがパスワードで保護（暗号化）されています。Excel で「ファイル > 情報 > ブックの保護」からパスワードを解除して、再度アップロードしてください。'
        : 'ブックの一部が暗号化されています。パスワードを解除して再度アップロードしてください。',
  }),
  unsupported_type: entry<{ kind: UnsupportedTypeKind }>({
    status: 415,
    scope: 'questionnaire',
    when: "PDF, another Office program's OLE file (`.doc`, `.ppt`), a zip that is not a workbook, or binary data",
    en: (p) => UNSUPPORTED_TYPE[p.kind].en,
    ja: (p) => UNSUPPORTED_TYPE[p.kind].ja,
  }),
  unsupported_encoding: entry<{ encoding: 'utf-16' | 'unknown' }>({
    status: 415,
    scope: 'questionnaire',
    when: 'a CSV neither UTF-8 nor Shift_JIS (UTF-16 with a byte-order mark is read as Unicode text)',
    en: (p) =>
      p.encoding === 'utf-16' ? 'UTF-16 text files are not supported. Save the file as "CSV UTF-8" or "CSV (comma delimited)" and upload it again.' : 'The CSV is neither UTF-8 nor Shift_JIS. Save it as "CSV UTF-8" and upload it again.',
    ja: (p) =>
      p.encoding === 'utf-16'
        ? 'UTF-16 のテキストファイルには対応していません。「CSV UTF-8」または「CSV（コンマ区切り）」で保存し直してアップロードしてください。'
        : 'CSV の文字コードが UTF-8 でも Shift_JIS でもありません。「CSV UTF-8」で保存し直してアップロードしてください。',
  }),
  no_question_column: entry<{ sheetsChecked: string[]; lookedFor: readonly string[]; headerSearchRows: number }>({
    status: 422,
    scope: 'questionnaire',
    when: 'no question column was found; `details.lookedFor` lists the header names that were tried',
    en: (p) =>
      `No question column found in ${p.sheetsChecked.length ? listEn(p.sheetsChecked) : 'the file'}. Looked in the first ${p.headerSearchRows} rows for a header such as: ${p.lookedFor.join(' / ')}, and for a column of question-like text. Choose the sheet, header row and question column explicitly (sheet, headerRow, questionColumn).`,
    ja: (p) =>
      `質問の列が見つかりませんでした（確認したシート: ${listJa(p.sheetsChecked) || 'なし'}）。先頭 ${p.headerSearchRows} 行から「${p.lookedFor.slice(0, 6).join('」「')}」などの見出しと、質問文らしい列を探しました。シート・見出し行・質問列を指定して再度お試しください。`,
    details: (p) => ({ lookedFor: p.lookedFor, headerSearchRows: p.headerSearchRows, sheetsChecked: p.sheetsChecked }),
  }),
  no_question_rows: entry<{ sheets: Array<{ sheet: string; questionColumn: string; headerRow: number | null }> }>({
    status: 422,
    scope: 'questionnaire',
    when: 'a question column was found (by its header, or chosen with `questionColumn`) but no row under it holds a question; `details.sheets` names each column',
    en: (p) =>
      `A question column was found, but there are no questions in it (${p.sheets.map((s) => `${s.sheet}: column ${s.questionColumn}${s.headerRow === null ? '' : `, header in row ${s.headerRow}`}`).join('; ')}). Check that the questions are filled in, or choose another question column (questionColumn).`,
    ja: (p) =>
      `質問の列は見つかりましたが、質問の行がありません（${p.sheets.map((s) => `${s.sheet}: ${s.questionColumn} 列${s.headerRow === null ? '' : `、見出しは ${s.headerRow} 行目`}`).join('／')}）。質問文が入力されているか確認するか、質問の列（questionColumn）を指定し直してください。`,
    details: (p) => ({ sheets: p.sheets }),
  }),
  no_answer_column: entry<{ skipped?: Array<{ sheet: string; reason: SkipReason }> }>({
    status: 422,
    scope: 'questionnaire',
    when: 'no sheet has an answer or remarks column to write into; `details.skippedSheets` lists every sheet with its reason',
    en: (p) =>
      `No answer or remarks column was found, so there is nowhere to write the answers${p.skipped?.length ? ` (${p.skipped.map((s) => `${s.sheet}: ${SKIP_REASONS[s.reason].en}`).join('; ')})` : ''}. If the file has one, name it explicitly (sheet, answerColumn, remarksColumn).`,
    ja: (p) =>
      `回答欄・補足欄の列がないため、回答を書き込めません${p.skipped?.length ? `（${p.skipped.map((s) => `${s.sheet}: ${SKIP_REASONS[s.reason].ja}`).join('、')}）` : ''}。回答欄がある場合は、シート・answerColumn / remarksColumn で列を指定してください。`,
    details: (p) => ({ skippedSheets: p.skipped ?? [] }),
  }),
  nothing_writable: entry<NothingWrittenCounts>({
    status: 422,
    scope: 'questionnaire',
    when: '`?format=file` when not one cell can be written (target cells locked, formulas, template defaults, merged, or no column; a file whose cells all hold answers already comes back as it is); `details` counts each reason. The JSON result says the same in `notices` (`nothing_written`)',
    en: (p) => NOTICE_MESSAGES.nothing_written.en(p),
    ja: (p) => NOTICE_MESSAGES.nothing_written.ja(p),
    details: (p) => ({ ...p }),
  }),
  invalid_text: entry({
    status: 400,
    scope: 'questionnaire',
    when: 'a file with a UTF-16 byte-order mark that is not well-formed UTF-16 ("Unicode text")',
    en: () => 'The file starts like UTF-16 "Unicode text" but is not well-formed UTF-16. Save it again from Excel ("Unicode Text" or "CSV UTF-8") and upload it.',
    ja: () => 'UTF-16 の「Unicode テキスト」として読めません（文字コードが壊れています）。Excel で「Unicode テキスト」または「CSV UTF-8」として保存し直してアップロードしてください。',
  }),
  invalid_output_option: entry<{ name: 'markers' | 'citations'; value: string }>({
    status: 400,
    scope: 'questionnaire',
    when: '`?markers=` or `?citations=` is not `all` or `none`',
    en: (p) => `${p.name}=${p.value}: use ${p.name}=all (default) or ${p.name}=none`,
    ja: (p) => `${p.name} の指定「${p.value}」は使えません（all または none を指定してください）。`,
  }),
  xls_not_supported: entry({
    status: 415,
    scope: 'questionnaire',
    when: 'an Excel 97-2003 workbook (`.xls`): not read (its parser cannot be bounded); save it as `.xlsx` in Excel and upload that',
    en: () => 'Excel 97-2003 workbooks (.xls) are not accepted. Open the file in Excel, save it as an Excel Workbook (.xlsx) (File > Save As > Excel Workbook) and upload that.',
    ja: () => 'Excel 97-2003 形式（.xls）のブックは受け付けていません。Excel でファイルを開き、「名前を付けて保存 > Excel ブック（.xlsx）」で保存し直して、そのファイルをアップロードしてください。',
  }),
  write_check_failed: entry<{ differences: string[] }>({
    status: 422,
    scope: 'questionnaire',
    when: 'the filled file, read back, differs from the upload beyond the planned answer cells; no file is returned (`details.differences`)',
    en: (p) => `The filled file was not returned: reading it back showed changes beyond the answer cells (${p.differences.slice(0, 5).join('; ')}). Your file is unchanged; use the results or the review CSV.`,
    ja: (p) => `回答を書き込んだファイルを読み直したところ、回答欄以外にも変化があったため、ファイルは返していません（${p.differences.slice(0, 5).join('; ')}）。元のファイルは変更されていません。結果一覧または要確認 CSV をご利用ください。`,
    details: (p) => ({ differences: p.differences.slice(0, 20) }),
  }),

  // Approved answers (src/approvals, docs/approvals.md). Access is the upload's (`unauthorized`).
  invalid_approval: entry<{ field: string; issue: string }>({
    status: 400,
    scope: 'approvals',
    when: 'the approval body is malformed: question 1–2,000 characters, `unitIds` 1–3 distinct ids, `approvedBy` at most 100 characters',
    en: (p) => `${p.field}: ${p.issue}`,
    ja: (p) => `承認の内容が正しくありません（${p.field}）。質問は 1〜2,000 文字、unitIds は 1〜3 件、承認者名は 100 文字以内です。`,
  }),
  invalid_list_query: entry<{ field: string }>({
    status: 400,
    scope: 'approvals',
    when: '`GET /api/approvals` with a bad `limit` (1–200) or `q`',
    en: (p) => `Invalid ${p.field}`,
    ja: (p) => `${p.field} の指定が正しくありません（limit は 1〜200）。`,
  }),
  invalid_cursor: entry({
    status: 400,
    scope: 'approvals',
    when: '`cursor` is not one the list returned',
    en: () => 'cursor is not one this API returned',
    ja: () => 'cursor の値が正しくありません。',
  }),
  approval_not_found: entry<{ id: string }>({
    status: 404,
    scope: 'approvals',
    when: '`DELETE /api/approvals/:id` with an unknown id',
    en: (p) => `No approval with id "${p.id}".`,
    ja: (p) => `ID「${p.id}」の承認はありません。`,
  }),
  invalid_line: entry<{ field: string; issue: string } | { notJson: true }>({
    status: 400,
    scope: 'approvals',
    when: 'an import line (in `details.errors` of `invalid_import`) is not JSON or has a bad field',
    en: (p) => ('notJson' in p ? 'not valid JSON' : `${p.field}: ${p.issue}`),
    ja: (p) => ('notJson' in p ? 'JSON として読み取れません。' : `${p.field} の値が正しくありません（${p.issue}）。`),
  }),
  duplicate_question: entry<{ line: number }>({
    status: 400,
    scope: 'approvals',
    when: 'an import line repeats an earlier line’s question (normalized) and product',
    en: (p) => `the same question and product as line ${p.line}`,
    ja: (p) => `${p.line} 行目と同じ質問・製品です。`,
  }),
  duplicate_id: entry<{ id: string; line: number }>({
    status: 400,
    scope: 'approvals',
    when: 'an import line repeats an earlier line’s id',
    en: (p) => `id "${p.id}" is also on line ${p.line}`,
    ja: (p) => `id「${p.id}」は ${p.line} 行目でも使われています。`,
  }),
  id_in_use: entry<{ id: string }>({
    status: 400,
    scope: 'approvals',
    when: 'an import line’s id belongs to another stored approval',
    en: (p) => `id "${p.id}" belongs to another approved question`,
    ja: (p) => `id「${p.id}」は別の質問の承認で使われています。`,
  }),
  invalid_import: entry<{ errors: { line: number; code: string; message: string; message_ja: string }[]; errorCount: number }>({
    status: 400,
    scope: 'approvals',
    when: 'an import has invalid lines; nothing is imported; `details.errors` lists them by line number',
    en: (p) => `${p.errorCount} line(s) are invalid; nothing was imported.`,
    ja: (p) => `${p.errorCount} 行に誤りがあるため、何もインポートしていません。行番号と内容を確認してください。`,
    details: (p) => ({ errors: p.errors, errorCount: p.errorCount }),
  }),
  import_not_text: entry({
    status: 400,
    scope: 'approvals',
    when: 'the import is not UTF-8 text (NUL bytes or invalid UTF-8: a workbook or other binary file)',
    en: () => 'The file is not a UTF-8 text file (it looks like a binary file, such as an Excel workbook). Choose the file exported from /approvals (.jsonl).',
    ja: () => 'UTF-8 のテキストファイルではありません（Excel ブックなどのバイナリファイルのようです）。承認済み回答のページからエクスポートしたファイル（.jsonl）を選んでください。',
  }),
  empty_import: entry({
    status: 400,
    scope: 'approvals',
    when: 'an import has no lines',
    en: () => 'The file has no approvals.',
    ja: () => 'ファイルに承認データがありません。',
  }),
  import_too_large: entry<{ maxBytes: number; maxLines: number }>({
    status: 413,
    scope: 'approvals',
    when: 'an import over 10 MB or 20,000 lines',
    en: (p) => `An import is limited to ${mb(p.maxBytes)} and ${p.maxLines} lines.`,
    ja: (p) => `1 回のインポートは ${mb(p.maxBytes)}・${p.maxLines} 行までです。`,
  }),
  approvals_full: entry<{ maxApprovals: number; maxQuestionChars: number }>({
    status: 409,
    scope: 'approvals',
    when: 'the approval (or import) would store more than 20,000 approvals or 4,000,000 characters of questions; delete old ones first',
    en: (p) => `At most ${p.maxApprovals} approvals (${p.maxQuestionChars} characters of questions in all) are stored; this would add more. Delete approvals that are no longer needed, then try again.`,
    ja: (p) => `承認済み回答は ${p.maxApprovals} 件（質問文は合計 ${p.maxQuestionChars} 文字）まで保存できます。不要になった承認を削除してから、もう一度お試しください。`,
    details: (p) => ({ maxApprovals: p.maxApprovals, maxQuestionChars: p.maxQuestionChars }),
  }),
  approvals_unavailable: entry({
    status: 503,
    scope: 'approvals',
    when: 'the approvals database (D1) cannot be reached; lookups still answer, with the note `approvals_unavailable`',
    en: () => 'The approvals database is not available right now. Please retry.',
    ja: () => '承認済み回答のデータベースに接続できません。しばらくしてから再度お試しください。',
  }),
  approvals_not_configured: entry({
    status: 503,
    scope: 'approvals',
    when: 'no D1 binding `DB` is configured (docs/deployment.md)',
    en: () => 'No approvals database is configured (D1 binding DB).',
    ja: () => '承認済み回答のデータベース（D1 バインディング DB）が設定されていません。',
  }),
};

export type ErrorCode = keyof typeof ERRORS;
export type ErrorParams<C extends ErrorCode> = (typeof ERRORS)[C] extends ErrorEntry<infer P> ? P : never;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

// ---------------------------------------------------------------------------------------------
// Per-row questionnaire messages: what happened to one row's cells, for the person reviewing it.

export interface RowMessageEntry<P> {
  en: (p: P) => string;
  ja: (p: P) => string;
}

function rowEntry<P extends object = Record<never, never>>(e: RowMessageEntry<P>): RowMessageEntry<P> {
  return e;
}

type Column = 'answer' | 'remarks';
/** The sides of a conflict, as the review labels them (A, B, C …). */
const SIDE = ['A', 'B', 'C', 'D', 'E', 'F'];
const COLUMN_JA: Record<Column, string> = { answer: '回答', remarks: '備考' };

export const ROW_MESSAGES = {
  question_truncated: rowEntry<{ maxChars: number }>({
    en: (p) => `question longer than ${p.maxChars} characters; the first ${p.maxChars} were searched`,
    ja: (p) => `質問が ${p.maxChars} 文字を超えるため、先頭 ${p.maxChars} 文字で検索しました。`,
  }),
  no_remarks_column: rowEntry({
    en: () => 'no remarks column: the official text and citation were not written into the file',
    ja: () => '備考の列がないため、原文と出典はファイルに記入されません。',
  }),
  cell_not_empty: rowEntry<{ column: Column; cell: string }>({
    en: (p) => `${p.column} cell ${p.cell} already has content; kept as it was`,
    ja: (p) => `${COLUMN_JA[p.column]}欄（${p.cell}）には既に記入があるため、変更していません。`,
  }),
  cell_merged: rowEntry<{ column: Column; cell: string }>({
    en: (p) => `${p.column} cell ${p.cell} is inside a merged range; not written`,
    ja: (p) => `${COLUMN_JA[p.column]}欄（${p.cell}）は結合セルの内側のため、記入していません。`,
  }),
  text_shortened: rowEntry<{ maxChars: number }>({
    en: (p) => `text shortened to the ${p.maxChars}-character cell limit`,
    ja: (p) => `セルの上限（${p.maxChars} 文字）に合わせて短縮しました。`,
  }),
  cell_placeholder: rowEntry<{ column: Column; cell: string; value: string }>({
    en: (p) => `${p.column} cell ${p.cell} holds the template's default "${p.value}" (the same on every question row); kept. To write over these defaults, send overwritePlaceholders`,
    ja: (p) => `${COLUMN_JA[p.column]}欄（${p.cell}）は全行同じ既定値「${p.value}」のため、変更していません。既定値を上書きするには「既定値を上書きする」を選んでください。`,
  }),
  placeholder_overwritten: rowEntry<{ column: Column; cell: string; value: string }>({
    en: (p) => `${p.column} cell ${p.cell} held the template's default "${p.value}"; written over (overwritePlaceholders)`,
    ja: (p) => `${COLUMN_JA[p.column]}欄（${p.cell}）の既定値「${p.value}」を上書きしました（既定値を上書きする）。`,
  }),
  datum_field: rowEntry({
    en: () => 'the row asks for a name or a fact about your organization or product (a form field): it is never answered from the published documents; fill it in yourself',
    ja: () => '会社名・製品名などの記入項目のため、公開資料からは回答しません。直接記入してください。',
  }),
  cell_formula: rowEntry<{ column: Column; cell: string }>({
    en: (p) => `${p.column} cell ${p.cell} holds a formula; kept as it was`,
    ja: (p) => `${COLUMN_JA[p.column]}欄（${p.cell}）は数式のため、変更していません。`,
  }),
  cell_locked: rowEntry<{ column: Column; cell: string }>({
    en: (p) => `${p.column} cell ${p.cell} is locked (the sheet is protected); not written`,
    ja: (p) => `${COLUMN_JA[p.column]}欄（${p.cell}）はシートの保護でロックされているため、記入していません。`,
  }),
  choice_left_empty: rowEntry<{ reason: ChoiceReason; option: string }>({
    // says what kaitou did (chose nothing), not what the cell holds: a template's default stays in it
    en: (p) => `no answer chosen for the answer cell (review it): ${CHOICE_REASONS[p.reason].en(p.option)}`,
    ja: (p) => `回答欄の選択肢は自動では選びませんでした（要確認）: ${CHOICE_REASONS[p.reason].ja(p.option)}`,
  }),
  answered_not_written: rowEntry({
    en: () => 'answered, but nothing was written into the file (see the messages above); copy the official text from the results',
    ja: () => '回答はありますが、ファイルには記入できませんでした（上記の理由）。結果一覧から原文をコピーしてください。',
  }),
  // Why a row is left for a person (no automatic answer), from the lookup's verdict and notes
  // (src/questionnaire/answer.ts reviewReasons). The review shows them inline on the row.
  reason_no_match: rowEntry({
    en: () => 'the published documents say nothing about this question: answer it yourself or leave it empty',
    ja: () => '公開資料にこの質問に当たる記載がありません。自社で回答を用意するか、空欄にしてください。',
  }),
  reason_conflict: rowEntry<{ sides: { unit: string; document: string; item: string; says: string }[] }>({
    en: (p) => `the documents disagree (${p.sides.map((s, i) => `${SIDE[i] ?? i + 1}: ${s.document} item ${s.item}: ${s.says || '—'}`).join(' / ')}); choose the one to answer with`,
    ja: (p) => `資料間で記載が異なります（${p.sides.map((s, i) => `${SIDE[i] ?? i + 1}: ${s.says || '—'}`).join('／')}）。${p.sides.length > 2 ? 'どの' : 'どちらの'}記載で回答するか選んでください。`,
  }),
  reason_no_disclosed_answer: rowEntry<{ document: string; item: string }>({
    en: (p) => `the closest item (${p.document}, item ${p.item}) has no disclosed answer`,
    ja: (p) => `最も近い項目（${p.document} 項番 ${p.item}）は、公開資料に回答が記載されていません。`,
  }),
  reason_form_field: rowEntry({
    en: () => 'a form field (company name, contact, service name …): the documents do not answer it; fill it in yourself',
    ja: () => '会社名・担当者・サービス名などを記入する欄です。公開資料には答えがないため、自社で記入してください。',
  }),
  reason_english_question: rowEntry({
    en: () => 'English question matched to the Japanese documents through the glossary: check that the candidate answers it',
    ja: () => '英語の質問を用語集で日本語の資料に対応付けました。候補が質問に当たるか確認してください。',
  }),
  reason_weak_match: rowEntry({
    en: () => 'the best candidate matches the question only weakly: check it before answering with it',
    ja: () => '質問と候補の一致が弱いため、自動では回答していません。候補が質問に当たるか確認してください。',
  }),
  not_encodable: rowEntry({
    en: () => 'some characters have no code in the file\'s encoding and were written as "?"',
    ja: () => 'ファイルの文字コードで表せない文字があるため、「?」として書き込みました。',
  }),
};

/** Why the dropdown of an answered row was left for a person (src/questionnaire/choice.ts). */
export type ChoiceReason = 'open_question' | 'negative_question' | 'measure_question' | 'mark_text_disagree' | 'unrelated_unit' | 'no_statement' | 'no_sentence_overlap' | 'no_option' | 'cross_language';
const CHOICE_REASONS: Record<ChoiceReason, { en: (option: string) => string; ja: (option: string) => string }> = {
  open_question: { en: () => 'the question asks for a description, not yes/no', ja: () => '質問が説明を求めていて、はい/いいえの質問ではありません' },
  negative_question: {
    en: () => 'the question is negated or asks about an adverse event, so yes/no depends on reading it; the official text is in the remarks',
    ja: () => '否定形の質問、または事故・違反などの有無を問う質問のため、はい/いいえは読んで判断してください（原文は備考欄）',
  },
  measure_question: {
    en: () => 'the question asks about a restricting measure and the official text states it only in a sentence; the official text is in the remarks',
    ja: () => '禁止・制限・防止の措置を問う質問で、公開資料は文中でしか述べていないため、読んで判断してください（原文は備考欄）',
  },
  mark_text_disagree: { en: () => 'the official mark and the cited sentence the question is about disagree on yes/no', ja: () => '公開資料の記号と、質問に当たる文の内容が食い違っています' },
  unrelated_unit: { en: () => 'the cited unit shares too little wording with the question to carry its verdict over', ja: () => '出典の項目と質問の言葉の重なりが少なく、記号をそのまま使えません' },
  no_statement: { en: () => 'the official text does not state yes or no', ja: () => '公開資料の記載から、はい/いいえを読み取れません' },
  no_sentence_overlap: { en: () => 'no sentence of the official text shares enough wording with the question', ja: () => '質問に当たる文が公開資料の記載に見当たりません' },
  no_option: { en: (o) => `no dropdown option fits "${o}"`, ja: (o) => `回答欄の選択肢に「${o}」に当たるものがありません` },
  cross_language: {
    en: () => 'the question is English and the official text Japanese, so nothing confirms the cited statement answers this exact question; check the suggested answer',
    ja: () => '英語の質問に日本語の公開資料で回答しているため、記載がこの質問に当たるかを確認できません。備考欄の候補を確認してください',
  },
};

/** How detection chose a column when no header said so (layout.sheets[].notes). */
export const LAYOUT_NOTES = {
  question_by_content: rowEntry<{ column: string; score: number; runnerUp: number; rejected: string }>({
    en: (p) =>
      `No header names the question column${p.rejected ? ` (${p.rejected} names it, but that column holds IDs)` : ''}; column ${p.column} was chosen because its cells read most like questions (score ${p.score} against ${p.runnerUp} for the next column).`,
    ja: (p) =>
      `質問の列を示す見出しがありません${p.rejected ? `（${p.rejected} は見出しでは質問の列ですが、ID が並んでいます）` : ''}。質問文らしいセルが最も多い ${p.column} 列を質問の列としました（スコア ${p.score}、次点 ${p.runnerUp}）。`,
  }),
  question_header_overridden: rowEntry<{ header: string; named: string; column: string; score: number; namedScore: number }>({
    en: (p) => `The header "${p.header}" of column ${p.named} names a question column, but the cells of column ${p.column} (no header) read far more like questions (score ${p.score} against ${p.namedScore}); column ${p.column} was chosen.`,
    ja: (p) => `${p.named} 列の見出し「${p.header}」は質問の列を示しますが、見出しのない ${p.column} 列のほうがはるかに質問文らしいため（スコア ${p.score} 対 ${p.namedScore}）、${p.column} 列を質問の列としました。`,
  }),
  answer_by_dropdown: rowEntry<{ column: string; choices: string; covered: number; rows: number }>({
    en: (p) => `No header names the answer column; column ${p.column} was chosen because it has a dropdown (${p.choices}) on ${p.covered} of ${p.rows} question rows.`,
    ja: (p) => `回答の列を示す見出しがありません。質問 ${p.rows} 行のうち ${p.covered} 行にプルダウン（${p.choices}）がある ${p.column} 列を回答の列としました。`,
  }),
  answer_by_empty_neighbour: rowEntry<{ column: string; side: 'right' | 'left' }>({
    en: (p) => `No header names the answer column and no column has a dropdown; column ${p.column} was chosen because it is the empty column ${p.side} of the questions. Check it before sending the file.`,
    ja: (p) => `回答の列を示す見出しもプルダウンもないため、質問の${p.side === 'right' ? '右' : '左'}隣の空いている ${p.column} 列を回答の列としました。送付前に確認してください。`,
  }),
  no_remarks_column: rowEntry({
    en: () => 'No remarks column: the official text and its citation cannot be written next to the dropdown answers (they are in the results and the review CSV).',
    ja: () => '備考の列がないため、公開資料の原文と出典はプルダウンの回答の横に記入できません（結果一覧と要確認 CSV にあります）。',
  }),
  repeated_headers: rowEntry<{ count: number }>({
    en: (p) => `The header repeats on ${p.count} rows (one per section); those rows are not questions.`,
    ja: (p) => `見出し行が ${p.count} 行あります（セクションごと）。これらの行は質問ではありません。`,
  }),
  block: rowEntry<{ count: number; from: string; to: string }>({
    en: (p) => `One of ${p.count} questionnaires side by side on this sheet: columns ${p.from}–${p.to}.`,
    ja: (p) => `このシートには質問票が ${p.count} つ横に並んでいます。これは ${p.from}〜${p.to} 列のものです。`,
  }),
  answer_is_requirement_level: rowEntry<{ column: string; header: string; values: string }>({
    en: (p) =>
      `The header "${p.header}" of column ${p.column} names an answer column, but every question row holds one of the same one or two values (${p.values}): a requirement level, not an answer. It is not written into; name the answer column (answerColumn) if the file has one.`,
    ja: (p) =>
      `${p.column} 列の見出し「${p.header}」は回答の列を示しますが、全行が同じ 1〜2 種類の値（${p.values}）のため、回答ではなく要件の区分（必須・推奨など）とみなし、記入しません。回答欄がある場合は列を指定してください（answerColumn）。`,
  }),
  remarks_are_authors_notes: rowEntry<{ column: string; header: string; filled: number; rows: number }>({
    en: (p) =>
      `Column ${p.column} ("${p.header}") already holds text on ${p.filled} of ${p.rows} question rows in a sheet without an answer column: the document authors' own notes, not a place for ours. It is not written into; name it (remarksColumn) to write there anyway.`,
    ja: (p) => `${p.column} 列（「${p.header}」）は回答欄のないシートで ${p.rows} 行中 ${p.filled} 行に既に記入があり、資料作成者自身の注記とみなして記入しません。記入する場合は列を指定してください（remarksColumn）。`,
  }),
};
export type LayoutNoteCode = keyof typeof LAYOUT_NOTES;

/** The lookup page's notes in the catalog's words, where the lookup's own text names raw unit ids. */
export const NOTE_TEXTS = {
  /** After the label 「資料間で記載が異なります」: what each document says, by document and item. */
  conflict_sides: rowEntry<{ sides: { unit: string; document: string; item: string; says: string }[] }>({
    en: (p) => `${p.sides.map((s, i) => `${SIDE[i] ?? i + 1} (${s.document}, item ${s.item}): ${s.says || '—'}`).join(' / ')}. Check which one to answer with.`,
    ja: (p) => `${p.sides.map((s, i) => `${SIDE[i] ?? i + 1}（${s.document} 項番 ${s.item}）: ${s.says || '—'}`).join('／')}。どの記載を回答に用いるか確認してください。`,
  }),
};

/** Said once about a whole result (and on the first line of the review CSV). */
export const NOTICES = {
  japanese_answers_in_english_questionnaire: {
    en: 'This questionnaire is in English, and the answers written are the official Japanese text, as published (kaitou never translates). Translate them before sending if the customer needs English.',
    ja: 'この質問票は英語ですが、書き込んだ回答は公開資料の日本語の原文です（kaitou は翻訳しません）。英語での回答が必要な場合は、送付前に翻訳してください。',
  },
} as const;

/** One column whose answer cells all hold the template's default (a placeholder, not an answer). */
export interface PlaceholderColumn {
  sheet: string;
  column: string;
  what: Column;
  value: string;
  rows: number;
}
/** Why nothing could be written, counted over the rows' cells. */
export interface NothingWrittenCounts {
  locked: number;
  formula: number;
  notEmpty: number;
  placeholder: number;
  merged: number;
  noColumn: number;
}

const placeholderList = (cols: PlaceholderColumn[], ja: boolean) =>
  cols.map((c) => (ja ? `${c.sheet} の ${c.column} 列（${COLUMN_JA[c.what]}）: 「${c.value}」×${c.rows} 行` : `${c.sheet} column ${c.column} (${c.what}): "${c.value}" on ${c.rows} rows`)).join(ja ? '、' : '; ');

/** Notices with parameters (layout-wide facts said once, at the top of the result and the page). */
export const NOTICE_MESSAGES = {
  placeholder_answers: rowEntry<{ columns: PlaceholderColumn[]; overwrite: boolean }>({
    en: (p) =>
      p.overwrite
        ? `Every question row holds the same default in these cells, so they were taken as the template's placeholders and written over (overwritePlaceholders): ${placeholderList(p.columns, false)}. Any other content was kept.`
        : `Every question row holds the same default in these cells, so they are the template's placeholders, not answers: ${placeholderList(p.columns, false)}. They were kept, so those cells got nothing. To write over these defaults (and nothing else), send overwritePlaceholders=true (on the page: 「既定値を上書きする」).`,
    ja: (p) =>
      p.overwrite
        ? `次の列は全行が同じ既定値のため、テンプレートの既定値とみなして上書きしました（既定値を上書きする）: ${placeholderList(p.columns, true)}。それ以外の記入は変更していません。`
        : `次の列は全行が同じ既定値のため、回答ではなくテンプレートの既定値とみなしました: ${placeholderList(p.columns, true)}。既定値は変更していないため、これらのセルには何も記入していません。既定値だけを上書きするには「既定値を上書きする」を選んで（API: overwritePlaceholders=true）もう一度作成してください。`,
  }),
  nothing_written: rowEntry<NothingWrittenCounts>({
    en: (p) =>
      `Nothing can be written into this file: ${nothingWhy(p, false)}. ${p.placeholder > 0 ? 'Send overwritePlaceholders=true to write over the defaults. ' : ''}${p.locked > 0 ? 'Unprotect the sheet (Review > Unprotect Sheet) and upload it again. ' : ''}${p.noColumn > 0 || p.formula > 0 || p.notEmpty > 0 ? 'Or name the answer and remarks columns to use (answerColumn, remarksColumn). ' : ''}The results and the review CSV still list every answer.`,
    ja: (p) =>
      `このファイルには何も記入できません（${nothingWhy(p, true)}）。${p.placeholder > 0 ? '既定値を上書きするには「既定値を上書きする」を選んでください。' : ''}${p.locked > 0 ? 'シートの保護を解除して（校閲 > シート保護の解除）アップロードし直してください。' : ''}${p.noColumn > 0 || p.formula > 0 || p.notEmpty > 0 ? '記入する回答・備考の列を指定することもできます。' : ''}回答は結果一覧と確認リスト（CSV）で確認できます。`,
  }),
};

function nothingWhy(p: NothingWrittenCounts, ja: boolean): string {
  const parts: Array<[number, string, string]> = [
    [p.locked, 'cells locked by sheet protection', 'シートの保護でロックされたセル'],
    [p.formula, 'formula cells', '数式のセル'],
    [p.notEmpty, 'cells that already hold content', '既に記入のあるセル'],
    [p.placeholder, "cells holding the template's default", 'テンプレートの既定値のセル'],
    [p.merged, 'cells inside merged ranges', '結合セルの内側'],
    [p.noColumn, 'rows without an answer or remarks column to write into', '書き込む回答・備考の列がない行'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, en, jaText]) => (ja ? `${jaText} ${n} 件` : `${n} ${en}`))
    .join(ja ? '、' : ', ');
}
export type NoticeMessageCode = keyof typeof NOTICE_MESSAGES;

export type RowMessageCode = keyof typeof ROW_MESSAGES;
export type RowMessageParams<C extends RowMessageCode> = (typeof ROW_MESSAGES)[C] extends RowMessageEntry<infer P> ? P : never;
export const ROW_MESSAGE_CODES = Object.keys(ROW_MESSAGES) as RowMessageCode[];
