// Issue 19 (low): the questionnaire's JSON reply is streamed row batch by row batch, byte for byte
// what JSON.stringify gives (the reply for 5,000 rows was 25–31 MB built whole in memory).
import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { jsonStream } from '../../src/questionnaire/json-stream';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';

async function text(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return { text: new TextDecoder().decode(Buffer.concat(parts)), chunks: parts.length };
}

describe('issue 19 low: the questionnaire JSON reply is streamed', () => {
  it('a 250-row questionnaire: the same bytes as JSON.stringify, in several chunks', async () => {
    const lines = ['質問,回答,備考'];
    for (let i = 0; i < 250; i++) lines.push(`データのバックアップは取得していますか（${i}）。,,`);
    const res = processQuestionnaire({ bytes: strToU8(`${lines.join('\n')}\n`), fileName: 'q.csv', contentType: '', product: 'LeySerKids' }).response;
    const out = await text(jsonStream(res as unknown as Record<string, unknown>, 'rows', 100));
    expect(out.text).toBe(JSON.stringify(res));
    expect(out.chunks).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['empty array', { a: 1, rows: [], b: 'x' }],
    ['array last', { a: 1, rows: [1, { c: 'ü"\\n' }, null] }],
    ['array first, undefined fields dropped', { rows: [1, 2, 3], skip: undefined, z: [1] }],
    ['no array', { a: 1 }],
  ])('%s', async (_name, value) => {
    expect((await text(jsonStream(value as Record<string, unknown>, 'rows', 2))).text).toBe(JSON.stringify(value));
  });
});
