// The question library (issue 17, corpus/questions): every line valid and current, every unit
// with a disclosed answer covered, nothing copied from a labelled row, and the library actually
// used by the lookup (question to question).
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readQuestionLibrary, thinUnits, unitTextHash, type QuestionLibrary } from '../../src/ingest/questions';
import { MIN_QUESTIONS } from '../../src/corpus/questions';
import { NEAR_COPY_DICE, bigramDice, nearCopies } from '../../src/analysis/near-copy';
import { EVAL_SETS, loadLabelledRows } from '../../scripts/lib/evaluate';
import { defaultEngine } from '../../src/search/lookup';
import { LookupRequestSchema } from '../../src/search/contract';
import { CORPUS_DIR, loadCorpus, type Corpus } from './ingest-corpus';

let corpus: Corpus;
let library: QuestionLibrary;
beforeAll(async () => {
  corpus = await loadCorpus();
  library = await readQuestionLibrary(CORPUS_DIR, corpus.units);
});

describe('question library', () => {
  it('every question is valid, for a unit that exists, has a disclosed answer and still has the text it was written for', () => {
    expect(library.problems).toEqual([]);
    expect(library.questions.length).toBeGreaterThan(3000);
  });

  it(`every unit with a disclosed answer has at least ${MIN_QUESTIONS.ja} Japanese and ${MIN_QUESTIONS.en} English questions (npm run questions lists the rest)`, () => {
    expect(thinUnits(corpus.units, library.questions)).toEqual([]);
  });

  it('a changed unit text makes its questions stale, and a vanished unit its questions vanished', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kaitou-qlib-'));
    mkdirSync(path.join(dir, 'questions'));
    const unit = corpus.unit('leyser-checksheet-mic#25');
    const line = (text: string) => JSON.stringify({ unit: unit.id, lang: 'ja', kind: 'plain', text, written: unitTextHash(unit) });
    writeFileSync(path.join(dir, 'questions', 'leyser-checksheet-mic.jsonl'), `${line('バックアップは毎日取っていますか')}\n`);
    const changed = corpus.units.map((u) => (u.id === unit.id ? { ...u, answer: `${u.answer}（改訂）` } : u));
    expect((await readQuestionLibrary(dir, changed)).problems.map((p) => p.kind)).toEqual(['stale']);
    expect(
      (
        await readQuestionLibrary(
          dir,
          corpus.units.filter((u) => u.id !== unit.id),
        )
      ).problems.map((p) => p.kind),
    ).toEqual(['vanished']);
    expect((await readQuestionLibrary(dir, corpus.units)).questions).toHaveLength(1);
  });

  it('refuses an invalid line, naming the file and line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kaitou-qlib-'));
    mkdirSync(path.join(dir, 'questions'));
    writeFileSync(path.join(dir, 'questions', 'leyser-checksheet-mic.jsonl'), '{"unit":"leyser-checksheet-mic#25","lang":"fr","kind":"plain","text":"x?","written":"000000000000"}\n');
    await expect(readQuestionLibrary(dir, corpus.units)).rejects.toThrow(/leyser-checksheet-mic\.jsonl:1: lang/);
  });

  it('near-copy measure: a copy with other punctuation is a copy; another question on the same topic is not', () => {
    expect(bigramDice('データはどこに保管されますか。', 'データはどこに保管されますか?')).toBe(1);
    expect(bigramDice('Do you encrypt data at rest?', 'Do you encrypt data at rest')).toBe(1);
    expect(bigramDice('バックアップは何世代保管していますか', 'データセンターは国内にありますか')).toBeLessThan(NEAR_COPY_DICE);
    expect(bigramDice('Do all employees receive security awareness training?', 'Is privacy awareness training mandatory for all employees?')).toBeLessThan(NEAR_COPY_DICE);
  });

  // The library is written blind to the labelled rows: none of its questions may be a near-copy of one.
  for (const set of EVAL_SETS) {
    it.skipIf(!existsSync(set.file))(`no library question is a near-copy of a labelled question in ${set.name}${existsSync(set.file) ? '' : ' (skipped: the set is not on this machine)'}`, () => {
      const copies = nearCopies(
        library.questions.map((q) => q.text),
        loadLabelledRows(set.file).map((r) => r.question),
      );
      expect(copies).toEqual([]);
    });
  }

  it('the build indexed every current question (src/generated is up to date)', () => {
    const artifact = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../src/generated/search-index.json'), 'utf8')) as { library: { unitOf: string[] } };
    expect(artifact.library.unitOf.length).toBe(library.questions.length);
    expect(readdirSync(path.join(CORPUS_DIR, 'questions')).sort()).toEqual(corpus.documents.map((d) => `${d.id}.jsonl`).sort());
  });

  it('a customer question in words the unit never uses reaches the unit through its library questions', () => {
    // 合言葉 (an everyday word for a password) is not in the text of 6-17; its library says it.
    const unit = corpus.unit('leyser-checksheet-meti#6-17');
    expect(unit.heading + unit.answer).not.toContain('合言葉');
    expect(library.questions.some((q) => q.unit === unit.id && q.text.includes('合言葉'))).toBe(true);
    const res = defaultEngine.lookup(LookupRequestSchema.parse({ question: 'サーバーに入るときの合言葉のルールは決まっていますか', product: 'LeySer System', limit: 5 }));
    expect(res.matches.slice(0, 3).map((m) => m.id)).toContain(unit.id);
  });
});
