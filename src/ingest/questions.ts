// Build-time reading of the question library (corpus/questions/*.jsonl, src/corpus/questions.ts):
// every line validated, every question tied to a unit that exists and still has the text it was
// written for. A unit whose text changed (or that vanished) leaves its questions stale: they are
// reported, left out of the index, and a test fails until they are rewritten (docs/corpus.md).
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { LibraryQuestionSchema, MIN_QUESTIONS, type LibraryQuestion } from '../corpus/questions';
import type { Unit } from '../corpus/schema';

/** The hash a library question records of the unit text it was written for (heading + answer, as normalized). */
export function unitTextHash(unit: Pick<Unit, 'heading' | 'answer'>): string {
  return createHash('sha256').update(`${unit.heading}\n${unit.answer}`).digest('hex').slice(0, 12);
}

export interface LibraryProblem {
  kind: 'stale' | 'vanished' | 'no_answer' | 'duplicate';
  unit: string;
  file: string;
  line: number;
  text: string;
}

export interface QuestionLibrary {
  /** Questions usable for search: valid, current, for a unit with a disclosed answer. */
  questions: LibraryQuestion[];
  problems: LibraryProblem[];
}

export async function readQuestionLibrary(corpusDir: string, units: readonly Unit[]): Promise<QuestionLibrary> {
  const dir = path.join(corpusDir, 'questions');
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return { questions: [], problems: [] };
  }
  const byId = new Map(units.map((u) => [u.id, u]));
  const hashes = new Map(units.map((u) => [u.id, unitTextHash(u)]));
  const questions: LibraryQuestion[] = [];
  const problems: LibraryProblem[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n');
    lines.forEach((raw, i) => {
      if (!raw.trim()) return;
      const where = `corpus/questions/${file}:${i + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new Error(`${where}: not valid JSON`);
      }
      const parsed = LibraryQuestionSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      const q = parsed.data;
      if (`${q.unit.split('#')[0]}.jsonl` !== file) throw new Error(`${where}: unit ${q.unit} belongs in ${q.unit.split('#')[0]}.jsonl`);
      const unit = byId.get(q.unit);
      const problem = (kind: LibraryProblem['kind']) => problems.push({ kind, unit: q.unit, file, line: i + 1, text: q.text });
      const key = `${q.unit}\u0000${q.text}`;
      if (!unit) return void problem('vanished');
      if (!unit.hasAnswer) return void problem('no_answer');
      if (hashes.get(q.unit) !== q.written) return void problem('stale');
      if (seen.has(key)) return void problem('duplicate');
      seen.add(key);
      questions.push(q);
    });
  }
  return { questions, problems };
}

/** Units with a disclosed answer and fewer library questions than MIN_QUESTIONS in some language. */
export function thinUnits(units: readonly Unit[], questions: readonly LibraryQuestion[]): { unit: string; ja: number; en: number }[] {
  const count = new Map<string, { ja: number; en: number }>();
  for (const q of questions) {
    const c = count.get(q.unit) ?? { ja: 0, en: 0 };
    c[q.lang]++;
    count.set(q.unit, c);
  }
  return units
    .filter((u) => u.hasAnswer)
    .map((u) => ({ unit: u.id, ...(count.get(u.id) ?? { ja: 0, en: 0 }) }))
    .filter((c) => c.ja < MIN_QUESTIONS.ja || c.en < MIN_QUESTIONS.en);
}
