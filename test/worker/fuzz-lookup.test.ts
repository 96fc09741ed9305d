// Property-based tests of the JSON API (POST/GET /api/lookup, /api/units/:id, /api/documents,
// /api/products, unknown routes) through SELF.fetch in workerd: random JSON, wrong types, huge
// strings, control characters, lone surrogates, every Unicode plane, random bytes and headers.
// Invariants (fuzz-support.ts): never a 5xx, security headers, every error a known code with
// English and Japanese messages; successful lookups match the published contract.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LookupResponseSchema, MAX_LIMIT, MAX_QUESTION_CHARS } from '../../src/search/contract';
import { PRODUCTS } from '../../src/corpus/store';
import { anyPlaneChar, checkResponse, controlChar, domainWord, fetchPath, hostileString, hugeString, loneSurrogate, percentEncodeBytes, queryString } from './fuzz-support';

// One seed per run is printed by fast-check on failure; the run size is the budget of this file.
const RUNS = { body: 1500, typed: 1500, raw: 700, get: 1500, units: 700, misc: 400 };

const question = fc.oneof(
  { weight: 3, arbitrary: hostileString(40) },
  { weight: 2, arbitrary: fc.array(domainWord, { minLength: 1, maxLength: 6 }).map((w) => w.join('')) },
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.array(fc.oneof(controlChar, loneSurrogate, anyPlaneChar), { maxLength: 30 }).map((a) => a.join('')),
  { weight: 1, arbitrary: hugeString },
  fc.constantFrom('', ' ', '\u3000', 'あ'.repeat(MAX_QUESTION_CHARS), `${'あ'.repeat(MAX_QUESTION_CHARS)}い`, ` ${'a'.repeat(MAX_QUESTION_CHARS)} `),
);

/** Any JSON value, including wrong types where the contract wants strings and integers. */
const anyJson = fc.jsonValue({ maxDepth: 4 });

const product = fc.oneof(fc.constantFrom(...PRODUCTS), hostileString(10), fc.constant(undefined), anyJson);
const limit = fc.oneof(fc.integer({ min: -5, max: MAX_LIMIT + 5 }), fc.double(), fc.string({ maxLength: 4 }), fc.constant(undefined), anyJson, fc.constantFrom('1e1', '0x10', ' 3 ', 'Infinity', '-0'));

const lookupBody = fc.record({ question: fc.oneof({ weight: 4, arbitrary: question }, anyJson), product, limit, extra: anyJson }, { requiredKeys: [] });

function postLookup(body: string | Uint8Array, contentType = 'application/json') {
  return fetchPath('/api/lookup', { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function expectLookupOk(res: Response): Promise<number> {
  const checked = await checkResponse(res, 'api');
  if (checked.status === 200) LookupResponseSchema.parse(JSON.parse(checked.text ?? ''));
  else expect([400, 413, 415]).toContain(checked.status);
  return checked.status;
}

describe('fuzz POST /api/lookup', () => {
  it('well-formed JSON objects with hostile and mistyped fields', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(lookupBody, async (body) => {
        if ((await expectLookupOk(await postLookup(JSON.stringify(body)))) === 200) answered++;
      }),
      { numRuns: RUNS.body },
    );
    // Mistyped fields are refused, but enough bodies must get through to the search itself.
    expect(answered / RUNS.body).toBeGreaterThan(0.05);
  });

  it('any JSON value as the body, and JSON with a random content type', async () => {
    const contentType = fc.oneof(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'multipart/form-data; boundary=x', ''),
      fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    );
    await fc.assert(
      fc.asyncProperty(anyJson, contentType, async (body, type) => {
        await expectLookupOk(await postLookup(JSON.stringify(body), type));
      }),
      { numRuns: RUNS.typed },
    );
  });

  it('raw bytes and broken JSON text', async () => {
    const raw = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      hostileString(60).map((s) => new TextEncoder().encode(s)),
      // valid JSON cut short, or with one byte flipped
      fc.tuple(lookupBody, fc.nat(), fc.nat(255)).map(([b, cut, flip]) => {
        const bytes = new TextEncoder().encode(JSON.stringify(b));
        const out = bytes.slice(0, bytes.length ? cut % (bytes.length + 1) : 0);
        if (out.length) {
          const i = flip % out.length;
          out[i] = (out[i] ?? 0) ^ (flip || 1);
        }
        return out;
      }),
      // deeply nested arrays/objects: JSON.parse recursion
      fc.integer({ min: 1, max: 6000 }).map((d) => new TextEncoder().encode(`${'['.repeat(d)}${']'.repeat(d)}`)),
      fc.integer({ min: 1, max: 6000 }).map((d) => new TextEncoder().encode(`${'{"question":'.repeat(d)}"x"${'}'.repeat(d)}`)),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (bytes) => {
        await expectLookupOk(await postLookup(bytes));
      }),
      { numRuns: RUNS.raw },
    );
  });
});

describe('fuzz GET /api/lookup', () => {
  it('random query strings (invalid percent-encoding, repeated and bare keys)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(queryString(['q', 'question', 'product', 'limit']), async (qs) => {
        if ((await expectLookupOk(await fetchPath(`/api/lookup${qs}`))) === 200) answered++;
      }),
      { numRuns: RUNS.get },
    );
    expect(answered / RUNS.get).toBeGreaterThan(0.05);
  });
});

describe('fuzz GET /api/units/:id and the other JSON routes', () => {
  it('random unit ids: a unit or 404 unit_not_found', async () => {
    const id = fc.oneof(
      hostileString(20).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
      fc.uint8Array({ minLength: 1, maxLength: 30 }).map(percentEncodeBytes),
      fc.constantFrom('leyser-checksheet-mic%2325', 'leyser-checksheet-mic#25', '..%2F..%2Fetc', '%', '%%', '%E0%A4%A', 'a/b', ''),
    );
    await fc.assert(
      fc.asyncProperty(id, async (raw) => {
        const checked = await checkResponse(await fetchPath(`/api/units/${raw}`), 'api');
        if (checked.status !== 200) {
          expect(checked.status).toBe(404);
          expect(['unit_not_found', 'not_found']).toContain(checked.code);
        }
      }),
      { numRuns: RUNS.units },
    );
  });

  it('random methods, paths and query strings on the API prefix', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
    const path = fc.oneof(
      fc.constantFrom('/api/documents', '/api/products', '/api/lookup', '/api/units/x', '/api/questionnaire', '/api', '/api/', '/api/documents/'),
      fc.string({ maxLength: 20 }).map((s) => `/api/${encodeURIComponent(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(method, path, queryString(['q', 'format', 'limit']), hostileString(20), async (m, p, qs, body) => {
        const init: RequestInit = { method: m };
        if (m !== 'GET' && m !== 'HEAD') init.body = body.replace(/[\ud800-\udfff]/g, '');
        const res = await fetchPath(`${p}${qs}`, init);
        // HEAD responses have no body to check.
        if (m === 'HEAD') {
          expect(res.status).toBeLessThan(500);
          await res.arrayBuffer();
          return;
        }
        await checkResponse(res, 'api');
      }),
      { numRuns: RUNS.misc },
    );
  });
});
