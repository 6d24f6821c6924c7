import type { EvaluationFigures } from '../../processes/fraud/artefact.ts';

/** A scored order and whether it was injected fraud. */
export type Scored = { readonly score: number; readonly fraud: boolean };

/** Precision, recall and false-positive rate when orders scoring `threshold` or more are held. */
export const figuresAt = (scored: readonly Scored[], threshold: number): EvaluationFigures => {
  let truePositives = 0;
  let falsePositives = 0;
  let fraud = 0;
  for (const { score, fraud: isFraud } of scored) {
    if (isFraud) fraud += 1;
    if (score < threshold) continue;
    if (isFraud) truePositives += 1;
    else falsePositives += 1;
  }
  const flagged = truePositives + falsePositives;
  const genuine = scored.length - fraud;
  return {
    orders: scored.length,
    fraud,
    flagged,
    precision: flagged === 0 ? 0 : truePositives / flagged,
    recall: fraud === 0 ? 0 : truePositives / fraud,
    falsePositiveRate: genuine === 0 ? 0 : falsePositives / genuine,
  };
};

/**
 * The highest threshold that still flags `recall` of the fraud: as few genuine orders held as the
 * recall target allows.
 */
export const thresholdFor = (scored: readonly Scored[], recall: number): number => {
  for (let threshold = 100; threshold > 0; threshold--) {
    if (figuresAt(scored, threshold).recall >= recall) return threshold;
  }
  return 0;
};
