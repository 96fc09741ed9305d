// Confidence model and verdict. Confidence says how much of the question a unit answers: the
// idf-weighted share of the question's concepts it contains (words, synonyms at reduced weight)
// and the share of its bigrams, scaled down for units ranked well below the best one.
// Thresholds were set on the dev set's score distribution (npm run eval prints the calibration table).
import type { Candidate } from './searcher';

export const ANSWERED_MIN_CONFIDENCE = 0.55;
export const HIGH_CONFIDENCE = 0.75;
export const RELEVANT_MIN_CONFIDENCE = 0.25;

// A steep curve around the middle: half-covered questions are not answers.
const calibrate = (quality: number) => 1 / (1 + Math.exp(-8 * (quality - 0.42)));

export function candidateConfidence(c: Candidate, topScore: number): number {
  const quality = (0.7 * c.conceptCoverage + 0.3 * c.bigramCoverage);
  const relative = topScore > 0 ? Math.min(1, c.score / topScore) : 0;
  return round2(calibrate(quality) * Math.sqrt(relative));
}

/**
 * Confidence that a few top units together answer the question: a question that asks two things
 * (冗長化や災害対策) is often answered by two units, each covering half of it. Bounded by the best
 * unit's own confidence plus a margin, so a pile of weak matches never adds up to an answer.
 */
export function groupConfidence(group: readonly { c: Candidate; confidence: number }[]): number {
  if (group.length === 0) return 0;
  // The first unit is what gets shown and written as the answer: it must be a fair match itself.
  const lead = group[0]!.confidence;
  if (lead < GROUP_MIN_BEST) return lead;
  const n = group[0]!.c.conceptHits.length;
  let covered = 0;
  for (let i = 0; i < n; i++) covered += Math.max(...group.map((g) => g.c.conceptHits[i] ?? 0));
  const bigrams = Math.max(...group.map((g) => g.c.bigramCoverage));
  return round2(Math.max(lead, Math.min(calibrate(0.7 * covered + 0.3 * bigrams), lead + GROUP_MARGIN)));
}
/** The lead unit must already be a fair match on its own; the others can lift it this much at most. */
const GROUP_MIN_BEST = 0.45;
const GROUP_MARGIN = 0.15;

const round2 = (x: number) => Math.round(x * 100) / 100;
