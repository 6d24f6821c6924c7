import type { FraudFeatureFold, FraudScorer } from '../fraud/index.ts';
import type { RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { RiskAssessment } from './events-records.ts';
import type { ObservedEvent } from './fold.ts';
import type { RiskAssessor } from './send.ts';

// The fraud features fold the log the workflow folds, in the same pass: an order's features are
// what its customer had done when it was placed. They are dropped once the order is scored or
// completed, so memory follows the orders still waiting for a score.

export const featuresObserver =
  (features: FraudFeatureFold) =>
  (recorded: RecordedDomainEvent<ObservedEvent>, orderId: string | undefined): void => {
    const { type, data } = recorded.event;
    if (orderId !== undefined && (type === 'RiskScored' || type === 'FulfilmentCompleted')) {
      features.forget(orderId);
      return;
    }
    features.apply({ type, data, occurredAt: recorded.metadata.occurredAt });
  };

/** Scores an order from its features, and holds it at `threshold` (the policy in force now). */
export const riskAssessor = (
  features: FraudFeatureFold,
  scorer: FraudScorer,
  threshold: number,
  metrics: Metrics,
): RiskAssessor => {
  const scored = metrics.counter(
    'fraud_orders_scored_total',
    'Orders scored for fraud risk, by model version and whether they were held for review',
    ['model', 'held'],
  );
  return (orderId): RiskAssessment => {
    const known = features.featuresOf(orderId);
    // The features fold keeps an order's features for a day of business time: an order older
    // than that (open across an upgrade, or a long outage) is recorded as not scored rather than
    // scored on a history that is no longer the one it was placed with.
    if (known === undefined) {
      scored.inc({ model: 'unscored', held: 'false' });
      return { score: 0, modelVersion: 'unscored', factors: [], threshold, held: false };
    }
    const { score, modelVersion, factors } = scorer.score(known);
    const held = score >= threshold;
    scored.inc({ model: modelVersion, held: String(held) });
    return { score, modelVersion, factors: [...factors], threshold, held };
  };
};
