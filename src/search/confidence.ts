// Confidence. Two numbers, both from RankingOptions (src/search/options.ts):
//  - the heuristic quality of a candidate: how much of the question a unit answers (the
//    idf-weighted share of the question's concepts it contains, the share of its bigrams, and how
//    close its heading — a check sheet's standard question — is to the question), on a logistic
//    curve; a reranker feature, and the gate for conflicts;
//  - the calibrated probability that a shown candidate is a right answer (verdict.model), which is
//    the confidence every reply shows and the verdict compares with verdict.answeredMin.
import type { Candidate } from './searcher';
import type { ResolvedOptions, VerdictFeature } from './options';

export class ConfidenceModel {
  constructor(private readonly options: ResolvedOptions) {}

  /** A steep curve around the middle: half-covered questions are not answers. */
  private calibrate(quality: number): number {
    const { curveMidpoint, curveSteepness } = this.options.confidence;
    return 1 / (1 + Math.exp(-curveSteepness * (quality - curveMidpoint)));
  }

  /** Heuristic quality of a candidate, 0–1. */
  quality(c: Candidate): number {
    const { conceptShare, questionSimilarityShare } = this.options.confidence;
    return this.calibrate(Math.min(1, conceptShare * c.conceptCoverage + (1 - conceptShare) * c.bigramCoverage + questionSimilarityShare * c.questionSimilarity));
  }

  /** Probability that a candidate shown first is a right answer (RankingOptions.verdict.model); `quality` without weights. */
  answerProbability(features: Record<VerdictFeature, number>, quality: number): number {
    const { bias, weights } = this.options.verdict.model;
    const entries = Object.entries(weights) as [VerdictFeature, number][];
    if (entries.length === 0) return round2(quality);
    let z = bias;
    for (const [k, w] of entries) z += w * features[k];
    return round2(1 / (1 + Math.exp(-z)));
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
