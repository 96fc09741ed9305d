import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../src/messages/error';
import { detectEncoding, encodeShiftJis, parseCsv, patchCsv, quoteField, writeCsvTable } from '../../src/questionnaire/csv';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (bytes: Uint8Array) => parseCsv(bytes, 10_000, (n) => new Error(`too many: ${n}`));
const sjisDecode = (b: Uint8Array) => new TextDecoder('shift_jis').decode(b);

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `non-api: ${String(e)}`;
  }
  return undefined;
}

describe('CSV encoding detection', () => {
  it('reads the Shift_JIS fixture (Japanese Excel default)', () => {
    const csv = parse(fixture('vendor-questionnaire-sjis.csv'));
    expect(csv.encoding).toBe('shift_jis');
    expect(csv.delimiter).toBe(',');
    expect(csv.lineEnding).toBe('\r\n');
    expect(csv.values[0]).toEqual(['項番', 'カテゴリ', '質問', '回答', '備考']);
    expect(csv.values).toHaveLength(18);
  });

  it('reads the UTF-8-with-BOM fixture without the BOM in the first header', () => {
    const csv = parse(fixture('vendor-assessment-en.csv'));
    expect(csv.encoding).toBe('utf-8-bom');
    expect(csv.values[0]).toEqual(['#', 'Domain', 'Question', 'Response', 'Comments']);
    expect(csv.values[1]?.[2]).toBe('Is customer data encrypted in transit?');
  });

  it('tells plain UTF-8 from Shift_JIS by trying strict UTF-8 first', () => {
    expect(detectEncoding(utf8('質問,回答\n'))).toBe('utf-8');
    expect(detectEncoding(encodeShiftJis('質問,回答\n').bytes)).toBe('shift_jis');
  });

  it('rejects UTF-16, binary and undecodable files with a clear 415', () => {
    expect(errorCode(() => detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0x00])))).toBe('unsupported_encoding');
    expect(errorCode(() => detectEncoding(new Uint8Array([0x41, 0x00, 0x42])))).toBe('unsupported_type');
    expect(errorCode(() => detectEncoding(new Uint8Array([0x82, 0x0a, 0xff, 0xff])))).toBe('unsupported_encoding');
  });
});

describe('RFC 4180 parsing', () => {
  it('handles quoted fields with delimiters, doubled quotes and embedded newlines', () => {
    const csv = parse(utf8('a,b,c\r\n1,"x, y","He said ""hi""\r\nnext line"\r\n2,,"multi\nline"\r\n'));
    expect(csv.values).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'He said "hi"\r\nnext line'],
      ['2', '', 'multi\nline'],
    ]);
  });

  it('accepts LF and CR line endings, keeps blank lines as rows, no phantom last row', () => {
    expect(parse(utf8('q,a\nx,\n\ny,\n')).values).toEqual([['q', 'a'], ['x', ''], [''], ['y', '']]);
    expect(parse(utf8('q,a\rx,')).values).toEqual([
      ['q', 'a'],
      ['x', ''],
    ]);
    expect(parse(utf8('q,a\nx,')).lineEnding).toBe('\n');
  });

  it('detects tab-delimited files', () => {
    const csv = parse(utf8('No\t質問\t回答\n1\tバックアップは？\t\n'));
    expect(csv.delimiter).toBe('\t');
    expect(csv.values[1]).toEqual(['1', 'バックアップは？', '']);
  });

  it('an unclosed quote → 400 invalid_csv naming its row, never later rows silently swallowed into one cell', () => {
    const fn = () => parse(utf8('質問,回答\n"パスワードは何文字以上ですか,\n次の質問です,\n3 行目の質問です,\n'));
    expect(errorCode(fn)).toBe('invalid_csv');
    try {
      fn();
    } catch (e) {
      expect((e as AppError).details).toEqual({ unclosedQuoteRow: 2 });
      expect((e as AppError).messageJa).toContain('2 行目で始まる引用符');
    }
    // a closed quote at the very end of the file is fine
    expect(parse(utf8('q,a\n"x",')).values).toEqual([
      ['q', 'a'],
      ['x', ''],
    ]);
    expect(parse(utf8('q,a\nx,""')).values).toEqual([
      ['q', 'a'],
      ['x', ''],
    ]);
  });

  it('stops at the record limit', () => {
    expect(() => parseCsv(utf8('a\nb\nc\nd\n'), 3, (n) => new Error(`too many ${n}`))).toThrow('too many 4');
  });
});

describe('CSV write-back', () => {
  it('changes only the target fields; every other byte is the original (Shift_JIS fixture)', () => {
    const original = fixture('vendor-questionnaire-sjis.csv');
    const csv = parse(original);
    const out = patchCsv(
      csv,
      new Map([
        [
          1,
          new Map([
            [3, 'はい'],
            [4, '公式の回答\n（出典: 資料 項番 1-1）'],
          ]),
        ],
      ]),
    );
    const again = parse(out.bytes);
    expect(again.encoding).toBe('shift_jis');
    expect(again.values[1]?.slice(0, 3)).toEqual(csv.values[1]?.slice(0, 3));
    expect(again.values[1]?.[3]).toBe('はい');
    expect(again.values[1]?.[4]).toBe('公式の回答\n（出典: 資料 項番 1-1）');
    expect(again.values.slice(2)).toEqual(csv.values.slice(2));
    // bytes before record 1 and after it are untouched
    const r1 = csv.records[1]!;
    expect(out.bytes.subarray(0, r1.start)).toEqual(original.subarray(0, r1.start));
    const tail = original.subarray(r1.end);
    expect(out.bytes.subarray(out.bytes.length - tail.length)).toEqual(tail);
  });

  it('appends missing fields to short records and keeps the BOM', () => {
    const original = utf8('\uFEFFQuestion,Answer,Notes\r\nIs data encrypted?\r\n');
    const out = patchCsv(parse(original), new Map([[1, new Map([[2, 'text']])]]));
    expect(new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(out.bytes)).toBe('\uFEFFQuestion,Answer,Notes\r\nIs data encrypted?,,text\r\n');
  });

  it('neutralizes formula-looking text (OWASP) and quotes what needs quoting', () => {
    const out = patchCsv(parse(utf8('q,a\nx,\n')), new Map([[1, new Map([[1, '=HYPERLINK("http://evil")']])]]));
    expect(new TextDecoder().decode(out.bytes)).toBe('q,a\nx,"\'=HYPERLINK(""http://evil"")"\n');
    for (const t of ['+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      const v = parse(patchCsv(parse(utf8('q,a\nx,\n')), new Map([[1, new Map([[1, t]])]])).bytes).values[1]?.[1];
      expect(v).toBe(`'${t}`);
    }
    expect(quoteField('plain', ',')).toBe('plain');
    expect(quoteField('a,b', ',')).toBe('"a,b"');
    expect(quoteField('a\tb', '\t')).toBe('"a\tb"');
  });

  it('review table: UTF-8 BOM, CRLF, neutralized cells', () => {
    const bytes = writeCsvTable([
      ['h1', 'h2'],
      ['=1+1', 'ok'],
    ]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.subarray(3))).toBe("h1,h2\r\n'=1+1,ok\r\n");
  });
});

describe('Shift_JIS encoder', () => {
  // every character the platform decoder produces from a double-byte code
  const decodable: string[] = [];
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const s = new TextDecoder('shift_jis', { fatal: false, ignoreBOM: false }).decode(new Uint8Array([lead, trail]));
      if ([...s].length === 1 && s !== '\uFFFD') decodable.push(s);
    }
  }

  it('round-trips every decodable double-byte character', () => {
    expect(decodable.length).toBeGreaterThan(7000);
    const text = decodable.join('');
    const enc = encodeShiftJis(text);
    expect(enc.lossy).toBe(false);
    expect(sjisDecode(enc.bytes)).toBe(text);
  });

  it('round-trips arbitrary mixes of ASCII, half-width katakana and kanji (property)', () => {
    const ch = fc.oneof(
      fc.constantFrom(...decodable),
      fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)),
      fc.integer({ min: 0xff61, max: 0xff9f }).map((n) => String.fromCharCode(n)),
    );
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 60 }), (chars) => {
        const s = chars.join('');
        expect(sjisDecode(encodeShiftJis(s).bytes)).toBe(s);
      }),
    );
  });

  it('marks characters without a Shift_JIS code as lossy', () => {
    const enc = encodeShiftJis('絵文字😀');
    expect(enc.lossy).toBe(true);
    expect(sjisDecode(enc.bytes)).toBe('絵文字?');
    expect(encodeShiftJis('～〜－−').lossy).toBe(false); // look-alikes CP932 users type every day
  });
});
