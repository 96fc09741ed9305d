// The 1,000-row questionnaire end to end: an XLSX generated with SheetJS from the sample
// checklist's questions (repeated), uploaded to `wrangler dev` as a browser would, answered and
// returned as the filled file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { ROOT, stats, type Stats } from './util';

const FIXTURE = path.join(ROOT, 'test/fixtures/school-cloud-checklist.xlsx');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A workbook shaped like the fixture (No. / 分類 / 確認項目 / 回答 / 補足説明) with `rows` questions:
 * the fixture's questions repeated. The pipeline looks identical questions up once, so with
 * `distinct` every row gets its own item number in the text（No.123）, and all rows are searched.
 */
export async function questionnaireXlsx(rows: number, marker: string, distinct: boolean): Promise<{ bytes: Uint8Array; distinctQuestions: number }> {
  const fixture = XLSX.read(await readFile(FIXTURE), { type: 'buffer' });
  const sheet = fixture.Sheets['チェックシート'];
  if (!sheet) throw new Error('fixture has no チェックシート sheet');
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false });
  const questions = aoa.map((r) => r[2]).filter((v): v is string => typeof v === 'string' && v.length > 8 && v !== '確認項目');
  if (questions.length === 0) throw new Error('no questions found in the fixture');
  const data: unknown[][] = [['No.', '分類', '確認項目', '回答', '補足説明']];
  for (let i = 0; i < rows; i++) {
    // One row carries the log-scan marker, as customer content would.
    const base = questions[i % questions.length] ?? '';
    const q = distinct ? `${base}（No.${i + 1}）` : base;
    data.push([i + 1, '', i === Math.floor(rows / 2) ? `${q}（${marker}）` : q, '', '']);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(data), 'チェックシート');
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
  return { bytes: new Uint8Array(out), distinctQuestions: distinct ? rows : Math.min(rows, questions.length) + 1 };
}

export interface QuestionnaireRun {
  questions: number;
  answered: number;
  needsReview: number;
  noMatch: number;
  /** POST …?format=json, once (checks the rows were all read). */
  jsonMs: number;
  /** POST …?format=file (the filled workbook back), timed `runs` times. */
  file: Stats;
  outputBytes: number;
}

async function post(url: string, bytes: Uint8Array, product: string, format: 'json' | 'file', marker: string): Promise<{ ms: number; res: Response; body: ArrayBuffer }> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: XLSX_TYPE }), `bench-${marker}.xlsx`);
  form.append('product', product);
  const t = performance.now();
  const res = await fetch(`${url}/api/questionnaire?format=${format}`, { method: 'POST', body: form });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`questionnaire ${format} answered ${res.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
  return { ms, res, body };
}

export async function runQuestionnaire(url: string, bytes: Uint8Array, product: string, runs: number, marker: string): Promise<QuestionnaireRun> {
  const json = await post(url, bytes, product, 'json', marker);
  const totals = (JSON.parse(new TextDecoder().decode(json.body)) as { totals: { questions: number; answered: number; needs_review: number; no_match: number } }).totals;
  const samples: number[] = [];
  let outputBytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await post(url, bytes, product, 'file', marker);
    if (r.res.headers.get('content-type') !== XLSX_TYPE) throw new Error(`filled file has type ${r.res.headers.get('content-type')}`);
    samples.push(r.ms);
    outputBytes = r.body.byteLength;
  }
  return { questions: totals.questions, answered: totals.answered, needsReview: totals.needs_review, noMatch: totals.no_match, jsonMs: json.ms, file: stats(samples), outputBytes };
}
