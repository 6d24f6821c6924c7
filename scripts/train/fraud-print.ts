import type { EvaluationFigures } from '../../processes/fraud/artefact.ts';

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** One line a person reads: what was flagged and how much of it was fraud. */
export const printFigures = (figures: EvaluationFigures, indent = '  '): void => {
  console.log(
    `${indent}recall ${percent(figures.recall)} (${String(Math.round(figures.recall * figures.fraud))} of ${String(figures.fraud)} fraud orders), ` +
      `precision ${percent(figures.precision)}, false-positive rate ${percent(figures.falsePositiveRate)} ` +
      `(${String(figures.flagged)} of ${String(figures.orders)} orders held)`,
  );
};
