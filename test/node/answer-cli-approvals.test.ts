// The CLI with a local approvals export (npm run answer -- … --approvals export.jsonl): the same
// layer as the Worker, from a file instead of D1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
const run = (args: string[]) => spawnSync(TSX, ['scripts/answer.ts', ...args], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });

describe('npm run answer -- --approvals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaitou-cli-'));
  const csv = join(dir, 'q.csv');
  writeFileSync(csv, '質問,回答,備考\nデータのバックアップは取得していますか。,,\nシステム運用担当者のパスワード管理はどうしていますか。,,\n');

  it('answers an approved question from the export, with its official text and citation', () => {
    const exportFile = join(dir, 'approvals.jsonl');
    writeFileSync(exportFile, `${JSON.stringify({ id: 'apr_cli', question: 'システム運用担当者の パスワード管理はどうしていますか？', product: 'LeySerKids', gold: ['leyser-checksheet-meti#6-17'], approvedBy: '営業' })}\n`);
    const without = run([csv, '--product', 'LeySerKids']);
    expect(without.status).toBe(0);
    const out = join(dir, 'filled.csv');
    const withApprovals = run([csv, '--product', 'LeySerKids', '--approvals', exportFile, '--out', out]);
    expect(withApprovals.status, withApprovals.stderr).toBe(0);
    expect(withApprovals.stdout).toMatch(/answered 2 \(1 from approvals\)/);
    const filled = readFileSync(out, 'utf8');
    expect(filled).toContain('パスワードについては情報セキュリティ関連規程に則り、管理しております。');
    expect(filled).toContain('項番 6-17');
  });

  it('refuses an export with an invalid line, naming the line, and answers nothing', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ question: 'ok', product: 'LeySerKids', gold: ['leyser-checksheet-meti#6-17'] })}\n{broken\n`);
    const res = run([csv, '--product', 'LeySerKids', '--approvals', bad]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('bad.jsonl:2: invalid_line');
  });
});
