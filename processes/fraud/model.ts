import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { FraudArtefact } from './artefact.ts';
import { labelOf } from './factor-labels.ts';
import type { FraudFeatures } from './features.ts';
import type { FraudScorer, RiskScore } from './risk-score.ts';
import { topFactors } from './risk-score.ts';

/** What a trained logistic regression needs to score: the fitted numbers, nothing else. */
export type LogisticParameters = Pick<FraudArtefact, 'features' | 'standardization' | 'parameters'>;

/**
 * Scores with the artefact's numbers directly (a dot product, well under a microsecond) rather
 * than through the library, which would build matrices for every order. A feature's contribution
 * is its weight times its standardized value: the amount it moves the log-odds.
 */
export const logisticScorer = (
  artefact: LogisticParameters & Pick<FraudArtefact, 'version' | 'threshold'>,
): FraudScorer => {
  const { features: names, standardization, parameters } = artefact;
  const score = (features: FraudFeatures): RiskScore => {
    let logit = parameters.intercept;
    const contributions = names.map((feature, index) => {
      const mean = standardization.mean[index] ?? 0;
      const std = standardization.std[index] ?? 1;
      const contribution =
        (parameters.weights[index] ?? 0) * (((features[feature] ?? 0) - mean) / std);
      logit += contribution;
      return contribution;
    });
    const factors = topFactors(
      contributions.map((contribution, index) => ({
        feature: names[index] ?? '',
        label: '',
        contribution,
      })),
    ).map((factor) => ({ ...factor, label: labelOf(factor.feature, features) }));
    return {
      score: Math.round(100 / (1 + Math.exp(-logit))),
      modelVersion: artefact.version,
      factors,
    };
  };
  return { modelVersion: artefact.version, threshold: artefact.threshold, score };
};

export type TrainingOptions = { readonly steps: number };

/**
 * Fits a logistic regression with ml-logistic-regression on standardized features. The library
 * has no intercept, so a constant column stands in for it; it sums (not averages) the gradient,
 * so its learning rate is divided by the number of rows. Fraud is rare: the score is given as
 * if fraud and genuine orders were equally common (the intercept moved by the log of their
 * ratio), so 50 means the evidence is even and the scale is not crushed near zero.
 */
export const fitLogistic = (
  names: readonly string[],
  rows: readonly FraudFeatures[],
  labels: readonly boolean[],
  options: TrainingOptions,
): LogisticParameters => {
  const columns = names.map((name) => rows.map((row) => row[name] ?? 0));
  const mean = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / rows.length);
  const std = columns.map((column, index) => {
    const m = mean[index] ?? 0;
    const variance = column.reduce((sum, value) => sum + (value - m) ** 2, 0) / rows.length;
    return Math.sqrt(variance) || 1;
  });
  const matrix = new Matrix(
    rows.map((row) => [
      1,
      ...names.map((name, index) => ((row[name] ?? 0) - (mean[index] ?? 0)) / (std[index] ?? 1)),
    ]),
  );
  const classes = Matrix.columnVector(labels.map((fraud) => (fraud ? 1 : 0)));
  const model = new LogisticRegression({ numSteps: options.steps, learningRate: 1 / rows.length });
  model.train(matrix, classes);
  // Classifier 0 scores "not genuine", i.e. fraud (one-vs-all over the classes 0 and 1).
  const weights = model.classifiers[0]?.weights.to1DArray();
  if (weights === undefined) throw new Error('the library trained no classifier');
  const fraud = labels.filter(Boolean).length;
  const balance = Math.log((labels.length - fraud) / Math.max(1, fraud));
  return {
    features: [...names],
    standardization: { mean, std },
    parameters: { intercept: (weights[0] ?? 0) + balance, weights: weights.slice(1) },
  };
};
