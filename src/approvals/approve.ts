// Turning what a person approved (API body, import line, CLI file line) into a stored approval:
// the same checks everywhere — known product, existing units with a disclosed answer that apply to
// the product — and the corpus versions recorded for later staleness checks.
import { unknownProduct } from '../corpus/store';
import { AppError } from '../messages/error';
import { questionKey } from './similarity';
import { BUNDLED_CORPUS, sourceOf, type CorpusView } from './library';
import { ApprovalLineSchema, type Approval, type ApprovalLine } from './schema';
import { detectLanguage } from '../analysis/query';
import { normalizeForSearch } from '../analysis/normalize';
import { unitChoiceProblem } from '../corpus/choice';

/** Every unit must exist, carry a disclosed answer, and (with a product) apply to that product. */
export function checkUnits(unitIds: readonly string[], product: string | null, corpus: CorpusView = BUNDLED_CORPUS): AppError | null {
  for (const unitId of unitIds) {
    const problem = unitChoiceProblem(corpus.getUnit(unitId), unitId, product);
    if (problem) return problem;
  }
  return null;
}

/** A new approval as of now; `sources` records the corpus as it stands. */
export function makeApproval(
  input: { question: string; product: string | null; unitIds: string[]; approvedBy: string | null; id?: string; approvedAt?: string; sources?: Approval['sources'] },
  newId: () => string,
  corpus: CorpusView = BUNDLED_CORPUS,
): Approval {
  return {
    id: input.id ?? newId(),
    question: input.question,
    product: input.product,
    unitIds: input.unitIds,
    approvedBy: input.approvedBy,
    approvedAt: input.approvedAt ?? new Date().toISOString(),
    sources: input.sources ?? input.unitIds.map((id) => sourceOf(corpus.getUnit(id)!)),
  };
}

/** One export line: the eval-set shape (id, question, product, gold, lang) plus the approval's own fields. */
export function toLine(a: Approval): Record<string, unknown> {
  return {
    id: a.id,
    question: a.question,
    product: a.product,
    gold: a.unitIds,
    lang: detectLanguage(normalizeForSearch(a.question)),
    approvedAt: a.approvedAt,
    approvedBy: a.approvedBy,
    sources: a.sources,
  };
}

/** One bad import line: its number and the catalog's code and wording. */
export interface LineError {
  /** 1-based line number in the uploaded text. */
  line: number;
  code: string;
  message: string;
  message_ja: string;
}

export function lineError(line: number, err: AppError): LineError {
  return { line, code: err.code, message: err.messageEn, message_ja: err.messageJa };
}

/**
 * The longest line an export writes is far shorter (a 2,000-character question escaped as \uXXXX,
 * three units and their sources): a longer line is refused before JSON.parse builds anything from it.
 */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Parses a JSONL export (blank lines ignored). Returns every valid line, or every error by line
 * number: a file with any error is imported not at all.
 */
export function parseLines(text: string, corpus: CorpusView = BUNDLED_CORPUS): { lines: (ApprovalLine & { line: number })[]; errors: LineError[] } {
  const lines: (ApprovalLine & { line: number })[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const seenIds = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    if (raw.length > MAX_LINE_CHARS) {
      errors.push(lineError(line, new AppError('invalid_line', { field: 'line', issue: `longer than ${MAX_LINE_CHARS} characters` })));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      errors.push(lineError(line, new AppError('invalid_line', { notJson: true })));
      return;
    }
    const parsed = ApprovalLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      errors.push(lineError(line, new AppError('invalid_line', { field, issue: issue?.message ?? 'invalid' })));
      return;
    }
    const l = parsed.data;
    const problem = unknownProduct(l.product) ?? checkUnits(l.gold, l.product, corpus);
    if (problem) {
      errors.push(lineError(line, problem));
      return;
    }
    const key = `${questionKey(l.question)}\u0000${l.product ?? ''}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push(lineError(line, new AppError('duplicate_question', { line: dup })));
      return;
    }
    seen.set(key, line);
    if (l.id !== undefined) {
      const dupId = seenIds.get(l.id);
      if (dupId !== undefined) {
        errors.push(lineError(line, new AppError('duplicate_id', { id: l.id, line: dupId })));
        return;
      }
      seenIds.set(l.id, line);
    }
    lines.push({ ...l, line });
  });
  return { lines, errors };
}
