import type { FraudFeatures } from './features.ts';

export type RiskFactor = {
  readonly feature: string;
  /** Plain English, e.g. "5 orders in the last hour". */
  readonly label: string;
  readonly contribution: number;
};
export type RiskScore = {
  /** An integer from 0 to 100. */
  readonly score: number;
  /** e.g. "fraud-logreg-v3" or "rules-v1". */
  readonly modelVersion: string;
  /** The top 3 by contribution, those that raised the score only. */
  readonly factors: readonly RiskFactor[];
};
export interface FraudScorer {
  score(features: FraudFeatures): RiskScore;
  readonly modelVersion: string;
  /** The score at and above which this scorer's maker would hold an order (a default to configure). */
  readonly threshold: number;
}

/** The top three factors that raised the score, largest first. */
export const topFactors = (factors: readonly RiskFactor[]): RiskFactor[] =>
  factors
    .filter((factor) => factor.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, 3);
