// Issue 19 in the Workers pool (workerd, SELF.fetch): every crafted .xlsx of
// test/hostile/files.ts EXPANDING_XLSX is answered or refused with its measure (never a 5xx), a
// compound file (.xls, here one whose FAT chain loops) is refused before anything parses it, and
// the Worker keeps answering lookups in between.
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/corpus/store';
import { ErrorBodySchema } from '../../src/http/errors';
import * as H from '../hostile/files';
import { fetchPath } from './fuzz-support';

async function upload(bytes: Uint8Array, name: string, type: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type }));
  form.append('product', PRODUCTS[0] ?? '');
  return fetchPath('/api/questionnaire', { method: 'POST', body: form });
}

async function lookupStillAnswers(): Promise<void> {
  const res = await fetchPath('/api/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'データのバックアップは取得していますか', product: PRODUCTS[0] }) });
  expect(res.status).toBe(200);
}

describe('issue 19: structures SheetJS expanded, in workerd', () => {
  it.each(Object.entries(H.EXPANDING_XLSX))('%s', async (_name, { build, expect: want }) => {
    const res = await upload(build(), 'q.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status).toBe(want.status);
    if (want.status === 413) {
      const body = ErrorBodySchema.parse(await res.json());
      expect(body.error.code).toBe('workbook_too_complex');
      expect(body.error.details).toMatchObject({ measure: want.measure });
      expect(body.error.message_ja).toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
    } else await res.arrayBuffer();
    await lookupStillAnswers();
  });
});

describe('issue 19: .xls is refused before anything parses it', () => {
  it('a 6.6 KB compound file whose FAT has a 2-sector cycle → 415 xls_not_supported, at once', async () => {
    const bytes = H.cfbWithFatCycle();
    expect(bytes.length).toBeLessThan(8_000);
    const t = Date.now();
    const res = await upload(bytes, 'q.xls', 'application/vnd.ms-excel');
    expect(res.status).toBe(415);
    expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('xls_not_supported');
    expect(Date.now() - t).toBeLessThan(2_000);
    await lookupStillAnswers();
  });
});
