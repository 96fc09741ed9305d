// PLACEHOLDER until retrieval lands: same signature as the real implementation.
import type { LookupResponse, ParsedLookupRequest } from './contract';
export function lookup(req: ParsedLookupRequest): LookupResponse {
  return { question: req.question, product: req.product ?? null, verdict: 'no_match', matches: [], notes: [] };
}
