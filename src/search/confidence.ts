// Confidence model. Confidence says how much of the question a unit answers: the idf-weighted
// share of the question's concepts it contains (words, synonyms at reduced weight, each weighed by
// the part of the item it comes from), the share of its bigrams, and how close its heading (a
// check sheet's standard question) is to the question; scaled down for units ranked well below
// the best one. All numbers are RankingOptions.confidence / .verdict (src/search/options.ts).
import type { Candidate } from './searcher';
import type { ResolvedOptions, VerdictFeature } from './options';

export class ConfidenceModel {
  constructor(private readonly options: ResolvedOptions) {}

  /** A steep curve around the middle: half-covered questions are not answers. */
  private calibrate(quality: number): number {
    const { curveMidpoint, curveSteepness } = this.options.confidence;
    return 1 / (1 + Math.exp(-curveSteepness * (quality - curveMidpoint)));
  }

  private quality(conceptCoverage: number, bigramCoverage: number, questionSimilarity: number): number {
    const { conceptShare, questionSimilarityShare } = this.options.confidence;
    return Math.min(1, conceptShare * conceptCoverage + (1 - conceptShare) * bigramCoverage + questionSimilarityShare * questionSimilarity);
  }

  candidate(c: Candidate, score: number, topScore: number): number {
    const relative = topScore > 0 ? Math.min(1, score / topScore) : 0;
    return round2(this.calibrate(this.quality(c.conceptCoverage, c.bigramCoverage, c.questionSimilarity)) * Math.sqrt(relative));
  }

  /** Share of the question's concepts the group covers together (each concept counted once, at its best hit). */
  groupCoverage(group: readonly { c: Candidate }[]): number {
    if (group.length === 0) return 0;
    let covered = 0;
    for (let i = 0; i < group[0]!.c.conceptHits.length; i++) covered += Math.max(...group.map((g) => g.c.conceptHits[i] ?? 0));
    return covered;
  }

  /** Probability that the first answer is right (RankingOptions.verdict.model). */
  answerProbability(features: Record<VerdictFeature, number>): number {
    const { bias, weights } = this.options.verdict.model;
    const entries = Object.entries(weights) as [VerdictFeature, number][];
    if (entries.length === 0) return features.confidence;
    let z = bias;
    for (const [k, w] of entries) z += w * features[k];
    return round2(1 / (1 + Math.exp(-z)));
  }

  /**
   * Confidence that a few top units together answer the question: a question that asks two things
   * (冗長化や災害対策) is often answered by two units, each covering half of it. Bounded by the best
   * unit's own confidence plus a margin, so a pile of weak matches never adds up to an answer.
   */
  group(group: readonly { c: Candidate; confidence: number }[]): number {
    if (group.length === 0) return 0;
    const { groupMinLead, groupMargin } = this.options.verdict;
    // The first unit is what gets shown and written as the answer: it must be a fair match itself.
    const lead = group[0]!.confidence;
    if (lead < groupMinLead) return lead;
    const covered = this.groupCoverage(group);
    const bigrams = Math.max(...group.map((g) => g.c.bigramCoverage));
    const similarity = Math.max(...group.map((g) => g.c.questionSimilarity));
    return round2(Math.max(lead, Math.min(this.calibrate(this.quality(covered, bigrams, similarity)), lead + groupMargin)));
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
