// The approvals of one moment, indexed in memory for lookups: an exact map on the normalized
// question and a bigram index for similar questions. Built once per D1 revision (src/approvals/
// store.ts caches it in the isolate) or from a local export file (the CLI). Staleness is judged
// against a corpus view, so tests can pass a modified corpus.
import type { Unit } from '../corpus/schema';
import { getUnit } from '../corpus/store';
import type { Approval, ApprovalSource } from './schema';
import { BigramSimilarityIndex, SIMILAR_MIN_DICE, questionKey } from './similarity';

/** The part of the corpus approvals are checked against. */
export interface CorpusView {
  getUnit(id: string): Unit | undefined;
}
export const BUNDLED_CORPUS: CorpusView = { getUnit };

/** What an approval records about a unit: its document version and date at approval time. */
export function sourceOf(unit: Unit): ApprovalSource {
  return { unitId: unit.id, documentId: unit.documentId, version: unit.version, date: unit.updated ?? unit.issued };
}

/**
 * Why an approval no longer applies automatically, or null when it does: a unit that no longer
 * exists, or a unit whose document changed version or date since the approval (in practice: a
 * newer edition; an older one is just as much a reason for a person to look again).
 */
export function staleReason(approval: Pick<Approval, 'unitIds' | 'sources'>, corpus: CorpusView): string | null {
  for (const id of approval.unitIds) {
    const unit = corpus.getUnit(id);
    if (!unit) return `回答単位 ${id} は現在の公開資料にありません`;
    const then = approval.sources.find((s) => s.unitId === id);
    if (!then) return `回答単位 ${id} の承認時の版が記録されていません`;
    const now = sourceOf(unit);
    if (now.version !== then.version || now.date !== then.date) {
      const fmt = (s: ApprovalSource) => [s.version ? `Ver.${s.version}` : null, s.date].filter(Boolean).join(' ') || '版不明';
      return `${unit.documentTitle} が承認時（${fmt(then)}）から更新されています（現在 ${fmt(now)}）`;
    }
  }
  return null;
}

/**
 * The approved units that answer for `product`: an approval for one product applies to that
 * product only; an approval for every product (product null) applies with those of its units that
 * cover the product. Without a product, only approvals for every product apply.
 */
export function applicableUnitIds(approval: Approval, product: string | undefined, corpus: CorpusView): string[] {
  if (approval.product !== null) return approval.product === product ? approval.unitIds : [];
  if (product === undefined) return approval.unitIds;
  return approval.unitIds.filter((id) => corpus.getUnit(id)?.products.includes(product) ?? false);
}

export type ApprovalFinding = { kind: 'approved'; approval: Approval; unitIds: string[] } | { kind: 'stale'; approval: Approval; reason: string } | { kind: 'similar'; approval: Approval; unitIds: string[]; similarity: number };

/** FNV-1a over UTF-16 code units, 32 bits: a Map key; collisions are resolved by comparing keys. */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class ApprovalLibrary {
  /** Exact match by a hash of the normalized question (keys of 10,000 questions would hold ~4 MB of strings); hits are verified. */
  private readonly byKey = new Map<number, Approval[]>();
  private readonly similar: BigramSimilarityIndex;
  /** Staleness per approval id, computed once per library (the corpus is fixed for a build). */
  private readonly staleCache = new Map<string, string | null>();

  constructor(
    readonly approvals: readonly Approval[],
    private readonly corpus: CorpusView = BUNDLED_CORPUS,
  ) {
    for (const a of approvals) {
      const h = keyHash(questionKey(a.question));
      const list = this.byKey.get(h);
      if (list) list.push(a);
      else this.byKey.set(h, [a]);
    }
    this.similar = new BigramSimilarityIndex(approvals.map((a) => a.question));
  }

  get size(): number {
    return this.approvals.length;
  }

  staleReason(approval: Approval): string | null {
    let r = this.staleCache.get(approval.id);
    if (r === undefined) {
      r = staleReason(approval, this.corpus);
      this.staleCache.set(approval.id, r);
    }
    return r;
  }

  /**
   * The approval that answers `question` for `product`, if any: an exact (normalized) match —
   * applied, or reported stale — else the most similar current approval as a suggestion.
   * A product's own approval wins over an approval for every product.
   */
  find(question: string, product: string | undefined): ApprovalFinding | null {
    const key = questionKey(question);
    const exact = (this.byKey.get(keyHash(key)) ?? [])
      .filter((a) => questionKey(a.question) === key)
      .map((a) => ({ a, units: applicableUnitIds(a, product, this.corpus) }))
      .filter((x) => x.units.length > 0)
      .sort((x, y) => (y.a.product !== null ? 1 : 0) - (x.a.product !== null ? 1 : 0));
    const first = exact[0];
    if (first) {
      const reason = this.staleReason(first.a);
      return reason === null ? { kind: 'approved', approval: first.a, unitIds: first.units } : { kind: 'stale', approval: first.a, reason };
    }
    for (const { entry, similarity } of this.similar.search(question, SIMILAR_MIN_DICE)) {
      const a = this.approvals[entry]!;
      const units = applicableUnitIds(a, product, this.corpus);
      if (units.length > 0 && this.staleReason(a) === null) return { kind: 'similar', approval: a, unitIds: units, similarity: Math.round(similarity * 100) / 100 };
    }
    return null;
  }
}
