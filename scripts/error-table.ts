// Writes the docs' error tables from the catalog (src/messages/catalog.ts), between the markers
// `<!-- error-table:<scope> -->` and `<!-- /error-table -->`: README.md (lookup and every
// endpoint), docs/questionnaire.md (upload) and docs/approvals.md. `npm run docs:errors` rewrites them;
// test/node/error-catalog.test.ts fails when a table is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRORS, ERROR_CODES, ROW_MESSAGES, ROW_MESSAGE_CODES, type ErrorScope } from '../src/messages/catalog';

/** Files with generated tables, and the scopes each table lists. */
export const ERROR_TABLE_FILES: Record<string, Record<string, readonly ErrorScope[] | 'row-messages'>> = {
  'README.md': { lookup: ['any', 'lookup'] },
  'docs/questionnaire.md': { questionnaire: ['any', 'questionnaire'], rows: 'row-messages' },
  'docs/approvals.md': { approvals: ['approvals'] },
};

export function errorTable(scopes: readonly ErrorScope[]): string {
  const codes = ERROR_CODES.filter((c) => scopes.includes(ERRORS[c].scope)).sort((a, b) => ERRORS[a].status - ERRORS[b].status);
  return ['| status | code | when |', '|---|---|---|', ...codes.map((c) => `| ${ERRORS[c].status} | \`${c}\` | ${ERRORS[c].when} |`)].join('\n');
}

/** A message with its parameters as placeholders; one whose wording picks a variant by a parameter cannot be shown so. */
function withPlaceholders(render: () => string): string {
  try {
    return render();
  } catch {
    return '(wording depends on its parameters: see `src/messages/catalog.ts`)';
  }
}

/** The per-row messages, each rendered with its parameter names as placeholders ({cell}). */
export function rowMessageTable(): string {
  const placeholders = new Proxy({}, { get: (_, key) => `{${String(key)}}` }) as never;
  return ['| code | message (`message`; `message_ja` in Japanese) |', '|---|---|', ...ROW_MESSAGE_CODES.map((c) => `| \`${c}\` | ${withPlaceholders(() => ROW_MESSAGES[c].en(placeholders))} |`)].join('\n');
}

/** The file's text with every marked table regenerated. */
export function withErrorTables(text: string, tables: Record<string, readonly ErrorScope[] | 'row-messages'>): string {
  let out = text;
  for (const [name, scopes] of Object.entries(tables)) {
    const open = `<!-- error-table:${name} -->`;
    const close = '<!-- /error-table -->';
    const start = out.indexOf(open);
    const end = out.indexOf(close, start);
    if (start < 0 || end < 0) throw new Error(`missing ${open} … ${close}`);
    out = `${out.slice(0, start + open.length)}\n${scopes === 'row-messages' ? rowMessageTable() : errorTable(scopes)}\n${out.slice(end)}`;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, tables] of Object.entries(ERROR_TABLE_FILES)) {
    const before = readFileSync(file, 'utf8');
    const after = withErrorTables(before, tables);
    if (after !== before) writeFileSync(file, after);
    console.log(`${file}: ${after === before ? 'up to date' : 'rewritten'}`);
  }
}
