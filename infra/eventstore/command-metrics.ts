import type { Metrics } from '../metrics.ts';

export type CommandOutcome = 'handled' | 'duplicate' | 'refused' | 'failed';

/** The command handler's metrics for one aggregate. */
export const commandMetrics = (metrics: Metrics, aggregate: string) => {
  const commands = metrics.counter('commands_total', 'Commands by aggregate and outcome', [
    'aggregate',
    'outcome',
  ]);
  const conflicts = metrics.counter(
    'command_conflicts_total',
    'Appends retried after a concurrency conflict',
    ['aggregate'],
  );
  const batchSizes = metrics.histogram(
    'command_batch_size',
    'Commands decided per append',
    ['aggregate'],
    [1, 2, 5, 10, 50, 100, 500],
  );
  return {
    command: (outcome: CommandOutcome, count = 1) => {
      commands.inc({ aggregate, outcome }, count);
    },
    conflict: () => {
      conflicts.inc({ aggregate });
    },
    batch: (size: number) => {
      batchSizes.observe({ aggregate }, size);
    },
  };
};
