/// <reference types="vite/client" />
// Property-based tests of POST /api/questionnaire through SELF.fetch in workerd: generated CSV
// bytes (random grids, delimiters, quoting, encodings, raw bytes), generated XLSX packages and
// corrupted ones (truncated, flipped bytes, spliced garbage, lying zip sizes, mutated XML),
// random form fields and output formats, random multipart framing; plus the hostile structures
// named in the spec (thousands of sheets, a 16,384-column row, deeply nested XML, a million
// commas). Invariants: never a 5xx, security headers, every refusal a known error code with
// English and Japanese messages; every 200 matches the published response contract.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { PRODUCTS } from '../../src/corpus/store';
import { QuestionnaireResponseSchema } from '../../src/questionnaire/schema';
import { buildXlsx, lieAboutSize, type CellValue, type SheetSpec } from '../node/questionnaire-fixtures';
import { checkResponse, controlChar, domainWord, fetchPath, hostileString, loneSurrogate, anyPlaneChar } from './fuzz-support';

const RUNS = { csv: 900, csvBytes: 500, xlsx: 700, corrupt: 700, xml: 400, fields: 500, multipart: 400 };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OK_STATUSES = [200, 400, 413, 415, 422];

// ---- request building -------------------------------------------------------------------

interface Upload {
  bytes: Uint8Array | null;
  name: string;
  type: string;
  fields: Record<string, string>;
  format: string;
}

function send(u: Upload): Promise<Response> {
  const form = new FormData();
  if (u.bytes) form.append('file', new File([u.bytes], u.name, { type: u.type }));
  for (const [k, v] of Object.entries(u.fields)) form.append(k, v);
  const query = u.format === '' ? '' : `?format=${encodeURIComponent(u.format)}`;
  return fetchPath(`/api/questionnaire${query}`, { method: 'POST', body: form });
}

/** Sends and checks the invariants; returns the status so properties can tally outcomes. */
async function sendAndCheck(u: Upload): Promise<number> {
  const res = await send(u);
  const contentType = res.headers.get('content-type') ?? '';
  const checked = await checkResponse(res, 'api');
  expect(OK_STATUSES).toContain(checked.status);
  if (checked.status === 200) {
    const format = u.format === '' ? 'json' : u.format;
    if (format === 'json') QuestionnaireResponseSchema.parse(JSON.parse(checked.text ?? ''));
    else expect(res.headers.get('content-disposition') ?? '').toMatch(/^attachment; filename="/);
    if (format === 'review') expect(contentType).toContain('text/csv');
  }
  return checked.status;
}

/** Counts outcomes so a property can assert it reached the pipeline and not only the first check. */
class Tally {
  readonly counts = new Map<number, number>();
  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }
  share(status: number): number {
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : (this.counts.get(status) ?? 0) / total;
  }
}

// ---- generators ---------------------------------------------------------------------------

const questionText = fc.oneof(
  fc.constantFrom(
    'データのバックアップは取得していますか。',
    '通信は暗号化されていますか。',
    'パスワードの最低文字数を教えてください。',
    'Is customer data encrypted at rest?',
    'Do you perform annual penetration tests?',
    '多要素認証に対応していますか？',
    '■ データ管理',
    '【第1章】',
    '質問',
    '回答',
    '備考',
    'Question',
    'Answer',
    'Comments',
  ),
  fc.array(domainWord, { minLength: 1, maxLength: 4 }).map((w) => `${w.join('')}ですか。`),
);

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: questionText },
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: hostileString(12) },
  fc.constantFrom('=1+1', '+SUM(A1)', '-2', '@cmd', '\t=x', '"quoted"', 'a,b', 'line\nbreak', 'はい', 'いいえ', '○', '×', '-'),
  fc.integer({ min: -1000, max: 100000 }),
  fc.double({ noNaN: true }),
);

const grid = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });

const productField = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...PRODUCTS) }, hostileString(8), fc.constant(''));

const columnRef = fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'XFD', 'XFE', 'ZZZZ', '0', '1', '3', '16384', '16385', '99999', '', ' ', '-1', '1.5'), hostileString(4));
const choicesField = fc.oneof(
  fc.constantFrom('{}', '{"CSV!2":"clear"}', '{"2":"leyser-checksheet-mic#25"}', '{"2":"nope"}', '{"S!2":"clear"}', '[]', 'null', '1', '{', '{"":""}'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.constant('clear'), fc.string({ maxLength: 30 })), { maxKeys: 5 }).map((d) => JSON.stringify(d)),
);

/** Mostly just a product; sometimes every override, with hostile values. */
const fields = fc.oneof(
  { weight: 6, arbitrary: productField.map((product) => ({ product })) },
  fc
    .record(
      {
        product: productField,
        sheet: fc.oneof(fc.constantFrom('S', 'Sheet1', 'CSV', ''), hostileString(6)),
        headerRow: fc.oneof(fc.constantFrom('1', '2', '0', '-1', '1048577', 'x', '', '1e3', '２'), hostileString(4)),
        questionColumn: columnRef,
        answerColumn: columnRef,
        remarksColumn: columnRef,
        choices: choicesField,
      },
      { requiredKeys: ['product'] },
    )
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '\ufffd')]))),
);

const format = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('', 'json', 'file', 'review') }, fc.constantFrom('pdf', 'JSON', 'xlsx', '%00'), fc.string({ maxLength: 5 }));

function cellString(v: CellValue): string {
  return v === null || v === undefined ? '' : String(v);
}

/** A CSV as Excel or a script would write it: delimiter, quoting, line endings, optional BOM. */
const csvBytes = fc
  .record({
    rows: grid,
    delimiter: fc.constantFrom(',', '\t', ';'),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    quoteAll: fc.boolean(),
    bom: fc.boolean(),
    trailingEol: fc.boolean(),
  })
  .map(({ rows, delimiter, eol, quoteAll, bom, trailingEol }) => {
    const lines = rows.map((row) =>
      row
        .map((v) => {
          const s = cellString(v);
          return quoteAll || /[",\t;\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
        })
        .join(delimiter),
    );
    const text = lines.join(eol) + (trailingEol ? eol : '');
    const body = strToU8(text);
    if (!bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  });

const sheetName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('S', 'チェックシート', 'Sheet1', 'Q&A <1>', "it's") },
  hostileString(8).filter((s) => s.length > 0),
);

const sheets: fc.Arbitrary<SheetSpec[]> = fc
  .array(
    fc.record({
      name: sheetName,
      rows: grid,
      hidden: fc.boolean(),
      merges: fc.constantFrom(undefined, ['A1:C1'], ['A2:A3', 'B2:B3'], ['A1:XFD1']),
      validations: fc.constantFrom(undefined, [{ sqref: 'B2:B20', formula: '"はい,いいえ,一部対応,該当なし"' }], [{ sqref: 'B:B', formula: 'Sheet1!$A$1:$A$4' }], [{ sqref: 'B2', formula: 'NOPE' }]),
      // a far start row makes SheetJS materialise a million empty rows (~200 ms): keep it rare
      startRow: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(undefined, 1, 5, 300) }, fc.constant(1_048_570)),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((list) => list.map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as SheetSpec));

/** The ways a real upload gets damaged on the way: cut short, bit rot, garbage spliced in. */
type Corruption = { kind: 'none' } | { kind: 'truncate'; at: number } | { kind: 'flip'; flips: Array<[number, number]> } | { kind: 'splice'; at: number; garbage: Uint8Array } | { kind: 'lie'; size: number };
const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.nat().map((at) => ({ kind: 'truncate' as const, at })),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => ({ kind: 'flip' as const, flips })),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, garbage]) => ({ kind: 'splice' as const, at, garbage })),
  fc.constantFrom(0, 1, 10, 0x7fffffff, 0xfffffffe).map((size) => ({ kind: 'lie' as const, size })),
);

function corrupt(bytes: Uint8Array, c: Corruption): Uint8Array {
  switch (c.kind) {
    case 'none':
      return bytes;
    case 'truncate':
      return bytes.slice(0, c.at % (bytes.length + 1));
    case 'flip': {
      const out = bytes.slice();
      for (const [at, mask] of c.flips) {
        if (!out.length) break;
        const i = at % out.length;
        out[i] = (out[i] ?? 0) ^ mask;
      }
      return out;
    }
    case 'splice': {
      const at = c.at % (bytes.length + 1);
      const out = new Uint8Array(bytes.length + c.garbage.length);
      out.set(bytes.subarray(0, at));
      out.set(c.garbage, at);
      out.set(bytes.subarray(at), at + c.garbage.length);
      return out;
    }
    case 'lie':
      return lieAboutSize(bytes, 'xl/worksheets/sheet1.xml', c.size);
  }
}

/** XML snippets a hostile or broken writer produces: bad entities, stray tags, nesting, DOCTYPE. */
const xmlSnippet = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('&#x110000;', '&#99999999999;', '&#0;', '&#xD800;', '&#x1F600;', '&bogus;', '&', '&amp') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '<',
      ']]>',
      '<![CDATA[x]]>',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      '<row r="0">',
      '<row r="-5"><c r="A-5"/></row>',
      '<row r="99999999999"><c r="A99999999999" t="s"><v>99999</v></c></row>',
      '<c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c>',
      '<c r="A2" t="s"><v>-1</v></c>',
      '<c r="A2" t="e"><v>#N/A</v></c>',
      '<mergeCell ref="A1:XFD1048576"/>',
      '<dataValidation type="list" sqref="A1:XFD1048576"><formula1>$A:$XFD</formula1></dataValidation>',
      '<cols><col min="1" max="16384" style="7"/></cols>',
      '</sheetData>',
      '<sheetData>',
      '\u0000',
    ),
  },
  fc.integer({ min: 1, max: 20_000 }).map((d) => `${'<x>'.repeat(d)}${'</x>'.repeat(d)}`),
  hostileString(10),
);

/** A workbook the detector reads as a questionnaire, so mutations reach the answering and writing code. */
const questionnaireSheets: fc.Arbitrary<SheetSpec[]> = fc
  .array(fc.tuple(questionText, fc.constantFrom(null, 'はい', '=1+1')), { minLength: 1, maxLength: 6 })
  .map((rows) => [{ name: 'S', rows: [['質問', '回答', '備考'], ...rows.map(([q, a]): CellValue[] => [q, a, null])] }]);

type Where = 'attr' | 'newattr' | 'tag' | 'any';

/**
 * Inserts the snippet inside an existing attribute value, as a new attribute of a row or cell tag
 * (one the reader ignores but the writer re-parses), between two tags, or anywhere: purely random
 * offsets mostly land in places no parser looks at twice.
 */
function insertAt(text: string, where: Where, at: number, snippet: string): string {
  const spots: number[] = [];
  const pattern = { attr: /="/g, newattr: /<(?:row|c)\b/g, tag: />/g, any: null }[where];
  if (pattern) for (const m of text.matchAll(pattern)) spots.push(m.index + m[0].length);
  const i = spots.length ? (spots[at % spots.length] ?? 0) : at % (text.length + 1);
  const attrName = ['x', 'spans', 'ht', 'customHeight', 'x14ac:dyDescent'][at % 5];
  const piece = where === 'newattr' ? ` ${attrName}="${snippet.replaceAll('"', '&quot;')}"` : snippet;
  return text.slice(0, i) + piece + text.slice(i);
}

const xlsxUpload = (bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Upload> =>
  fc.record({
    bytes,
    name: fc.constantFrom('q.xlsx', 'q.XLSX', 'q.xlsm', 'q', 'チェックシート.xlsx'),
    type: fc.constantFrom(XLSX_TYPE, '', 'application/octet-stream', 'application/zip'),
    fields,
    format,
  });

// ---- properties ---------------------------------------------------------------------------

describe('fuzz POST /api/questionnaire: CSV', () => {
  it('generated CSV questionnaires (grids, delimiters, quoting, line endings, BOM)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.constantFrom('q.csv', 'q.tsv', 'q.txt', 'q', 'アンケート.csv'), fc.constantFrom('text/csv', '', 'text/plain'), fields, format, async (bytes, name, type, f, fmt) => {
        tally.add(await sendAndCheck({ bytes, name, type, fields: f, format: fmt }));
      }),
      { numRuns: RUNS.csv },
    );
    // The generator must reach detection and answering, not only the first refusal (random grids
    // without an answer column are refused with 422 no_answer_column since sheets are judged).
    expect(tally.share(200)).toBeGreaterThan(0.08);
  });

  it('random bytes, control characters, lone surrogates and every plane as CSV', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 400 }),
      fc.array(fc.oneof(controlChar, loneSurrogate, anyPlaneChar, fc.constantFrom(',', '"', '\n', '\r', '質問ですか。')), { minLength: 1, maxLength: 80 }).map((a) => strToU8(a.join(''))),
      // Shift_JIS-looking byte pairs, valid or not
      fc.array(fc.tuple(fc.integer({ min: 0x81, max: 0xfc }), fc.integer({ min: 0x30, max: 0xff })), { minLength: 1, maxLength: 60 }).map((pairs) => Uint8Array.from(pairs.flat())),
      // UTF-16 with BOM (read as Unicode text, or refused when malformed), and a BOM alone
      fc.constantFrom(Uint8Array.from([0xff, 0xfe, 0x6a, 0x8c, 0x55, 0x00]), Uint8Array.from([0xfe, 0xff, 0x00, 0x41]), Uint8Array.from([0xef, 0xbb, 0xbf])),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom('q.csv', 'q'), fields, format, async (b, name, f, fmt) => {
        await sendAndCheck({ bytes: b, name, type: 'text/csv', fields: f, format: fmt });
      }),
      { numRuns: RUNS.csvBytes },
    );
  });
});

describe('fuzz POST /api/questionnaire: XLSX', () => {
  it('generated workbooks (hidden sheets, merges, validations, far rows) with hostile cells', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(xlsxUpload(sheets.map((s) => buildXlsx(s))), async (u) => {
        tally.add(await sendAndCheck(u));
      }),
      { numRuns: RUNS.xlsx },
    );
    // Reachability, not quality: since sheets that are not questionnaires are skipped (422 when none
    // is left), ~10% of generated workbooks are answered (measured 69 of 700: 400 393, 422 220, 413 18).
    expect(tally.share(200)).toBeGreaterThan(0.04);
  });

  it('corrupted zips: truncated, flipped bytes, spliced garbage, lying sizes, random bytes', async () => {
    const bytes = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(sheets, corruption).map(([s, c]) => corrupt(buildXlsx(s), c)) },
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      // a zip header followed by noise: every reader must bail out, not loop or throw raw
      fc.uint8Array({ minLength: 0, maxLength: 300 }).map((tail) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...tail])),
      fc.uint8Array({ minLength: 0, maxLength: 100 }).map((head) => Uint8Array.from([...head, 0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0xff)])),
    );
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(xlsxUpload(bytes), async (u) => {
        tally.add(await sendAndCheck(u));
      }),
      { numRuns: RUNS.corrupt },
    );
    // Some corruptions leave a readable workbook, most must be refused as invalid_xlsx & co.
    expect(tally.share(400) + tally.share(413) + tally.share(415) + tally.share(422)).toBeGreaterThan(0.3);
  });

  it('mutated worksheet and workbook XML (bad entities, stray tags, deep nesting, DOCTYPE)', async () => {
    const mutated = fc.record({
      sheets: fc.oneof({ weight: 3, arbitrary: questionnaireSheets }, sheets),
      part: fc.constantFrom('xl/worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml', '[Content_Types].xml', 'xl/_rels/workbook.xml.rels'),
      where: fc.constantFrom<Where>('attr', 'newattr', 'tag', 'any'),
      at: fc.nat(),
      snippet: xmlSnippet,
    });
    await fc.assert(
      // format=file half of the time: the writer re-reads the XML the reader has already accepted
      fc.asyncProperty(mutated, fields, fc.oneof(fc.constant('file'), format), async (m, f, fmt) => {
        const files = unzipSync(buildXlsx(m.sheets));
        const xml = new TextDecoder().decode(files[m.part]);
        const next = insertAt(xml, m.where, m.at, m.snippet);
        files[m.part] = strToU8(next);
        await sendAndCheck({ bytes: zipSync(files), name: 'q.xlsx', type: XLSX_TYPE, fields: f, format: fmt });
      }),
      { numRuns: RUNS.xml },
    );
  });
});

describe('fuzz POST /api/questionnaire: form fields and framing', () => {
  it('random fields, formats and file names around a valid CSV', async () => {
    const csv = strToU8('項番,質問,回答,備考\n1,データのバックアップは取得していますか。,,\n2,通信は暗号化されていますか。,,\n');
    const extraFields = fc.dictionary(
      fc.oneof(fc.constantFrom('product', 'sheet', 'headerRow', 'choices', 'file'), fc.string({ maxLength: 6 })),
      hostileString(10).map((s) => s.replace(/[\ud800-\udfff]/g, '')),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fields, extraFields, format, fc.oneof(fc.constantFrom('q.csv', '', '.csv', 'a/b\\c.csv', 'x.pdf', 'x.xls', 'x.docx'), hostileString(10)), fc.boolean(), async (f, extra, fmt, name, withFile) => {
        // FormData itself (client side) refuses names ending in a backslash; the raw multipart property covers those.
        const clean = (s: string) => s.replace(/[\ud800-\udfff]/g, '').replace(/\\+$/, '');
        const all = Object.fromEntries(Object.entries({ ...extra, ...f }).map(([k, v]) => [clean(k), v]));
        await sendAndCheck({ bytes: withFile ? csv : null, name: clean(name), type: 'text/csv', fields: all, format: fmt });
      }),
      { numRuns: RUNS.fields },
    );
  });

  it('random multipart framing and content types', async () => {
    const contentType = fc.oneof(
      fc.constantFrom('multipart/form-data; boundary=x', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="a b"', 'multipart/mixed; boundary=x', 'application/json', 'text/csv', ''),
      fc
        .string({ maxLength: 12 })
        .filter((s) => /^[\x21-\x7e]*$/.test(s))
        .map((b) => `multipart/form-data; boundary=${b}`),
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc
        .record({ headers: hostileString(10), value: hostileString(20), close: fc.boolean() })
        .map(({ headers, value, close }) => strToU8(`--x\r\nContent-Disposition: form-data; name="file"; filename="${headers}"\r\nContent-Type: text/csv\r\n\r\n質問\r\n${value}\r\n${close ? '--x--\r\n' : ''}`)),
      fc.constant(strToU8('--x\r\nContent-Disposition: form-data; name="product"\r\n\r\nLeySerKids\r\n--x--\r\n')),
    );
    await fc.assert(
      fc.asyncProperty(contentType, body, async (type, b) => {
        const res = await fetchPath('/api/questionnaire', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: b });
        const checked = await checkResponse(res, 'api');
        expect(OK_STATUSES).toContain(checked.status);
      }),
      { numRuns: RUNS.multipart },
    );
  });
});

// ---- hostile structures named in the spec (one case each, they are large) ------------------

describe('hostile structures', () => {
  const product = { product: PRODUCTS[0] ?? '' };
  const header = ['質問', '回答'];

  it('a CSV with a million commas', async () => {
    const bytes = strToU8(`質問,回答\nバックアップは取得していますか。${','.repeat(1_000_000)}\n`);
    const status = await sendAndCheck({ bytes, name: 'q.csv', type: 'text/csv', fields: product, format: 'json' });
    expect([200, 413, 422]).toContain(status);
  });

  it('a workbook with thousands of sheets: 1,996 is within the entry limit, 3,000 is refused', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i): SheetSpec => ({ name: `S${i}`, rows: [header, ['バックアップは取得していますか。', null]] }));
    expect(await sendAndCheck({ bytes: buildXlsx(many(1_996)), name: 'q.xlsx', type: XLSX_TYPE, fields: product, format: 'json' })).toBe(200);
    const res = await send({ bytes: buildXlsx(many(3_000)), name: 'q.xlsx', type: XLSX_TYPE, fields: product, format: 'json' });
    expect((await checkResponse(res, 'api')).code).toBe('archive_too_large');
  });

  it('a 16,384-column row (A..XFD), as JSON and as a filled file', async () => {
    const wide = (text: (c: number) => string) => Array.from({ length: 16_384 }, (_, c) => text(c));
    const rows = [wide((c) => (c === 0 ? '質問' : c === 1 ? '回答' : `h${c}`)), wide((c) => (c === 0 ? 'ログは取得していますか。' : c === 1 ? '' : `x${c}`))];
    for (const fmt of ['json', 'file']) {
      expect(await sendAndCheck({ bytes: buildXlsx([{ name: 'W', rows }]), name: 'q.xlsx', type: XLSX_TYPE, fields: product, format: fmt })).toBe(200);
    }
  });

  it('deeply nested XML in the worksheet and the workbook part (100,000 levels)', async () => {
    const depth = 100_000;
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/workbook.xml']) {
      const files = unzipSync(buildXlsx([{ name: 'S', rows: [header, ['ログは取得していますか。', null]] }]));
      const xml = new TextDecoder().decode(files[part]);
      files[part] = strToU8(xml.replace(/(<\/(?:worksheet|workbook)>)$/, `${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}$1`));
      for (const fmt of ['json', 'file']) await sendAndCheck({ bytes: zipSync(files), name: 'q.xlsx', type: XLSX_TYPE, fields: product, format: fmt });
    }
  });
});
