import { syntheticApprovalLines } from './approvals';
import { questionKey, similarityTokens, BigramSimilarityIndex } from '../../src/approvals/similarity';
const lines = await syntheticApprovalLines(10000);
const qs = lines.map((l) => l.question);
for (let k = 0; k < 3; k++) {
  let t = performance.now(); for (const q of qs) questionKey(q); const a = performance.now() - t;
  t = performance.now(); for (const q of qs) similarityTokens(q); const b = performance.now() - t;
  t = performance.now(); new BigramSimilarityIndex(qs); const c = performance.now() - t;
  console.log('key', a.toFixed(1), 'tokens', b.toFixed(1), 'index', c.toFixed(1));
}
