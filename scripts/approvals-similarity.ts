// npm run approvals:similarity: how often would a `similar_approval` suggestion be wrong?
// Each labelled set in turn is "approved" (every answerable row: its question → its gold units,
// for its product), and every row of the other sets is probed against those approvals with the
// same applicability rules as the Worker (src/approvals/library.ts). A suggestion is
//  - useful when the approved units include one of the probe's gold units,
//  - false when they do not (or the probe has no answer in the documents).
// Printed per Dice threshold, with exact (normalized) matches between sets alongside. This is
// how SIMILAR_MIN_DICE (src/approvals/similarity.ts) was chosen; figures in docs/approvals.md.
import path from 'node:path';
import { loadLabelledRows, type LabelledRow } from './lib/evaluate';
import { applicableUnitIds, BUNDLED_CORPUS } from '../src/approvals/library';
import { BigramSimilarityIndex, SIMILAR_MIN_DICE, questionKey } from '../src/approvals/similarity';
import type { Approval } from '../src/approvals/schema';

const ROOT = path.resolve(import.meta.dirname, '..');
const SETS: Record<string, string> = {
  dev: path.resolve(ROOT, '../shared/eval/dev.jsonl'),
  'real-ja': path.resolve(ROOT, '../shared/eval/real-ja-dev.jsonl'),
  'real-en': path.resolve(ROOT, '../shared/eval/real-en-dev.jsonl'),
  holdout: path.resolve(ROOT, 'test/eval/holdout.jsonl'),
};
const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9];

const rows = Object.fromEntries(Object.entries(SETS).map(([name, file]) => [name, loadLabelledRows(file)])) as Record<string, LabelledRow[]>;

function approvalsOf(set: LabelledRow[]): Approval[] {
  return set.filter((r) => r.gold.length > 0).map((r, i) => ({ id: `a${i}`, question: r.question, product: r.product ?? null, unitIds: r.gold.slice(0, 3), approvedBy: null, approvedAt: '2026-01-01T00:00:00.000Z', sources: [] }));
}

interface Tally {
  probes: number;
  suggested: number;
  useful: number;
  wrong: number;
  examples: string[];
}

console.log(`approvals similarity: Dice over the questions' tokens (Japanese character bigrams, other words whole); shipped threshold ${SIMILAR_MIN_DICE}`);
console.log('approved set → probed with the other sets: suggestions per threshold (useful / false)\n');
const header = ['approved', 'probes', 'exact', ...THRESHOLDS.map((t) => `≥${t.toFixed(2)}`)];
console.log(header.map((h, i) => h.padEnd(i === 0 ? 10 : 12)).join(''));
const totals = new Map<number, Tally>(THRESHOLDS.map((t) => [t, { probes: 0, suggested: 0, useful: 0, wrong: 0, examples: [] }]));
let totalExact = 0;
let totalProbes = 0;
for (const [name, set] of Object.entries(rows)) {
  const approvals = approvalsOf(set);
  const index = new BigramSimilarityIndex(approvals.map((a) => a.question));
  const exactKeys = new Set(approvals.map((a) => questionKey(a.question)));
  const probes = Object.entries(rows)
    .filter(([other]) => other !== name)
    .flatMap(([, r]) => r);
  const cells: string[] = [];
  const exact = probes.filter((p) => exactKeys.has(questionKey(p.question))).length;
  totalExact += exact;
  totalProbes += probes.length;
  for (const t of THRESHOLDS) {
    const tally = totals.get(t)!;
    let useful = 0;
    let wrong = 0;
    for (const p of probes) {
      const product = p.product ?? undefined;
      const hit = index
        .search(p.question, t)
        .map((h) => ({ ...h, a: approvals[h.entry]! }))
        .find((h) => applicableUnitIds(h.a, product, BUNDLED_CORPUS).length > 0);
      if (!hit) continue;
      const units = applicableUnitIds(hit.a, product, BUNDLED_CORPUS);
      if (units.some((u) => p.gold.includes(u))) useful++;
      else {
        wrong++;
        if (t === SIMILAR_MIN_DICE || tally.examples.length < 3) tally.examples.push(`${hit.similarity.toFixed(2)} 「${p.question.slice(0, 50)}」 ~ 「${hit.a.question.slice(0, 50)}」`);
      }
    }
    tally.probes += probes.length;
    tally.suggested += useful + wrong;
    tally.useful += useful;
    tally.wrong += wrong;
    cells.push(`${useful}/${wrong}`);
  }
  console.log([name, String(probes.length), String(exact), ...cells].map((h, i) => h.padEnd(i === 0 ? 10 : 12)).join(''));
}
console.log(['all', String(totalProbes), String(totalExact), ...THRESHOLDS.map((t) => `${totals.get(t)!.useful}/${totals.get(t)!.wrong}`)].map((h, i) => h.padEnd(i === 0 ? 10 : 12)).join(''));
// Harder: every row of every set approved at once, each row probed against all approvals but its
// own (template-like questions within a set — 「ログは取得していますか」 vs 「バックアップは取得していますか」 — meet here).
const everyRow = Object.entries(rows).flatMap(([name, r]) => r.map((row) => ({ name, row })));
const all = everyRow.filter((x) => x.row.gold.length > 0).map((x, i) => ({ ...approvalsOf([x.row])[0]!, id: `all${i}`, origin: x.row }));
const allIndex = new BigramSimilarityIndex(all.map((a) => a.question));
console.log(`\nall ${all.length} answerable rows approved; each of the ${everyRow.length} rows probed against the others' approvals:`);
for (const t of THRESHOLDS) {
  let useful = 0;
  let wrong = 0;
  const wrongExamples: string[] = [];
  const usefulExamples: string[] = [];
  for (const { row: p } of everyRow) {
    const product = p.product ?? undefined;
    const hit = allIndex
      .search(p.question, t)
      .map((h) => ({ ...h, a: all[h.entry]! }))
      .find((h) => h.a.origin !== p && applicableUnitIds(h.a, product, BUNDLED_CORPUS).length > 0);
    if (!hit) continue;
    const units = applicableUnitIds(hit.a, product, BUNDLED_CORPUS);
    const line = `${hit.similarity.toFixed(2)} 「${p.question.replace(/\s+/g, ' ').slice(0, 45)}」 ~ 「${hit.a.question.replace(/\s+/g, ' ').slice(0, 45)}」`;
    if (units.some((u) => p.gold.includes(u))) {
      useful++;
      usefulExamples.push(line);
    } else {
      wrong++;
      wrongExamples.push(line);
    }
  }
  console.log(`  ≥${t.toFixed(2)}: ${useful + wrong} suggestions, ${useful} useful, ${wrong} false (${useful + wrong ? ((100 * wrong) / (useful + wrong)).toFixed(0) : '–'}%)`);
  for (const e of wrongExamples.slice(0, 4)) console.log(`      false:  ${e}`);
  for (const e of usefulExamples.slice(0, 2)) console.log(`      useful: ${e}`);
}

// Recall: the same questions reworded the way customers' sheets differ (general rewrites, applied
// to every row that has the wording; none is keyed to a labelled row). The approval of the
// original should be suggested for its rewording, and nothing else.
const REWRITES: [string, (q: string) => string | null][] = [
  ['していますか → されていますか', (q) => (q.includes('していますか') ? q.replace('していますか', 'されていますか') : null)],
  ['ですか → でしょうか', (q) => (q.includes('ですか') ? q.replace('ですか', 'でしょうか') : null)],
  ['prefix 貴社では、', (q) => (/[ぁ-んァ-ン一-龥]/.test(q) ? `貴社では、${q}` : null)],
  ['suffix （はい／いいえでご回答ください）', (q) => (/[ぁ-んァ-ン一-龥]/.test(q) ? `${q}（はい／いいえでご回答ください）` : null)],
  ['Do you → Does your organization', (q) => (/^Do you /.test(q) ? q.replace(/^Do you /, 'Does your organization ') : null)],
  ['prefix "Please confirm: "', (q) => (/^[A-Z]/.test(q) ? `Please confirm: ${q}` : null)],
];
console.log('\nrewordings of approved questions (all answerable rows approved): own approval suggested / another suggested / none');
for (const t of THRESHOLDS) {
  let own = 0;
  let other = 0;
  let none = 0;
  for (const a of all) {
    for (const [, rewrite] of REWRITES) {
      const q = rewrite(a.question);
      if (q === null) continue;
      const product = a.product ?? undefined;
      const hit = allIndex
        .search(q, t)
        .map((h) => ({ ...h, a: all[h.entry]! }))
        .find((h) => applicableUnitIds(h.a, product, BUNDLED_CORPUS).length > 0);
      if (!hit) none++;
      else if (hit.a === a || hit.a.unitIds.some((u) => a.unitIds.includes(u))) own++;
      else other++;
    }
  }
  console.log(`  ≥${t.toFixed(2)}: ${own} / ${other} / ${none}  (recall ${((100 * own) / (own + other + none)).toFixed(0)}%)`);
}

console.log('\nfalse suggestions (examples):');
for (const t of THRESHOLDS) {
  const tally = totals.get(t)!;
  const rate = tally.suggested ? ((100 * tally.wrong) / tally.suggested).toFixed(0) : '–';
  console.log(`  ≥${t.toFixed(2)}: ${tally.wrong} false of ${tally.suggested} suggestions (${rate}%) over ${tally.probes} probes`);
  for (const e of tally.examples.slice(0, 3)) console.log(`      ${e}`);
}
