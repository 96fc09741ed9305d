import { readFileSync } from 'node:fs';
import { processQuestionnaire } from '../src/questionnaire/pipeline';
const [file, product] = process.argv.slice(2);
const o = processQuestionnaire({ bytes: new Uint8Array(readFileSync(file!)), fileName: file!, contentType: '', product: product! });
for (const r of o.response.rows.filter((r) => r.citations.length > 0)) {
  console.log(`${r.key} [${r.best?.mark?.printed ?? ''}] A=${JSON.stringify(r.filled.answer)} | Q: ${r.question.slice(0, 90).replace(/\n/g, ' ')} | U: ${r.best?.answer.slice(0, 70).replace(/\n/g, ' ')} | ${r.messages.filter((m) => m.startsWith('answer left')).join(';')}`);
}
console.log(JSON.stringify(o.response.totals), JSON.stringify(o.response.notices.map((n) => n.code)));
