// Minimal zip container access for XLSX: read the central directory (to bound the expansion
// before anything is inflated), inflate single entries with a hard byte bound, and rebuild the
// archive replacing a few entries while copying every other entry's bytes unchanged.
// Inflate/deflate come from fflate (pure JS, runs in workerd); the container format is handled
// here because no zip library keeps untouched entries byte-identical on rewrite.
import { Inflate, deflateSync } from 'fflate';
import { archiveTooLarge, inconsistentZip, invalidXlsx, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES } from './limits';
import { AppError } from '../messages/error';
import { concatBytes } from './bytes';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
/** Encryption, data descriptor and UTF-8 names: a reader must see the same whichever header it reads. */
const FLAGS_THAT_MUST_AGREE = 0x0001 | 0x0008 | 0x0040 | 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Compressed input is pushed in small slices so one push can never expand beyond ~4 MB. */
const INFLATE_SLICE = 4096;

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** The raw central directory record, reused when the entry is copied unchanged. */
  centralRecord: Uint8Array;
}

export interface ZipArchive {
  bytes: Uint8Array;
  entries: ZipEntry[];
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0;
}

const utf8 = new TextDecoder('utf-8');
const latin = new TextDecoder('latin1');

/**
 * Parses the central directory and enforces the expansion bounds on the declared sizes, before
 * any entry is inflated (decompression-bomb guard, first half; `inflateEntry` enforces the rest).
 * Every entry's local header must agree with its central record (name, flags, method, CRC and
 * sizes, or a data descriptor that does), entries must not overlap and names must be unique
 * (case-insensitively): a reader that trusts the local headers, or picks the other of two equal
 * names, must never see a different archive from the one measured here.
 */
export function readZip(bytes: Uint8Array): ZipArchive {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw invalidXlsx('no_end_record');
  const entryCount = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (entryCount === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw invalidXlsx('zip64');
  }
  if (entryCount > MAX_ZIP_ENTRIES) throw archiveTooLarge();
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0 || u16(bytes, eocd + 8) !== entryCount) {
    throw inconsistentZip('multi_disk');
  }
  if (cdOffset + cdSize > eocd) throw invalidXlsx('central_directory');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let totalDeclared = 0;
  let p = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== SIG_CENTRAL) throw invalidXlsx('central_directory');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const recordEnd = p + 46 + nameLen + extraLen + commentLen;
    if (recordEnd > bytes.length) throw invalidXlsx('central_directory');
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const entry: ZipEntry = {
      name: (flags & 0x0800 ? utf8 : latin).decode(nameBytes),
      flags,
      method,
      crc32: u32(bytes, p + 16),
      compressedSize: u32(bytes, p + 20),
      uncompressedSize: u32(bytes, p + 24),
      localHeaderOffset: u32(bytes, p + 42),
      centralRecord: bytes.subarray(p, recordEnd),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw invalidXlsx('zip64');
    }
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
      throw new AppError('encrypted_workbook', { where: 'parts' });
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) throw invalidXlsx('compression_method', String(method));
    if (entry.uncompressedSize > MAX_ZIP_ENTRY_BYTES) throw archiveTooLarge();
    totalDeclared += entry.uncompressedSize;
    if (totalDeclared > MAX_UNZIPPED_BYTES) throw archiveTooLarge();
    const key = entry.name.toLowerCase();
    if (names.has(key)) throw inconsistentZip('duplicate_name', entry.name);
    names.add(key);
    entries.push(entry);
    p = recordEnd;
  }
  const zip = { bytes, entries };
  checkLocalRecords(zip, cdOffset);
  return zip;
}

/** Local headers agree with the central directory; local records lie before it and never overlap. */
function checkLocalRecords(zip: ZipArchive, cdOffset: number): void {
  const spans: Array<[number, number]> = [];
  for (const entry of zip.entries) {
    const b = zip.bytes;
    const o = entry.localHeaderOffset;
    if (o + 30 > cdOffset || u32(b, o) !== SIG_LOCAL) throw inconsistentZip('local_header_missing', entry.name);
    const flags = u16(b, o + 6);
    if ((flags & FLAGS_THAT_MUST_AGREE) !== (entry.flags & FLAGS_THAT_MUST_AGREE)) throw inconsistentZip('flags_differ', entry.name);
    if (u16(b, o + 8) !== entry.method) throw inconsistentZip('method_differs', entry.name);
    const nameLen = u16(b, o + 26);
    const localName = b.subarray(o + 30, o + 30 + nameLen);
    const centralName = entry.centralRecord.subarray(46, 46 + u16(entry.centralRecord, 28));
    if (!sameBytes(localName, centralName)) throw inconsistentZip('name_differs', entry.name);
    const { dataEnd, recordEnd } = locate(zip, entry);
    if (recordEnd > cdOffset) throw inconsistentZip('past_central_directory', entry.name);
    const declared = flags & FLAG_DESCRIPTOR ? descriptorAt(b, dataEnd) : { crc: u32(b, o + 14), compressed: u32(b, o + 18), uncompressed: u32(b, o + 22) };
    if (flags & FLAG_DESCRIPTOR) {
      // The local header may hold zeros (streamed writers) or the real values; nothing else.
      const lc = u32(b, o + 14);
      const ls = u32(b, o + 18);
      const lu = u32(b, o + 22);
      if (!((lc === 0 && ls === 0 && lu === 0) || (lc === entry.crc32 && ls === entry.compressedSize && lu === entry.uncompressedSize))) {
        throw inconsistentZip('sizes_differ', entry.name);
      }
    }
    if (declared.crc !== entry.crc32 || declared.compressed !== entry.compressedSize || declared.uncompressed !== entry.uncompressedSize) {
      throw inconsistentZip('sizes_differ', entry.name);
    }
    if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) throw inconsistentZip('stored_sizes', entry.name);
    spans.push([o, recordEnd]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) throw inconsistentZip('overlap');
  }
}

function descriptorAt(b: Uint8Array, at: number): { crc: number; compressed: number; uncompressed: number } {
  const o = u32(b, at) === SIG_DESCRIPTOR ? at + 4 : at;
  return { crc: u32(b, o), compressed: u32(b, o + 4), uncompressed: u32(b, o + 8) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) {
    if (u32(bytes, i) === SIG_EOCD) return i;
  }
  return -1;
}

/** Offsets of the entry's compressed data and of the end of its local record (incl. descriptor). */
function locate(zip: ZipArchive, entry: ZipEntry): { dataStart: number; dataEnd: number; recordEnd: number } {
  const b = zip.bytes;
  const o = entry.localHeaderOffset;
  if (o + 30 > b.length || u32(b, o) !== SIG_LOCAL) throw invalidXlsx('local_header', entry.name);
  const dataStart = o + 30 + u16(b, o + 26) + u16(b, o + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > b.length) throw invalidXlsx('truncated', entry.name);
  let recordEnd = dataEnd;
  if (u16(b, o + 6) & FLAG_DESCRIPTOR) recordEnd += u32(b, dataEnd) === SIG_DESCRIPTOR ? 16 : 12;
  if (recordEnd > b.length) throw invalidXlsx('truncated', entry.name);
  return { dataStart, dataEnd, recordEnd };
}

/**
 * Inflates one entry, failing as soon as the output exceeds the size its central directory
 * declared (a lying header is how bombs slip past a declared-size check), and checking the CRC.
 * When `keep` is false the output is only counted, so verifying a part costs no memory.
 */
export function inflateEntry(zip: ZipArchive, entry: ZipEntry, keep = true): Uint8Array {
  const { dataStart, dataEnd } = locate(zip, entry);
  const data = zip.bytes.subarray(dataStart, dataEnd);
  const limit = entry.uncompressedSize;
  if (entry.method === METHOD_STORED) {
    if (data.length !== limit) throw invalidXlsx('inconsistent_sizes', entry.name);
    if (crc32(data) !== entry.crc32) throw inconsistentZip('crc', entry.name);
    return keep ? data : new Uint8Array(0);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let crc = CRC_INITIAL;
  let tooLarge = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) {
      tooLarge = true;
      return;
    }
    crc = crc32Update(crc, chunk);
    if (keep) chunks.push(chunk);
  });
  try {
    for (let off = 0; off < data.length && !tooLarge; off += INFLATE_SLICE) {
      const end = Math.min(off + INFLATE_SLICE, data.length);
      inflater.push(data.subarray(off, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    if (!tooLarge) throw invalidXlsx('cannot_decompress', entry.name);
  }
  if (tooLarge) throw archiveTooLarge();
  if (total !== limit) throw invalidXlsx('inconsistent_sizes', entry.name);
  if (crcFinal(crc) !== entry.crc32) throw inconsistentZip('crc', entry.name);
  if (!keep) return new Uint8Array(0);
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  return concatBytes(chunks);
}

/** Inflates every entry once (counting only, CRC checked) so nothing downstream can expand past the bound. */
export function verifyZipExpansion(zip: ZipArchive): void {
  for (const entry of zip.entries) inflateEntry(zip, entry, false);
}

export function findEntry(zip: ZipArchive, name: string): ZipEntry | undefined {
  const wanted = name.replace(/^\/+/, '');
  return zip.entries.find((e) => e.name === wanted) ?? zip.entries.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

const CRC_INITIAL = 0xffffffff;

function crc32Update(crc: number, data: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

function crcFinal(c: number): number {
  return (c ^ 0xffffffff) >>> 0;
}

export function crc32(data: Uint8Array): number {
  return crcFinal(crc32Update(CRC_INITIAL, data));
}

class ByteWriter {
  private parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u16(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
  }
  u32(v: number): void {
    this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
  }
  concat(): Uint8Array {
    return concatBytes(this.parts);
  }
}

/**
 * Writes the archive again in its original entry order. Entries named in `replacements` get new
 * deflated data; every other entry's local record and compressed data are copied byte for byte.
 */
export function rewriteZip(zip: ZipArchive, replacements: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const out = new ByteWriter();
  const central = new ByteWriter();
  for (const entry of zip.entries) {
    const offset = out.length;
    const replacement = replacements.get(entry.name);
    if (replacement === undefined) {
      const { recordEnd } = locate(zip, entry);
      out.bytes(zip.bytes.subarray(entry.localHeaderOffset, recordEnd));
      const record = entry.centralRecord.slice();
      new DataView(record.buffer, record.byteOffset, record.byteLength).setUint32(42, offset, true);
      central.bytes(record);
      continue;
    }
    const compressed = deflateSync(replacement, { level: 6 });
    const crc = crc32(replacement);
    const rec = entry.centralRecord;
    const nameLen = u16(rec, 28);
    const commentLen = u16(rec, 32);
    const nameBytes = rec.subarray(46, 46 + nameLen);
    const comment = rec.subarray(46 + nameLen + u16(rec, 30), 46 + nameLen + u16(rec, 30) + commentLen);
    const flags = entry.flags & 0x0800; // keep only the UTF-8 name flag; sizes are known now
    const time = u16(rec, 12);
    const date = u16(rec, 14);
    // local header
    out.u32(SIG_LOCAL);
    out.u16(20);
    out.u16(flags);
    out.u16(METHOD_DEFLATE);
    out.u16(time);
    out.u16(date);
    out.u32(crc);
    out.u32(compressed.length);
    out.u32(replacement.length);
    out.u16(nameLen);
    out.u16(0);
    out.bytes(nameBytes);
    out.bytes(compressed);
    // central record: same version-made-by and attributes, new sizes and offset
    central.u32(SIG_CENTRAL);
    central.u16(u16(rec, 4));
    central.u16(20);
    central.u16(flags);
    central.u16(METHOD_DEFLATE);
    central.u16(time);
    central.u16(date);
    central.u32(crc);
    central.u32(compressed.length);
    central.u32(replacement.length);
    central.u16(nameLen);
    central.u16(0);
    central.u16(commentLen);
    central.u16(0);
    central.u16(u16(rec, 36));
    central.u32(u32(rec, 38));
    central.u32(offset);
    central.bytes(nameBytes);
    central.bytes(comment);
  }
  const cdOffset = out.length;
  const cd = central.concat();
  out.bytes(cd);
  const eocd = findEndOfCentralDirectory(zip.bytes);
  const commentLen = u16(zip.bytes, eocd + 20);
  out.u32(SIG_EOCD);
  out.u16(0);
  out.u16(0);
  out.u16(zip.entries.length);
  out.u16(zip.entries.length);
  out.u32(cd.length);
  out.u32(cdOffset);
  out.u16(commentLen);
  out.bytes(zip.bytes.subarray(eocd + 22, eocd + 22 + commentLen));
  return out.concat();
}
