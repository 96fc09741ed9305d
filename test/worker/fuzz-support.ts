// Shared pieces of the property-based tests (test/worker/fuzz-*.test.ts): the response invariants
// every endpoint must keep, and the string/byte generators for hostile input. Not a test file
// itself (no .test.ts suffix), so vitest only loads it through the fuzz files.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import fc from 'fast-check';
import { ErrorBodySchema } from '../../src/http/errors';
import { ERROR_CODES } from '../../src/messages/catalog';

export const BASE = 'https://kaitou.test';

/**
 * Every error code the Worker may answer with: the catalog's (src/messages/catalog.ts), except
 * internal_error, so a 500 fails the properties.
 */
export const KNOWN_ERROR_CODES = new Set<string>(ERROR_CODES.filter((code) => code !== 'internal_error'));

/** Hiragana, katakana or kanji: the Japanese message is really Japanese, not a copy of the English one. */
export const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** The security headers worker.ts sets on every response (hono/secure-headers + our CSP). */
export function expectSecurityHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('strict-transport-security')).toBeTruthy();
  expect(res.headers.get('permissions-policy') ?? '').toContain('camera=()');
}

/** Checks the error body of a non-2xx JSON response and returns its code. */
export async function expectErrorBody(res: Response): Promise<string> {
  expect(res.headers.get('content-type') ?? '').toContain('application/json');
  const body = ErrorBodySchema.parse(await res.json());
  expect(KNOWN_ERROR_CODES, `unknown error code ${body.error.code}`).toContain(body.error.code);
  expect(body.error.message.trim().length).toBeGreaterThan(0);
  expect(body.error.message_ja).toMatch(JAPANESE);
  return body.error.code;
}

export interface Checked {
  status: number;
  /** The error code for a non-2xx API response, else null. */
  code: string | null;
  /** The response text when it was not consumed as an error body. */
  text: string | null;
}

/**
 * The invariants every response keeps, whatever the input: no 5xx, security headers, and for the
 * JSON API every non-2xx carries {error:{code,message,message_ja}} with a known code. HTML pages
 * answer their errors as pages (400/404/429 HTML), so only their status and headers are checked.
 */
export async function checkResponse(res: Response, kind: 'api' | 'page'): Promise<Checked> {
  expect(res.status, `status ${res.status}`).toBeLessThan(500);
  expectSecurityHeaders(res);
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  if (res.status >= 300 && (kind === 'api' || isJson)) {
    return { status: res.status, code: await expectErrorBody(res), text: null };
  }
  // Binary bodies (the filled workbook) are drained as bytes: .text() on them makes workerd warn.
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('text/') && !isJson) {
    await res.arrayBuffer();
    return { status: res.status, code: null, text: null };
  }
  return { status: res.status, code: null, text: await res.text() };
}

export function fetchPath(path: string, init?: RequestInit): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, init);
}

// ---- generators ---------------------------------------------------------------------------

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));

/** C0/C1 controls, DEL, bidi overrides, line/paragraph separators, BOM, non-characters. */
export const controlChar = fc.oneof(codePoint(0x00, 0x1f), codePoint(0x7f, 0x9f), fc.constantFrom('\u2028', '\u2029', '\u202e', '\u200b', '\ufeff', '\ufffe', '\uffff', '\u0000'));

/** A lone (unpaired) UTF-16 surrogate: valid in a JS string, not encodable as UTF-8. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** One code point from any of the 17 Unicode planes (surrogate code points excluded). */
export const anyPlaneChar = fc
  .integer({ min: 0, max: 16 })
  .chain((plane) => fc.integer({ min: plane * 0x10000, max: plane * 0x10000 + 0xffff }))
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

/** Security-questionnaire-ish words and markup, so generated text sometimes reaches the index. */
export const domainWord = fc.constantFrom(
  'バックアップ',
  '暗号化',
  'ログ',
  'データセンター',
  'パスワード',
  '多要素認証',
  'Is data encrypted?',
  'backup',
  'ですか。',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  '{{7*7}}',
  '../../etc/passwd',
  '%00',
  '&amp;&#x110000;',
);

/** Hostile text: mixes all of the above with plain ASCII. */
export const hostileString = (maxLength = 60) => fc.array(fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 8 }) }, controlChar, loneSurrogate, anyPlaneChar, domainWord), { maxLength }).map((parts) => parts.join(''));

/** A huge string without generating every character: a random piece repeated. */
export const hugeString = fc
  .tuple(fc.oneof(hostileString(4), fc.constantFrom('あ', 'a', ' ', ',', '\n', '𠮷')), fc.integer({ min: 1_000, max: 200_000 }))
  .map(([piece, n]) => (piece === '' ? 'x' : piece).repeat(Math.ceil(n / Math.max(1, (piece === '' ? 'x' : piece).length))).slice(0, n));

/** Percent-encodes a string byte-wise; invalid UTF-8 and lone surrogates stay as raw %XX bytes. */
export function percentEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return out;
}

/** A query-string value: sometimes properly encoded text, sometimes raw bytes (invalid UTF-8 too). */
export const queryValue = fc.oneof(
  hostileString(30).map((s) => percentEncodeBytes(encodeUtf16Lossy(s))),
  fc.uint8Array({ maxLength: 40 }).map(percentEncodeBytes),
  fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '+', '%2B', '&', '=', '%25', '', 'q=q'),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[#\s]/g, '')),
);

/** UTF-8 of a string that may hold lone surrogates (TextEncoder turns them into U+FFFD). */
export function encodeUtf16Lossy(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A random query string with the given keys sometimes present, sometimes repeated or bare. */
export const queryString = (keys: readonly string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...keys),
          fc.string({ maxLength: 6 }).map((s) => encodeURIComponent(s)),
        ),
        queryValue,
        fc.boolean(),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v, bare]) => (bare && v === '' ? k : `${k}=${v}`)).join('&')}` : ''));
