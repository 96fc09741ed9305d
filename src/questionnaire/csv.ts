// CSV questionnaires: encoding detection (UTF-8, UTF-8 with BOM, Shift_JIS/CP932), RFC 4180
// parsing and write-back. Parsing works on the raw bytes and remembers each field's byte span,
// so writing back splices new bytes into the original file: every other byte (encoding, BOM,
// quoting, delimiter, line endings) stays exactly as uploaded. This is safe for Shift_JIS too:
// its trail bytes (0x40–0xFC) never collide with `"` `,` TAB CR LF.
import { AppError } from '../messages/error';
import { MAX_GRID_CELLS, sheetsTooLarge } from './limits';
import { neutralizeFormula } from './sanitize';
import { concatBytes } from './bytes';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';
export type CsvDelimiter = ',' | '\t' | ';';
export type LineEnding = '\r\n' | '\n' | '\r';

export interface CsvField {
  /** Raw byte span in the file, quotes included. */
  start: number;
  end: number;
}
export interface CsvRecord {
  fields: CsvField[];
  /** Byte span of the record, line terminator excluded. */
  start: number;
  end: number;
}
export interface ParsedCsv {
  bytes: Uint8Array;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  lineEnding: LineEnding;
  records: CsvRecord[];
  /** Decoded field values per record. */
  values: string[][];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Picks the encoding: BOM, then strict UTF-8, then strict Shift_JIS (what Japanese Excel saves). */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new AppError('unsupported_encoding', { encoding: 'utf-16' });
  }
  if (bytes.includes(0)) {
    throw new AppError('unsupported_type', { kind: 'binary' });
  }
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return 'utf-8';
  } catch {
    // not UTF-8: try Shift_JIS below
  }
  try {
    new TextDecoder('shift_jis', { fatal: true, ignoreBOM: false }).decode(bytes);
    return 'shift_jis';
  } catch {
    throw new AppError('unsupported_encoding', { encoding: 'unknown' });
  }
}

function decoderFor(encoding: CsvEncoding): TextDecoder {
  return new TextDecoder(encoding === 'shift_jis' ? 'shift_jis' : 'utf-8', { fatal: false, ignoreBOM: true });
}

function detectDelimiter(bytes: Uint8Array, from: number): CsvDelimiter {
  // Count unquoted separators over the first lines; the header row decides in practice.
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  let lines = 0;
  for (let i = from; i < bytes.length && lines < 5; i++) {
    const b = bytes[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (b === 0x2c) counts[',']++;
    else if (b === 0x09) counts['\t']++;
    else if (b === 0x3b) counts[';']++;
    else if (b === LF) lines++;
  }
  if (counts['\t'] > counts[',']) return '\t';
  if (counts[','] === 0 && counts[';'] > 0) return ';';
  return ',';
}

function detectLineEnding(bytes: Uint8Array, from: number): LineEnding {
  let inQuotes = false;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && b === CR) return bytes[i + 1] === LF ? '\r\n' : '\r';
    else if (!inQuotes && b === LF) return '\n';
  }
  return '\r\n';
}

/**
 * RFC 4180 with the leniency Excel shows: quoted fields may hold delimiters, quotes ("") and
 * newlines; stray text after a closing quote stays part of the field; CRLF, LF and CR all end a
 * record; a final line terminator does not open an empty record.
 */
export function parseCsv(bytes: Uint8Array, maxRecords: number, onTooMany: (n: number) => Error): ParsedCsv {
  const encoding = detectEncoding(bytes);
  const bodyStart = encoding === 'utf-8-bom' ? 3 : 0;
  const delimiter = detectDelimiter(bytes, bodyStart);
  const delimByte = delimiter.charCodeAt(0);
  const lineEnding = detectLineEnding(bytes, bodyStart);
  const decoder = decoderFor(encoding);

  const records: CsvRecord[] = [];
  const values: string[][] = [];
  let totalFields = 0;
  let i = bodyStart;
  const n = bytes.length;
  while (i < n) {
    const recordStart = i;
    const fields: CsvField[] = [];
    const fieldValues: string[] = [];
    for (;;) {
      const fieldStart = i;
      let value: string;
      if (bytes[i] === QUOTE) {
        i++;
        const contentStart = i;
        while (i < n) {
          if (bytes[i] === QUOTE) {
            if (bytes[i + 1] === QUOTE) i += 2;
            else break;
          } else i++;
        }
        // A quote never closed would swallow every later row into one cell: refuse rather than return a partial file
        if (i >= n) throw new AppError('invalid_csv', { unclosedQuoteRow: records.length + 1 });
        const contentEnd = i;
        i++; // closing quote
        const trailStart = i;
        while (i < n && bytes[i] !== delimByte && bytes[i] !== CR && bytes[i] !== LF) i++;
        value = decoder.decode(bytes.subarray(contentStart, contentEnd)).replaceAll('""', '"') + decoder.decode(bytes.subarray(trailStart, i));
      } else {
        while (i < n && bytes[i] !== delimByte && bytes[i] !== CR && bytes[i] !== LF) i++;
        value = decoder.decode(bytes.subarray(fieldStart, i));
      }
      fields.push({ start: fieldStart, end: i });
      fieldValues.push(value);
      // Each field costs a few hundred bytes while parsed and answered: bound them, not only the rows.
      if (++totalFields > MAX_GRID_CELLS) throw sheetsTooLarge(records.length + 1, totalFields);
      if (i < n && bytes[i] === delimByte) {
        i++;
        continue;
      }
      break;
    }
    const recordEnd = i;
    if (bytes[i] === CR) i++;
    if (bytes[i] === LF) i++;
    records.push({ fields, start: recordStart, end: recordEnd });
    values.push(fieldValues);
    if (records.length > maxRecords) throw onTooMany(records.length);
  }
  return { bytes, encoding, delimiter, lineEnding, records, values };
}

// --- Shift_JIS encoding -------------------------------------------------------------------

let sjisTable: Map<string, number> | null = null;

/**
 * Reverse of the platform's Shift_JIS decoder, built once: every double-byte code decoded in one
 * pass (each pair followed by LF so invalid pairs cannot shift the alignment). Lower codes win,
 * except the NEC-selected IBM extensions (lead 0xED/0xEE), which WHATWG never encodes to.
 */
function shiftJisTable(): Map<string, number> {
  if (sjisTable) return sjisTable;
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) codes.push((lead << 8) | trail);
  }
  const buf = new Uint8Array(codes.length * 3);
  codes.forEach((code, k) => {
    buf[k * 3] = code >> 8;
    buf[k * 3 + 1] = code & 0xff;
    buf[k * 3 + 2] = LF;
  });
  const pieces = new TextDecoder('shift_jis').decode(buf).split('\n');
  const table = new Map<string, number>();
  const deferred: Array<[string, number]> = [];
  codes.forEach((code, k) => {
    const ch = pieces[k];
    if (ch === undefined || ch.includes('\uFFFD') || [...ch].length !== 1) return;
    const lead = code >> 8;
    if (lead === 0xed || lead === 0xee) deferred.push([ch, code]);
    else if (!table.has(ch)) table.set(ch, code);
  });
  for (const [ch, code] of deferred) if (!table.has(ch)) table.set(ch, code);
  sjisTable = table;
  return table;
}

/**
 * Look-alikes decoders disagree on (ICU/CP932 decodes 0x8160 as ～ U+FF5E, WHATWG as 〜 U+301C):
 * when one has no code in this platform's table, the other is tried.
 */
const SJIS_LOOKALIKE_PAIRS: Array<[string, string]> = [
  ['\uFF5E', '\u301C'], // ～ 〜
  ['\u2212', '\uFF0D'], // − －
  ['\u2014', '\u2015'], // — ―
  ['\u2016', '\u2225'], // ‖ ∥
  ['\u00A2', '\uFFE0'], // ¢ ￠
  ['\u00A3', '\uFFE1'], // £ ￡
  ['\u00AC', '\uFFE2'], // ¬ ￢
];
const SJIS_FALLBACK = new Map<string, string>([...SJIS_LOOKALIKE_PAIRS, ...SJIS_LOOKALIKE_PAIRS.map(([a, b]): [string, string] => [b, a]), ['\u00A0', ' ']]);

export interface EncodedText {
  bytes: Uint8Array;
  /** Characters that could not be represented and were written as "?". */
  lossy: boolean;
}

export function encodeShiftJis(text: string): EncodedText {
  const table = shiftJisTable();
  const out: number[] = [];
  let lossy = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (cp < 0x80) out.push(cp);
    else if (cp === 0xa5) out.push(0x5c);
    else if (cp === 0x203e) out.push(0x7e);
    else if (cp >= 0xff61 && cp <= 0xff9f) out.push(cp - 0xff61 + 0xa1);
    else {
      const code = table.get(ch) ?? table.get(SJIS_FALLBACK.get(ch) ?? '');
      if (code === undefined) {
        out.push(0x3f);
        lossy = true;
      } else out.push(code >> 8, code & 0xff);
    }
  }
  return { bytes: Uint8Array.from(out), lossy };
}

export function encodeText(text: string, encoding: CsvEncoding): EncodedText {
  if (encoding === 'shift_jis') return encodeShiftJis(text);
  return { bytes: new TextEncoder().encode(text), lossy: false };
}

// --- write-back -------------------------------------------------------------------------

/** Quotes a field when RFC 4180 requires it (and when it has edge spaces Excel would trim). */
export function quoteField(text: string, delimiter: CsvDelimiter): string {
  if (text.includes(delimiter) || /["\r\n]/.test(text) || /^\s|\s$/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

export interface CsvPatchResult {
  bytes: Uint8Array;
  /** Record indexes (0-based) where some characters had to be replaced by "?". */
  lossyRecords: number[];
}

/**
 * Replaces the given fields (record index → column → text) and copies every other byte of the
 * file unchanged. Records shorter than a target column get the missing empty fields appended.
 * Every written text is neutralized against formula injection here, whatever the caller did.
 */
export function patchCsv(csv: ParsedCsv, edits: ReadonlyMap<number, ReadonlyMap<number, string>>): CsvPatchResult {
  const delimBytes = new TextEncoder().encode(csv.delimiter);
  const parts: Uint8Array[] = [];
  const lossyRecords: number[] = [];
  let cursor = 0;
  const sortedRecords = [...edits.keys()].sort((a, b) => a - b);
  for (const recordIndex of sortedRecords) {
    const record = csv.records[recordIndex];
    const rowEdits = edits.get(recordIndex);
    if (!record || !rowEdits || rowEdits.size === 0) continue;
    parts.push(csv.bytes.subarray(cursor, record.start));
    const width = Math.max(record.fields.length, ...[...rowEdits.keys()].map((c) => c + 1));
    let lossy = false;
    for (let col = 0; col < width; col++) {
      if (col > 0) parts.push(delimBytes);
      const text = rowEdits.get(col);
      const field = record.fields[col];
      if (text !== undefined) {
        const encoded = encodeText(quoteField(neutralizeFormula(text), csv.delimiter), csv.encoding);
        lossy ||= encoded.lossy;
        parts.push(encoded.bytes);
      } else if (field) {
        parts.push(csv.bytes.subarray(field.start, field.end));
      }
    }
    if (lossy) lossyRecords.push(recordIndex);
    cursor = record.end;
  }
  parts.push(csv.bytes.subarray(cursor));
  return { bytes: concatBytes(parts), lossyRecords };
}

/** Serializes a small table (the review summary) as UTF-8 with BOM and CRLF, as Excel expects. */
export function writeCsvTable(rows: readonly (readonly string[])[]): Uint8Array {
  const text = rows.map((r) => r.map((cell) => quoteField(neutralizeFormula(cell), ',')).join(',')).join('\r\n') + '\r\n';
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}
