export { createFraudFeatureFold, featureDescriptions, featureNames } from './features.ts';
export type { FraudFeatureFold, FraudFeatures } from './features.ts';
export { CorruptArtefact } from './artefact.ts';
export { loadFraudScorer } from './scorer.ts';
export type { FraudScorer, RiskFactor, RiskScore } from './scorer.ts';
