/// <reference types="vite/client" />
// The real, published templates through POST /api/questionnaire in workerd: the sheet decision,
// the filled file (which passed the write check inside the Worker), the 422 for a template with
// nowhere to write, and the Unicode-text / .xls formats at the HTTP edge.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { ErrorBodySchema } from '../../src/http/errors';
import { QuestionnaireResponseSchema } from '../../src/questionnaire/schema';
import hecvatUrl from '../fixtures/real/en-hecvat-4.1.4-blank.xlsx?url&inline';
import masvsUrl from '../fixtures/real/ja-owasp-masvs-2.0.0.xlsx?url&inline';
import mstgUrl from '../fixtures/real/ja-owasp-mstg-checklist-1.2.xlsx?url&inline';
import { buildTinyXls } from '../node/questionnaire-fixtures';

function dataUrlBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  return Uint8Array.from(atob(url.slice(comma + 1)), (c) => c.charCodeAt(0));
}

function upload(bytes: Uint8Array, name: string, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes], name));
  form.append('product', 'LeySer System');
  return SELF.fetch(`http://kaitou.test/api/questionnaire${query}`, { method: 'POST', body: form });
}

describe('real templates in workerd', () => {
  it('HECVAT 4.1.4: the eight response sheets, 376 questions; the filled workbook comes back with every sheet', async () => {
    const bytes = dataUrlBytes(hecvatUrl);
    const res = await upload(bytes, 'hecvat.xlsx');
    expect(res.status).toBe(200);
    const body = QuestionnaireResponseSchema.parse(await res.json());
    expect(body.layout.sheets).toHaveLength(8);
    expect(body.totals.questions).toBe(376);
    expect(body.notices.map((n) => n.code)).toEqual(['japanese_answers_in_english_questionnaire']);
    const file = await upload(bytes, 'hecvat.xlsx', '?format=file');
    expect(file.status).toBe(200);
    const wb = XLSX.read(new Uint8Array(await file.arrayBuffer()), { type: 'array' });
    expect(wb.SheetNames).toHaveLength(15);
  });

  it('MSTG (Japanese): 168 requirements, filled file returned', async () => {
    const bytes = dataUrlBytes(mstgUrl);
    const res = await upload(bytes, 'mstg.xlsx', '?format=file');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('mstg_filled.xlsx');
  });

  it('MASVS: nowhere to write → 422 no_answer_column with every sheet and its reason', async () => {
    const res = await upload(dataUrlBytes(masvsUrl), 'masvs.xlsx');
    expect(res.status).toBe(422);
    const body = ErrorBodySchema.parse(await res.json());
    expect(body.error.code).toBe('no_answer_column');
    expect(body.error.message_ja).toContain('About');
  });

  it('Unicode text (UTF-16LE, tabs) is read and written back as UTF-16 with its BOM', async () => {
    const text = '#\tQuestion\tResponse\tComments\r\n1\tIs customer data encrypted in transit?\t\t\r\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfeff, true);
    for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), true);
    const res = await upload(bytes, 'q.txt', '?format=file');
    expect(res.status).toBe(200);
    const out = new Uint8Array(await res.arrayBuffer());
    expect([out[0], out[1]]).toEqual([0xff, 0xfe]);
    expect(new TextDecoder('utf-16le').decode(out.subarray(2))).toContain('Is customer data encrypted in transit?');
  });

  it('.xls: refused (415 xls_not_supported) for every output, with the fix in the message', async () => {
    const bytes = buildTinyXls();
    for (const query of ['', '?format=file', '?format=review']) {
      const res = await upload(bytes, 'q.xls', query);
      expect(res.status, query).toBe(415);
      const body = ErrorBodySchema.parse(await res.json());
      expect(body.error.code).toBe('xls_not_supported');
      expect(body.error.message_ja).toContain('.xlsx');
    }
  });
});
