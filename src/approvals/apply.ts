// Layers approvals over the engine's lookup result, after ranking and outside it: the search
// engine does not know approvals exist. Same function for /api/lookup, the lookup page,
// questionnaires and the CLI. An approval remembers which official units answer a question; what
// is shown is still the units' official text with citations, never stored text.
import type { Unit } from '../corpus/schema';
import { citationFor } from '../search/lookup';
import { unitMatch } from '../search/engine';
import type { ApprovalRef, LookupResponse, Match, Note, ParsedLookupRequest } from '../search/contract';
import type { ApprovalLibrary, CorpusView } from './library';
import { BUNDLED_CORPUS } from './library';
import type { Approval } from './schema';

/** What a lookup knows about approvals: the library, or why it could not be read. */
export type ApprovalsState = { ok: true; library: ApprovalLibrary; corpus?: CorpusView } | { ok: false; reason: 'not_configured' | 'unavailable' };

/**
 * Who reads the result. `signed_in` (the upload token or a session, or uploads open outside
 * production): the questionnaire review, the CLI and a signed-in lookup may see approved questions
 * and approvers. `public` (an anonymous lookup): approvals still answer, but no other approval's
 * question text and no approver name is shown (issue 19: a similar approved question showed another
 * customer's wording, approver and date to anyone).
 */
export type ApprovalsAudience = 'signed_in' | 'public';

export function approvalRef(a: Approval, audience: ApprovalsAudience = 'signed_in'): ApprovalRef {
  return { id: a.id, approvedAt: a.approvedAt, approvedBy: audience === 'public' ? null : a.approvedBy };
}

/** 2026-11-25T09:30:00.000Z → 2026-11-25 (the date shown in messages; pages format it themselves). */
const day = (iso: string) => iso.slice(0, 10);
const by = (a: Approval, audience: ApprovalsAudience) => (audience === 'public' ? '担当者' : a.approvedBy ? `${a.approvedBy} さん` : '承認者名なし');

/**
 * A unit a person picked for a question (an approval, or a questionnaire row's choice) as a Match:
 * the engine's score and matched terms when it listed the unit too; confidence 1, since a person
 * confirmed it.
 */
export function personPickedMatch(unit: Unit, engine: Match | undefined, product: string | undefined): Match {
  // A person confirmed this unit answers this question: confidence 1.
  return unitMatch(unit, product, { score: engine?.score ?? 0, confidence: 1, citation: citationFor(unit), matchedTerms: engine?.matchedTerms ?? [] });
}

function approvedMatch(unit: Unit, engine: Match | undefined, product: string | undefined, ref: ApprovalRef): Match {
  return { ...personPickedMatch(unit, engine, product), approval: ref };
}

/** Notes about how the engine's first match was judged; an applied approval replaces that judgement. */
const ENGINE_VERDICT_NOTES: ReadonlySet<Note['kind']> = new Set(['weak_match', 'no_disclosed_answer', 'form_field']);

export function applyApprovals(res: LookupResponse, req: ParsedLookupRequest, state: ApprovalsState, audience: ApprovalsAudience): LookupResponse {
  if (!state.ok) {
    const message =
      state.reason === 'not_configured'
        ? '承認済み回答のデータベースが設定されていないため、公開資料の検索結果のみを表示しています。'
        : '承認済み回答を一時的に読み込めないため、公開資料の検索結果のみを表示しています（承認済みの回答があっても反映されていません）。';
    return { ...res, notes: [...res.notes, { kind: 'approvals_unavailable', message, units: [] }] };
  }
  const corpus = state.corpus ?? BUNDLED_CORPUS;
  const found = state.library.find(req.question, req.product);
  if (!found) return res;
  const a = found.approval;
  if (found.kind === 'stale') {
    const note: Note = {
      kind: 'approval_stale',
      message: `この質問には ${day(a.approvedAt)} に${by(a, audience)}が承認した回答がありますが、${found.reason}。自動では使わずに検索結果を表示しています。内容を確認して承認し直してください。`,
      units: a.unitIds,
      approval: approvalRef(a, audience),
    };
    return { ...res, notes: [note, ...res.notes] };
  }
  if (found.kind === 'similar') {
    const note: Note =
      audience === 'public'
        ? {
            kind: 'similar_approval',
            message: `似た質問に承認済みの回答があります（類似度 ${found.similarity.toFixed(2)}）。その回答を候補に加えています。`,
            units: found.unitIds,
            approval: { ...approvalRef(a, audience), similarity: found.similarity },
          }
        : {
            kind: 'similar_approval',
            message: `似た質問「${a.question}」に ${day(a.approvedAt)} ${by(a, audience)}が承認した回答があります（類似度 ${found.similarity.toFixed(2)}）。同じ質問であれば、その回答を選んで承認してください。`,
            units: found.unitIds,
            approval: { ...approvalRef(a, audience), question: a.question, similarity: found.similarity },
          };
    // The suggested units become candidates right after the engine's first match, so a reviewer
    // can pick one (verdict and first match unchanged; a unit the engine did not rank gets its
    // own confidence of 0: nothing vouches for it on this question yet).
    const known = new Set(res.matches.map((m) => m.id));
    const extra = found.unitIds.filter((id) => !known.has(id)).map((id) => ({ ...approvedMatch(corpus.getUnit(id)!, undefined, req.product, approvalRef(a, audience)), confidence: 0, approval: undefined }));
    const matches = (res.matches.length ? [res.matches[0]!, ...extra, ...res.matches.slice(1)] : extra).slice(0, req.limit);
    return { ...res, matches: matches.map(({ approval: _notApplied, ...m }) => m), notes: [note, ...res.notes] };
  }

  const ref = approvalRef(a, audience);
  const approvedIds = new Set(found.unitIds);
  const approved = found.unitIds.map((id) =>
    approvedMatch(
      corpus.getUnit(id)!,
      res.matches.find((m) => m.id === id),
      req.product,
      ref,
    ),
  );
  const matches = [...approved, ...res.matches.filter((m) => !approvedIds.has(m.id))].slice(0, req.limit);
  const note: Note = {
    kind: 'approved',
    message: `この質問への回答は ${day(a.approvedAt)} に${by(a, audience)}が承認したものです（${found.unitIds.join('、')}）。`,
    units: found.unitIds,
    approval: ref,
  };
  return { ...res, verdict: 'answered', matches, notes: [note, ...res.notes.filter((n) => !ENGINE_VERDICT_NOTES.has(n.kind))] };
}
