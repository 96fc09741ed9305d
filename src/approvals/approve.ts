// Turning what a person approved (API body, import line, CLI file line) into a stored approval:
// the same checks everywhere — known product, existing units with a disclosed answer that apply to
// the product — and the corpus versions recorded for later staleness checks.
import { PRODUCTS } from '../corpus/store';
import { questionKey } from './similarity';
import { BUNDLED_CORPUS, sourceOf, type CorpusView } from './library';
import { ApprovalLineSchema, type Approval, type ApprovalLine } from './schema';
import { detectLanguage } from '../analysis/query';
import { normalizeForSearch } from '../analysis/normalize';

export interface Problem {
  code: string;
  message: string;
  message_ja: string;
}

export function checkProduct(product: string | null): Problem | null {
  if (product === null || PRODUCTS.includes(product)) return null;
  return {
    code: 'unknown_product',
    message: `Unknown product "${product}". Known products: ${PRODUCTS.join(', ')}`,
    message_ja: `製品「${product}」は登録されていません。指定できる製品: ${PRODUCTS.join('、')}`,
  };
}

/** Every unit must exist, carry a disclosed answer, and (with a product) apply to that product. */
export function checkUnits(unitIds: readonly string[], product: string | null, corpus: CorpusView = BUNDLED_CORPUS): Problem | null {
  for (const id of unitIds) {
    const unit = corpus.getUnit(id);
    if (!unit) return { code: 'unknown_unit', message: `No unit with id "${id}".`, message_ja: `ID「${id}」の回答単位はありません。` };
    if (!unit.hasAnswer) return { code: 'unit_without_answer', message: `Unit "${id}" has no disclosed answer.`, message_ja: `回答単位「${id}」には公開された回答がありません。` };
    if (product !== null && !unit.products.includes(product)) {
      return { code: 'unit_not_for_product', message: `Unit "${id}" does not cover ${product}.`, message_ja: `回答単位「${id}」は製品「${product}」の資料ではありません。` };
    }
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

export interface LineError extends Problem {
  /** 1-based line number in the uploaded text. */
  line: number;
}

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
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      errors.push({ line, code: 'invalid_json', message: 'not valid JSON', message_ja: 'JSON として読み取れません。' });
      return;
    }
    const parsed = ApprovalLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      errors.push({ line, code: 'invalid_line', message: `${field}: ${issue?.message ?? 'invalid'}`, message_ja: `${field} の値が正しくありません（${issue?.message ?? 'invalid'}）。` });
      return;
    }
    const l = parsed.data;
    const problem = checkProduct(l.product) ?? checkUnits(l.gold, l.product, corpus);
    if (problem) {
      errors.push({ line, ...problem });
      return;
    }
    const key = `${questionKey(l.question)}\u0000${l.product ?? ''}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push({ line, code: 'duplicate_question', message: `the same question and product as line ${dup}`, message_ja: `${dup} 行目と同じ質問・製品です。` });
      return;
    }
    seen.set(key, line);
    if (l.id !== undefined) {
      const dupId = seenIds.get(l.id);
      if (dupId !== undefined) {
        errors.push({ line, code: 'duplicate_id', message: `id "${l.id}" is also on line ${dupId}`, message_ja: `id「${l.id}」は ${dupId} 行目でも使われています。` });
        return;
      }
      seenIds.set(l.id, line);
    }
    lines.push({ ...l, line });
  });
  return { lines, errors };
}
