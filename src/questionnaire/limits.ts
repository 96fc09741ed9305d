// Upload limits and the checks that run before any parser touches the bytes. The bounds are
// chosen for a Worker isolate (128 MB): a 5 MB upload, at most 32 MiB once unzipped, at most
// 5,000 rows with content. They are documented in docs/questionnaire.md.
import { AppError } from '../messages/error';
import type { ComplexityMeasure, ForeignFormat, InconsistentZipReason, InvalidXlsxReason } from '../messages/catalog';

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
/**
 * Styles: SheetJS gets only number formats and the cell formats that name them (xlsx.ts writes
 * that part). Excel itself allows 64,000 cell formats (workbooks near it are the "too many
 * different cell formats" case) and about 250 custom number formats. Each cell format costs
 * ≈ 0.5 KB while parsed: 50,000 keep the peak heap under 64 MB (npm run bench -- --hostile).
 */
export const MAX_CELL_FORMATS = 50_000;
export const MAX_NUMBER_FORMATS = 2_000;
/**
 * Structures of a worksheet that expand per cell or per range when parsed or looked up, counted on
 * the XML before SheetJS sees anything (issue 19). SheetJS gets only `<sheetData>` (hyperlinks,
 * which it expanded cell by cell, never reach it; every formula reaches it as a constant, so shared
 * and array formulas are never expanded); merges and dropdowns are read here, within these bounds.
 * The real templates have at most 647 merges and 374 dropdown ranges.
 */
export const MAX_MERGED_RANGES = 20_000;
export const MAX_VALIDATION_RANGES = 20_000;
/**
 * Cells holding a formula, over the workbook: kaitou keeps a set of them (never written), and SheetJS
 * never sees the formulas. The HECVAT 4.1.4 template has 17,782.
 */
export const MAX_FORMULA_CELLS = 100_000;
/** `<col min max>` spans summed per sheet: Excel writes them without overlap, so at most its 16,384 columns. */
export const MAX_COLUMN_SPAN = 16_384;
/**
 * Rows of the grid covered by merges and by dropdown ranges, summed over the ranges (each clipped
 * to the sheet's grid): the size of the row index that keeps detection linear. Non-overlapping
 * ranges cannot exceed the grid's cells.
 */
export const MAX_RANGE_ROWS = MAX_GRID_CELLS;
/** Cells read to resolve the dropdown lists that point to ranges, over the workbook. */
export const MAX_LIST_CELLS_READ = 4 * MAX_GRID_CELLS;
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

export function fileTooLarge(): AppError {
  return new AppError('file_too_large', { maxBytes: MAX_UPLOAD_BYTES });
}

export function checkUploadSize(size: number): void {
  if (size === 0) {
    throw new AppError('empty_file', { what: 'upload' });
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
      throw new AppError('encrypted_workbook', { where: 'package' });
    }
    throw new AppError('unsupported_type', { kind: 'xls' });
  }
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    if (claimsCsv && !claimsXlsx) {
      throw new AppError('unsupported_type', { kind: 'zip_named_csv' });
    }
    if (!/\.(xlsx|xlsm)$/.test(name) && name.includes('.') && !type.includes('spreadsheetml')) {
      // e.g. .docx / .zip: a zip, but not a workbook we should try to fill.
      throw unsupportedType();
    }
    return 'xlsx';
  }
  if (claimsXlsx) {
    throw new AppError('invalid_xlsx', { reason: 'not_zip' });
  }
  if (claimsCsv || !name.includes('.')) return 'csv';
  throw unsupportedType();
}

function unsupportedType(): AppError {
  return new AppError('unsupported_type', { kind: 'other' });
}

export function tooManyRows(rows: number): AppError {
  return new AppError('too_many_rows', { rows, maxRows: MAX_ROWS });
}

export function analysisTooLarge(chars: number): AppError {
  return new AppError('questionnaire_too_long', { chars, maxChars: MAX_ANALYSIS_CHARS });
}

export function sheetsTooLarge(rows: number, cells: number): AppError {
  return new AppError('sheet_range_too_large', { rows, cells, maxRows: MAX_GRID_ROWS, maxCells: MAX_GRID_CELLS });
}

export function archiveTooLarge(): AppError {
  return new AppError('archive_too_large', { maxUnzippedBytes: MAX_UNZIPPED_BYTES });
}

/** The zip's local headers and central directory disagree (or other ambiguity a reader could exploit). */
export function inconsistentZip(reason: InconsistentZipReason, part?: string): AppError {
  return new AppError('inconsistent_zip', part === undefined ? { reason } : { reason, part });
}

/** A zip that carries another spreadsheet format's parts (ODS, Numbers, XLSB) besides or instead of OOXML. */
export function mixedPackage(format: ForeignFormat): AppError {
  return new AppError('mixed_package', { format });
}

/** The workbook's structure would cost more to parse than the Worker can give one upload. */
export function workbookTooComplex(measure: ComplexityMeasure, count: number, max: number): AppError {
  return new AppError('workbook_too_complex', { measure, count, max });
}

export function invalidXlsx(reason: InvalidXlsxReason, part?: string): AppError {
  return new AppError('invalid_xlsx', part === undefined ? { reason } : { reason, part });
}
