// The questionnaire review (POST /api/questionnaire?format=html) for a 4,999-row workbook, rendered
// whole or streamed row by row (src/web/review.tsx reviewStream), under a capped V8 old space:
//   for lim in 64 120 160; do for m in whole stream; do
//     NODE_OPTIONS="--expose-gc --max-old-space-size=$lim" npx tsx scripts/bench/review-memory.ts $m; done; done
// Measured: streamed completes at 64 MB; whole fails at 120 MB and completes at 160 MB.
import { questionnaireXlsx } from './questionnaire';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { QuestionnaireReview, reviewStream } from '../../src/web/review';

const mode = process.argv[2] === 'whole' ? 'whole' : 'stream';
const { bytes } = await questionnaireXlsx(4999, 'm', true);
const out = processQuestionnaire({ bytes, fileName: 'q.xlsx', contentType: '', product: 'LeySerKids', overrides: {}, choices: {} });
(globalThis as { gc?: () => void }).gc?.();
const base = process.memoryUsage().heapUsed;
const t = performance.now();
let total = 0;
if (mode === 'whole') total = new TextEncoder().encode(String(QuestionnaireReview({ res: out.response }))).length;
else {
  const reader = reviewStream(out.response).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
  }
}
console.log(`${mode}: ${out.response.rows.length} rows, ${(total / 1048576).toFixed(1)} MB of HTML in ${(performance.now() - t).toFixed(0)} ms; heap before rendering ${(base / 1048576).toFixed(0)} MB`);
