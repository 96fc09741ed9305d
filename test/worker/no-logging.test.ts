// Uploaded content is never logged (issue 6): uploads and lookups carrying a unique marker go
// through the Worker while every console method is spied on; no recorded log line may contain it.
//
// Why spying works here: with @cloudflare/vitest-plugin the test and the Worker behind SELF run
// in the same workerd isolate, so they share `console`. The first two tests prove it rather than
// assume it: a spy on JSON.parse sees the body the Worker parses, and a forced unhandled error
// makes the Worker's own onError call console.error, which the spy records.
// Logs workerd writes outside the isolate are not visible here; `npm run bench` scans the
// `wrangler dev` output for its own marker after the 1,000-row upload (see docs/deployment.md).
import { SELF } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { strToU8 } from 'fflate';
import app from '../../src/worker';
import { buildXlsx } from '../node/questionnaire-fixtures';

const MARKER = `KAITOU-MARKER-${crypto.randomUUID()}`;
const BASE = 'https://kaitou.test';
const PRODUCT = 'LeySerKids';
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

let spies: MockInstance[] = [];

beforeEach(() => {
  // Record, and keep the output quiet: nothing the Worker prints should matter to the reader.
  spies = METHODS.map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
});
afterEach(() => {
  vi.restoreAllMocks();
});

function loggedLines(): string[] {
  return spies.flatMap((s) => s.mock.calls.map((args) => args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' ')));
}

function safeStringify(v: unknown): string {
  try {
    return v instanceof Error ? `${v.name}: ${v.message}\n${v.stack ?? ''}` : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}

function upload(bytes: Uint8Array, name: string, fields: Record<string, string>, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return SELF.fetch(`${BASE}/api/questionnaire${query}`, { method: 'POST', body: form });
}

describe('the console spies see what the Worker does', () => {
  it('the Worker behind SELF runs in this isolate (a JSON.parse spy sees its request body)', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const res = await SELF.fetch(`${BASE}/api/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: `ログ ${MARKER}` }) });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(parse.mock.calls.some(([text]) => typeof text === 'string' && text.includes(MARKER))).toBe(true);
  });

  it("the Worker's own console.error is captured, and an error carrying content logs only its class", async () => {
    // An env whose binding throws reaches worker.ts onError, the one place the Worker logs.
    const env = {
      get KAITOU_UPLOAD_TOKEN(): string {
        throw new Error(`content of the upload: ${MARKER}`);
      },
    };
    const form = new FormData();
    form.append('file', new File([strToU8(`質問\n${MARKER}ですか。\n`)], 'q.csv'));
    form.append('product', PRODUCT);
    const res = await app.request(`${BASE}/api/questionnaire`, { method: 'POST', body: form }, env);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(MARKER);
    const lines = loggedLines();
    expect(lines).toContain('unhandled error: Error');
    expect(lines.filter((l) => l.includes(MARKER))).toEqual([]);
  });
});

describe('no log line contains uploaded content', () => {
  it('successful and refused uploads, lookups and pages with the marker', async () => {
    const csv = strToU8(`項番,質問,回答,備考\n1,データのバックアップは取得していますか。${MARKER},,\n2,${MARKER},,${MARKER}\n`);
    const xlsx = buildXlsx([
      {
        name: `S${MARKER.slice(-8)}`,
        rows: [
          ['質問', '回答', '備考'],
          [`通信は暗号化されていますか。${MARKER}`, null, MARKER],
        ],
      },
    ]);
    const statuses: number[] = [];
    const record = async (p: Promise<Response>) => {
      const res = await p;
      statuses.push(res.status);
      await res.arrayBuffer();
    };
    for (const format of ['', '?format=file', '?format=review']) {
      await record(upload(csv, `${MARKER}.csv`, { product: PRODUCT }, format));
      await record(upload(xlsx, `${MARKER}.xlsx`, { product: PRODUCT }, format));
    }
    // refusals whose messages may echo what was sent
    await record(upload(csv, 'q.csv', { product: MARKER }));
    await record(upload(csv, 'q.csv', { product: PRODUCT, sheet: MARKER, choices: JSON.stringify({ [MARKER]: MARKER }) }));
    await record(upload(csv, 'q.csv', { product: PRODUCT, choices: JSON.stringify({ 2: MARKER }) }));
    await record(upload(strToU8(`not a zip ${MARKER}`), 'q.xlsx', { product: PRODUCT }));
    await record(upload(xlsx.slice(0, xlsx.length - 30), 'q.xlsx', { product: PRODUCT }));
    await record(upload(strToU8(`a,b\n${MARKER},${MARKER}\n`), 'q.csv', { product: PRODUCT }));
    // the public lookup and pages, which echo the question
    await record(SELF.fetch(`${BASE}/api/lookup?q=${encodeURIComponent(MARKER)}`));
    await record(SELF.fetch(`${BASE}/api/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"question": "${MARKER}"` }));
    await record(SELF.fetch(`${BASE}/?q=${encodeURIComponent(MARKER)}&product=${encodeURIComponent(MARKER)}`));
    await record(SELF.fetch(`${BASE}/api/units/${encodeURIComponent(MARKER)}`));

    // the uploads really went through (200) and the refusals really were refusals (4xx)
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6).every((s) => s >= 200 && s < 500)).toBe(true);
    expect(loggedLines().filter((l) => l.includes(MARKER))).toEqual([]);
  });
});
