/** One measured figure, optionally next to the baseline measured in the same run and a target. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** `atLeast`: higher is better; `atMost`: lower is better. */
  readonly target?: { readonly atLeast?: number; readonly atMost?: number };
}

const format = (value: number): string =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);

const verdict = (figure: Figure): string => {
  const target = figure.target;
  if (!target) return '';
  if (target.atLeast !== undefined) {
    return `${figure.value >= target.atLeast ? 'PASS' : 'MISS'} (target >= ${format(target.atLeast)})`;
  }
  if (target.atMost !== undefined) {
    return `${figure.value <= target.atMost ? 'PASS' : 'MISS'} (target <= ${format(target.atMost)})`;
  }
  return '';
};

/** Prints a table of figures with their ratio to the baseline and the verdict on the target. */
export const printFigures = (title: string, figures: readonly Figure[]): void => {
  const rows = figures.map((figure) => [
    figure.name,
    `${format(figure.value)} ${figure.unit}`,
    figure.baseline
      ? `${(figure.value / figure.baseline.value).toFixed(3)}x of ${figure.baseline.name} (${format(figure.baseline.value)})`
      : '',
    verdict(figure),
  ]);
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  console.log(`\n${title}`);
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  }
};

/** The p-th percentile (0..100) of a list of numbers. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
};
