import { createFraudFeatureFold } from '../../processes/fraud/features.ts';
import type { FraudFeatures } from '../../processes/fraud/features.ts';
import { logisticScorer } from '../../processes/fraud/model.ts';
import { rulesScorer, rulesThreshold } from '../../processes/fraud/rules.ts';
import type { EvaluationFigures } from '../../processes/fraud/artefact.ts';
import { seededLog } from '../../scripts/train/fraud-data.ts';
import { printFigures } from '../../scripts/train/fraud-print.ts';
import { figuresAt } from '../../scripts/train/fraud-figures.ts';
import { trainFraud } from '../../scripts/train/fraud.ts';

export type FraudBenchOptions = {
  readonly orders: number;
  readonly days: number;
  readonly trainSeed: number;
  readonly testSeed: number;
  readonly steps?: number;
};

export type FraudBenchFigures = {
  readonly threshold: number;
  /** The training seed's own held-out last 15 % (time split). */
  readonly heldOut: EvaluationFigures;
  /** The second half (by time) of another seed's history; the first half only warms the fold up. */
  readonly otherSeed: EvaluationFigures;
  /** The rules fallback (rules-v1) on the same orders, at its own threshold: the baseline. */
  readonly rules: EvaluationFigures;
  /** Of the other seed's fraud episodes (a burst, a run of declines), the share with an order held. */
  readonly episodeRecall: number;
  /** CPU per order of the other seed's log: every event folded, every order scored. */
  readonly cpuMicrosPerOrder: number;
  readonly testOrders: number;
};

/**
 * Trains on `trainSeed`'s history as `npm run train -- fraud` does, then replays `testSeed`'s
 * history through a fresh fold and the trained scorer as the pipeline would, order by order.
 */
export const evaluateFraud = (options: FraudBenchOptions): Promise<FraudBenchFigures> =>
  Promise.resolve(measure(options));

const measure = (options: FraudBenchOptions): FraudBenchFigures => {
  const { orders, days, trainSeed, testSeed } = options;
  const trained = trainFraud({ orders, days, seed: trainSeed, steps: options.steps ?? 2000 });
  const scorer = logisticScorer({ ...trained, version: 'fraud-logreg-bench' });
  const log = seededLog({ orders, days, seed: testSeed });
  const fold = createFraudFeatureFold();
  const scores: { orderId: string; score: number; features: FraudFeatures }[] = [];
  const started = process.cpuUsage();
  for (const event of log.events) {
    fold.apply(event);
    const orderId = event.placed;
    if (orderId === undefined) continue;
    const features = fold.featuresOf(orderId);
    if (features === undefined) continue;
    scores.push({ orderId, score: scorer.score(features).score, features });
    fold.forget(orderId);
  }
  const cpu = process.cpuUsage(started);
  const judged = scores.slice(Math.floor(scores.length / 2));
  const scored = judged.map(({ orderId, score }) => ({ score, fraud: log.fraud.has(orderId) }));
  const byRules = judged.map(({ orderId, features }) => ({
    score: rulesScorer.score(features).score,
    fraud: log.fraud.has(orderId),
  }));
  const episodes = new Map<number, boolean>();
  for (const { orderId, score } of judged) {
    const episode = log.fraud.get(orderId);
    if (episode === undefined) continue;
    episodes.set(episode, (episodes.get(episode) ?? false) || score >= trained.threshold);
  }
  const caught = [...episodes.values()].filter(Boolean).length;
  return {
    threshold: trained.threshold,
    heldOut: trained.evaluation,
    otherSeed: figuresAt(scored, trained.threshold),
    rules: figuresAt(byRules, rulesScorer.threshold),
    episodeRecall: episodes.size === 0 ? 0 : caught / episodes.size,
    cpuMicrosPerOrder: (cpu.user + cpu.system) / Math.max(1, scores.length),
    testOrders: scores.length,
  };
};

/** Prints the figures under a heading, with the targets beside them. */
export const printFraudFigures = (figures: FraudBenchFigures, options: FraudBenchOptions): void => {
  console.log(
    `fraud: trained on seed ${String(options.trainSeed)}, ${String(options.orders)} orders over ${String(options.days)} days; threshold ${String(figures.threshold)}`,
  );
  console.log('  held-out last 15 % of the training seed:');
  printFigures(figures.heldOut, '    ');
  console.log(`  seed ${String(options.testSeed)} (never trained on), its second half by time:`);
  printFigures(figures.otherSeed, '    ');
  console.log(
    `    episodes with an order held: ${(figures.episodeRecall * 100).toFixed(1)} %; target: recall ≥ 90 % ${figures.otherSeed.recall >= 0.9 ? 'met' : 'NOT met'}`,
  );
  console.log(`    the rules (rules-v1, threshold ${String(rulesThreshold)}) on the same orders:`);
  printFigures(figures.rules, '    ');
  console.log(
    `  CPU per order (fold every event + score): ${figures.cpuMicrosPerOrder.toFixed(1)} µs over ${String(figures.testOrders)} orders; target < 1000 µs ${figures.cpuMicrosPerOrder < 1000 ? 'met' : 'NOT met'}`,
  );
};
