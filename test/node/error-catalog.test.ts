// The message catalog is the one source of error codes and wording: the docs' tables are generated
// from it, every code in it is raised somewhere, and every message reads as Japanese in Japanese.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS, ERROR_CODES, ROW_MESSAGES, ROW_MESSAGE_CODES } from '../../src/messages/catalog';
import { AppError, rowMessage } from '../../src/messages/error';
import { ERROR_TABLE_FILES, withErrorTables } from '../../scripts/error-table';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('message catalog', () => {
  it.each(Object.entries(ERROR_TABLE_FILES))('%s: the error tables are generated from the catalog (npm run docs:errors)', (file, tables) => {
    const text = readFileSync(file, 'utf8');
    expect(withErrorTables(text, tables)).toBe(text);
  });

  it('every code of the catalog is raised or recorded by the code (no dead entries)', () => {
    const code = sources('src')
      .filter((f) => !f.includes(join('src', 'messages')))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = [...ERROR_CODES, ...ROW_MESSAGE_CODES].filter((c) => !code.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });

  it('codes are snake_case and errors have a 4xx/5xx status and a line for the docs', () => {
    for (const c of [...ERROR_CODES, ...ROW_MESSAGE_CODES]) expect(c).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
    for (const c of ERROR_CODES) {
      expect(ERRORS[c].status).toBeGreaterThanOrEqual(400);
      expect(ERRORS[c].when.length).toBeGreaterThan(5);
    }
  });

  it('renders English and Japanese from the same params', () => {
    const err = new AppError('too_many_rows', { rows: 6001, maxRows: 5000 });
    expect(err.status).toBe(413);
    expect(err.messageEn).toContain('6001');
    expect(err.messageJa).toMatch(JAPANESE);
    expect(err.messageJa).toContain('6001');
    expect(err.details).toEqual({ rows: 6001, maxRows: 5000 });
    const msg = rowMessage('cell_not_empty', { column: 'remarks', cell: 'D7' });
    expect(msg).toEqual({ code: 'cell_not_empty', params: { column: 'remarks', cell: 'D7' }, message: expect.stringContaining('D7'), message_ja: expect.stringContaining('備考欄（D7）') });
    expect(Object.keys(ROW_MESSAGES)).toEqual(ROW_MESSAGE_CODES);
  });
});
