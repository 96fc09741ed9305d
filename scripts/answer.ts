// CLI for sales operations: fill a questionnaire from the published documents with the same code
// as POST /api/questionnaire.
//   npm run answer -- <file> --product <name> [--out filled.xlsx] [--review review.csv]
//                     [--sheet <name>] [--header-row <n>] [--question-column <C>]
//                     [--answer-column <D>] [--remarks-column <E>] [--overwrite-placeholders]
//                     [--approvals export.jsonl] [--json]
//                     [--no-markers] [--no-citations]   (the file to send: no 【要確認】 markers / no citation line)
// --approvals: approved answers from a local export (GET /api/approvals/export, or /approvals →
// エクスポート), applied as the Worker applies them from D1.
// Prints one summary line (counts only, no questionnaire content).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../src/messages/error';
import { PRODUCTS } from '../src/corpus/store';
import { overridesFromFields, processQuestionnaire } from '../src/questionnaire/pipeline';
import { QuestionnaireFieldsSchema } from '../src/questionnaire/schema';
import { parseLines, makeApproval } from '../src/approvals/approve';
import { ApprovalLibrary } from '../src/approvals/library';
import { applyApprovals, type ApprovalsState } from '../src/approvals/apply';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'usage: npm run answer -- <file> --product <name> [--out filled.xlsx] [--review review.csv] [--sheet S] [--header-row N] [--question-column C] [--answer-column D] [--remarks-column E] [--overwrite-placeholders] [--approvals export.jsonl] [--no-markers] [--no-citations] [--json]',
  );
  console.error(`products: ${PRODUCTS.join(', ')}`);
  process.exit(2);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      product: { type: 'string' },
      out: { type: 'string' },
      review: { type: 'string' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      'question-column': { type: 'string' },
      'answer-column': { type: 'string' },
      'remarks-column': { type: 'string' },
      approvals: { type: 'string' },
      'overwrite-placeholders': { type: 'boolean' },
      json: { type: 'boolean' },
      // The file to send (as ?markers=none / &citations=none): no 【要確認】 markers; no citation line.
      'no-markers': { type: 'boolean' },
      'no-citations': { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file) usage('missing <file>');
  if (!values.product) usage('missing --product');

  const fields = QuestionnaireFieldsSchema.safeParse({
    product: values.product,
    sheet: values.sheet,
    headerRow: values['header-row'],
    questionColumn: values['question-column'],
    answerColumn: values['answer-column'],
    remarksColumn: values['remarks-column'],
    overwritePlaceholders: values['overwrite-placeholders'] ? 'true' : undefined,
  });
  if (!fields.success) usage(`invalid option: ${fields.error.issues[0]?.path.join('.')}: ${fields.error.issues[0]?.message}`);
  const f = fields.data;

  let approvals: ApprovalsState | null = null;
  if (values.approvals) {
    const { lines, errors } = parseLines(readFileSync(values.approvals, 'utf8'));
    if (errors.length > 0) {
      for (const e of errors.slice(0, 20)) console.error(`${values.approvals}:${e.line}: ${e.code}: ${e.message_ja}`);
      console.error(`${errors.length} invalid line(s) in ${values.approvals}; nothing was used.`);
      process.exit(1);
    }
    let n = 0;
    const library = new ApprovalLibrary(lines.map((l) => makeApproval({ ...l, unitIds: l.gold }, () => `local-${++n}`)));
    approvals = { ok: true, library };
  }

  try {
    const outcome = processQuestionnaire({
      bytes: new Uint8Array(readFileSync(file)),
      fileName: basename(file),
      contentType: '',
      product: f.product,
      overrides: overridesFromFields(f),
      output: { markers: !values['no-markers'], citations: !values['no-citations'] },
      overwritePlaceholders: f.overwritePlaceholders,
      ...(approvals ? { refineLookup: (res, req) => applyApprovals(res, req, approvals, 'signed_in') } : {}),
    });
    let wrote = '';
    if (values.out) {
      writeFileSync(values.out, outcome.filledFile().bytes);
      wrote += ` → ${values.out}`;
    }
    if (values.review) {
      writeFileSync(values.review, outcome.reviewCsv().bytes);
      wrote += ` (review: ${values.review})`;
    }
    if (values.json) console.log(JSON.stringify(outcome.response, null, 2));
    for (const n of outcome.response.notices) console.error(`notice ${n.code}: ${n.message_ja}`);
    const t = outcome.response.totals;
    const fromApprovals = outcome.response.rows.filter((r) => r.best?.approval !== undefined).length;
    const sheets = outcome.response.layout.sheets.map((s) => `${s.sheet}[${s.questionColumn}→${s.answerColumn ?? '-'}/${s.remarksColumn ?? '-'}]`).join(' ');
    // With --json, stdout carries only the JSON document; the summary goes to stderr.
    (values.json ? console.error : console.log)(
      `${basename(file)}: ${t.questions} questions (${sheets}) — answered ${t.answered}${approvals ? ` (${fromApprovals} from approvals)` : ''}, needs review ${t.needs_review}, no match ${t.no_match}; filled ${t.filled} (${t.cells_written} cells${t.answered_not_written ? `, ${t.answered_not_written} answered rows not writable` : ''})${wrote}${outcome.response.layout.skippedSheets.length ? `; skipped: ${outcome.response.layout.skippedSheets.map((k) => `${k.sheet} (${k.reason})`).join(', ')}` : ''}`,
    );
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`error ${err.status} ${err.code}: ${err.messageJa}\n${err.messageEn}`);
      process.exit(1);
    }
    throw err;
  }
}

main();
