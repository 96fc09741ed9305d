// Upload limits and the checks that run before any parser touches the bytes. The bounds are
// chosen for a Worker isolate (128 MB): a 5 MB upload, at most 32 MiB once unzipped, at most
// 5,000 rows with content. They are documented in docs/questionnaire.md.
import { ApiError } from '../api/errors';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Multipart framing and the small text fields around the file. */
export const MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 256 * 1024;
export const MAX_ROWS = 5_000;
/**
 * Total work of one questionnaire: the characters the search analyses, summed over the distinct
 * questions after NFKC and the 2,000-character cap. A lookup costs a fixed part plus ~20 µs per
 * character (npm run bench), so this bounds the CPU of the longest questionnaire we accept
 * (5,000 questions of 120 characters) independently of how the rows are filled.
 */
export const MAX_ANALYSIS_CHARS = 600_000;
/**
 * Sheets are read as dense grids, so memory follows how far values reach, not how many there are:
 * summed over all sheets (hidden ones too), values may reach 50,000 rows down and span 300,000
 * cells (rows × columns reached; for a CSV, its fields). A cell costs a few hundred bytes while it
 * is parsed, detected and answered (measured: 150,000 cells ≈ 40 MB), and the Worker has 128 MB.
 * A questionnaire of 5,000 rows × 50 columns still fits.
 */
export const MAX_GRID_ROWS = 50_000;
export const MAX_GRID_CELLS = 300_000;
/** Sum of the declared (and verified) uncompressed sizes of every zip entry. */
export const MAX_UNZIPPED_BYTES = 32 * 1024 * 1024;
/** A single XML part; a legitimate 5,000-row sheet is a few MB. */
export const MAX_ZIP_ENTRY_BYTES = 24 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 2_000;
/**
 * What SheetJS builds from the XML, bounded before it parses anything (counted by one linear
 * pass over the parts it is given): shared strings (each costs ~160 bytes of heap plus its text
 * twice: measured 1.4 M tiny entries = 225 MB), sheets, elements over all parts, nesting depth.
 */
export const MAX_SHARED_STRINGS = 100_000;
export const MAX_SHARED_STRING_CHARS = 4_000_000;
/** One part per sheet, so the entry limit bounds sheets too; stated for the workbook's own list. */
export const MAX_SHEETS = 2_000;
export const MAX_XML_ELEMENTS = 1_000_000;
/**
 * Cell and row elements SheetJS parses, with or without a value (styled empty cells cost parsing
 * memory too: 1 M valueless cells in a 2.5 MB upload took the heap to 110 MB). Same numbers as the
 * grid bounds: 5,000 rows × 50 styled columns fit.
 */
export const MAX_CELL_ELEMENTS = MAX_GRID_CELLS;
export const MAX_ROW_ELEMENTS = MAX_GRID_ROWS;
export const MAX_XML_DEPTH = 64;
/** Header row is searched in the first rows of each sheet. */
export const HEADER_SEARCH_ROWS = 30;
/** Excel's limit for the text of one cell. */
export const MAX_CELL_CHARS = 32_767;

export type UploadFormat = 'xlsx' | 'csv';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** True when an OLE/CFB container holds an `EncryptionInfo` stream (password-protected OOXML). */
export function isEncryptedCfb(bytes: Uint8Array): boolean {
  // Directory entry names are UTF-16LE; scanning for the name is enough to tell an encrypted
  // workbook from a legacy .xls without parsing the whole compound file.
  const name = 'EncryptionInfo';
  const needle = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) needle[i * 2] = name.charCodeAt(i);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function fileTooLarge(): ApiError {
  return new ApiError(
    413,
    'file_too_large',
    `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
    `ファイルが大きすぎます（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）。`,
    { maxBytes: MAX_UPLOAD_BYTES },
  );
}

export function checkUploadSize(size: number): void {
  if (size === 0) {
    throw new ApiError(400, 'empty_file', 'The uploaded file is empty.', 'アップロードされたファイルが空です。');
  }
  if (size > MAX_UPLOAD_BYTES) throw fileTooLarge();
}

/**
 * Decides XLSX or CSV from the bytes first and the name/type second, so a renamed file cannot
 * steer the parser: a zip is only ever read as XLSX, an OLE container is rejected with the reason.
 */
export function sniffFormat(bytes: Uint8Array, fileName: string, contentType: string): UploadFormat {
  checkUploadSize(bytes.length);
  const name = fileName.toLowerCase();
  const type = contentType.toLowerCase();
  const claimsXlsx = /\.(xlsx|xlsm)$/.test(name) || type.includes('spreadsheetml');
  const claimsCsv = /\.(csv|tsv|txt)$/.test(name) || type.startsWith('text/');

  if (startsWith(bytes, CFB_MAGIC)) {
    if (isEncryptedCfb(bytes)) {
      throw new ApiError(
        400,
        'encrypted_workbook',
        'The workbook is password-protected (encrypted). Remove the password in Excel (File > Info > Protect Workbook) and upload it again.',
        'ブックがパスワードで保護（暗号化）されています。Excel で「ファイル > 情報 > ブックの保護」からパスワードを解除して、再度アップロードしてください。',
      );
    }
    throw new ApiError(
      415,
      'unsupported_type',
      'Legacy .xls (Excel 97-2003) files are not supported. Save the file as .xlsx and upload it again.',
      '旧形式の .xls（Excel 97-2003）には対応していません。.xlsx 形式で保存し直してアップロードしてください。',
    );
  }
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    if (claimsCsv && !claimsXlsx) {
      throw new ApiError(415, 'unsupported_type', 'The file is named as CSV but is a zip archive.', 'CSV として送られたファイルが ZIP 形式です。ファイルの種類を確認してください。');
    }
    if (!/\.(xlsx|xlsm)$/.test(name) && name.includes('.') && !type.includes('spreadsheetml')) {
      // e.g. .docx / .zip: a zip, but not a workbook we should try to fill.
      throw unsupportedType();
    }
    return 'xlsx';
  }
  if (claimsXlsx) {
    throw new ApiError(
      400,
      'invalid_xlsx',
      'The file claims to be an Excel workbook (.xlsx) but is not a valid one (it is not a zip archive).',
      'Excel ブック（.xlsx）として送られましたが、正しい .xlsx ファイルではありません（ZIP 形式ではありません）。',
    );
  }
  if (claimsCsv || !name.includes('.')) return 'csv';
  throw unsupportedType();
}

function unsupportedType(): ApiError {
  return new ApiError(
    415,
    'unsupported_type',
    'Unsupported file type. Upload an Excel workbook (.xlsx) or a CSV file (.csv).',
    '対応していないファイル形式です。Excel ブック（.xlsx）または CSV ファイル（.csv）をアップロードしてください。',
  );
}

export function tooManyRows(rows: number): ApiError {
  return new ApiError(
    413,
    'too_many_rows',
    `The file has ${rows} rows with content; the limit is ${MAX_ROWS}. Split it into smaller files.`,
    `内容のある行が ${rows} 行あります。上限は ${MAX_ROWS} 行です。ファイルを分割してアップロードしてください。`,
    { rows, maxRows: MAX_ROWS },
  );
}

export function analysisTooLarge(chars: number): ApiError {
  return new ApiError(
    413,
    'questionnaire_too_long',
    `The questions of the file add up to ${chars} characters; the limit is ${MAX_ANALYSIS_CHARS} per upload. Split it into smaller files.`,
    `質問の文字数が合計 ${chars} 文字あります。1 回のアップロードの上限は ${MAX_ANALYSIS_CHARS} 文字です。ファイルを分割してアップロードしてください。`,
    { chars, maxChars: MAX_ANALYSIS_CHARS },
  );
}

export function sheetsTooLarge(rows: number, cells: number): ApiError {
  return new ApiError(
    413,
    'sheet_range_too_large',
    `The values of the file span too much (${rows} rows, ${cells} cells over all sheets; limits ${MAX_GRID_ROWS} rows and ${MAX_GRID_CELLS} cells). Delete unneeded columns, or stray values far below or right of the questions.`,
    `ファイル内の値の範囲が大きすぎます（全シートで ${rows} 行・${cells} セル。上限は ${MAX_GRID_ROWS} 行・${MAX_GRID_CELLS} セル）。不要な列や、質問から離れた下方・右方にある値を削除してください。`,
    { rows, cells, maxRows: MAX_GRID_ROWS, maxCells: MAX_GRID_CELLS },
  );
}

export function archiveTooLarge(): ApiError {
  return new ApiError(
    413,
    'archive_too_large',
    `The workbook expands to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB when unzipped (or declares wrong sizes); it is refused as a possible decompression bomb.`,
    `ブックを展開すると ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB を超えるため（またはサイズ情報が不正なため）、処理できません。`,
    { maxUnzippedBytes: MAX_UNZIPPED_BYTES },
  );
}

/** The zip's local headers and central directory disagree (or other ambiguity a reader could exploit). */
export function inconsistentZip(reason: string): ApiError {
  return new ApiError(
    400,
    'inconsistent_zip',
    `The workbook's zip structure is inconsistent (${reason}); it is refused because different readers would see different contents. Open the file in Excel and save it again.`,
    `ブックの ZIP 構造に矛盾があるため処理できません（${reason}）。Excel で開いて保存し直してから、再度アップロードしてください。`,
    { reason },
  );
}

/** A zip that carries another spreadsheet format's parts (ODS, Numbers, XLSB) besides or instead of OOXML. */
export function mixedPackage(what: string): ApiError {
  return new ApiError(
    415,
    'mixed_package',
    `The file is not a plain Excel workbook (.xlsx): it carries ${what}. Save it from Excel as "Excel Workbook (.xlsx)" and upload it again.`,
    `通常の Excel ブック（.xlsx）ではありません（${what} を含んでいます）。Excel で「Excel ブック（.xlsx）」として保存し直してアップロードしてください。`,
    { found: what },
  );
}

export type ComplexityMeasure = 'shared_strings' | 'shared_string_chars' | 'sheets' | 'xml_elements' | 'cell_elements' | 'row_elements';

/** The workbook's structure would cost more to parse than the Worker can give one upload. */
export function workbookTooComplex(what: ComplexityMeasure, count: number, max: number): ApiError {
  const label: Record<ComplexityMeasure, [string, string]> = {
    shared_strings: ['distinct texts (shared strings)', '共有文字列（異なる文字列）の数'],
    shared_string_chars: ['characters of shared strings', '共有文字列の文字数'],
    sheets: ['sheets', 'シート数'],
    xml_elements: ['XML elements', 'XML 要素数'],
    cell_elements: ['cells written in the sheets (with or without a value)', 'シートに書かれたセル（値の有無を問わず）の数'],
    row_elements: ['rows written in the sheets (with or without a value)', 'シートに書かれた行（値の有無を問わず）の数'],
  };
  const [en, ja] = label[what];
  return new ApiError(
    413,
    'workbook_too_complex',
    `The workbook is too complex to process: ${count} ${en} (limit ${max}). Remove unneeded sheets or content and upload it again.`,
    `ブックの構造が大きすぎるため処理できません（${ja}: ${count}、上限 ${max}）。不要なシートや内容を削除してから再度アップロードしてください。`,
    { measure: what, count, max },
  );
}

export function invalidXlsx(reason: string): ApiError {
  return new ApiError(
    400,
    'invalid_xlsx',
    `The file is not a valid Excel workbook (.xlsx): ${reason}.`,
    `正しい Excel ブック（.xlsx）ではありません（${reason}）。`,
  );
}
