import type { FraudArtefact } from '../../processes/fraud/artefact.ts';
import { featureNames } from '../../processes/fraud/features.ts';
import { fitLogistic, logisticScorer } from '../../processes/fraud/model.ts';
import { labelledOrders, seededLog } from './fraud-data.ts';
import type { HistoryShape, LabelledOrder } from './fraud-data.ts';
import { figuresAt, thresholdFor } from './fraud-figures.ts';

export type FraudTraining = HistoryShape & {
  /** Gradient steps of the library's optimiser. */
  readonly steps?: number;
  /**
   * The share of fraud the threshold must flag on the tuning part: 0.93 by default, a margin over
   * the 90 % target because another history's fraud is flagged a point or two less.
   */
  readonly recall?: number;
};

// Genuine orders kept per fraud order for fitting (all the fraud, every n-th genuine order):
// fitting on a smaller, less lopsided sample costs less, and the score is put on even odds anyway
// (model.ts).
const genuinePerFraud = 10;

/** Orders by time: the first 70 % fit the model, the next 15 % set the threshold, the last 15 % judge it. */
export const timeSplit = (orders: readonly LabelledOrder[]) => {
  const fitEnd = Math.floor(orders.length * 0.7);
  const tuneEnd = Math.floor(orders.length * 0.85);
  return {
    fit: orders.slice(0, fitEnd),
    tune: orders.slice(fitEnd, tuneEnd),
    test: orders.slice(tuneEnd),
  };
};

const balancedSample = (orders: readonly LabelledOrder[]): LabelledOrder[] => {
  const fraud = orders.filter((order) => order.fraud).length;
  const every = Math.max(1, Math.floor((orders.length - fraud) / (fraud * genuinePerFraud)));
  let genuine = 0;
  return orders.filter((order) => order.fraud || genuine++ % every === 0);
};

/** Trains on a seeded history; the artefact's version is the caller's to give. */
export const trainFraud = (
  options: FraudTraining,
  trainedAt: Date = new Date(),
): Omit<FraudArtefact, 'version'> => {
  const steps = options.steps ?? 2000;
  const { fit, tune, test } = timeSplit(labelledOrders(seededLog(options)));
  const sample = balancedSample(fit);
  const fitted = fitLogistic(
    featureNames,
    sample.map((order) => order.features),
    sample.map((order) => order.fraud),
    { steps },
  );
  // The threshold is not known yet and does not change a score.
  const scorer = logisticScorer({ ...fitted, version: 'fraud-logreg-v0', threshold: 50 });
  const scoreOf = (orders: readonly LabelledOrder[]) =>
    orders.map((order) => ({ score: scorer.score(order.features).score, fraud: order.fraud }));
  const threshold = thresholdFor(scoreOf(tune), options.recall ?? 0.93);
  return {
    ...fitted,
    kind: 'logistic-regression',
    trainedAt: trainedAt.toISOString(),
    threshold,
    training: {
      library: 'ml-logistic-regression@2.0.0',
      orders: options.orders,
      days: options.days,
      seed: options.seed,
      rows: sample.length,
      fraudRows: sample.filter((order) => order.fraud).length,
      steps,
    },
    evaluation: figuresAt(scoreOf(test), threshold),
  };
};
