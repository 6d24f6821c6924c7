import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics of one process. Components ask it for their counters by name; asking twice for the
 * same name returns the same metric, so factories can be called from tests more than once.
 */
export interface Metrics {
  readonly registry: Registry;
  counter<L extends string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    collect?: Collect,
  ): Counter<L>;
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    collect?: Collect,
  ): Gauge<L>;
  histogram<L extends string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    buckets?: readonly number[],
  ): Histogram<L>;
}

/**
 * Runs at every scrape, before the metric is read: for figures computed from their source then
 * (lags, open orders) rather than kept up to date on a hot path.
 */
export type Collect = () => void | Promise<void>;

/** Every family this product exports starts with it. */
export const metricPrefix = 'order_ledger_';
const prefix = metricPrefix;

/** Creates a registry of its own (never the global one) with Node's default metrics in it. */
export const createMetrics = (options: { defaultMetrics?: boolean } = {}): Metrics => {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });
  const existing = (name: string) => registry.getSingleMetric(prefix + name);

  return {
    registry,
    counter<L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[] = [],
      collect?: Collect,
    ): Counter<L> {
      const found = existing(name);
      // Same name, same metric: the labels were fixed by whoever made it first.
      if (found instanceof Counter) return found;
      return new Counter({
        name: prefix + name,
        help,
        labelNames,
        registers: [registry],
        ...(collect === undefined ? {} : { collect }),
      });
    },
    gauge<L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[] = [],
      collect?: Collect,
    ): Gauge<L> {
      const found = existing(name);
      if (found instanceof Gauge) return found;
      return new Gauge({
        name: prefix + name,
        help,
        labelNames,
        registers: [registry],
        ...(collect === undefined ? {} : { collect }),
      });
    },
    histogram<L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[] = [],
      buckets: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ): Histogram<L> {
      const found = existing(name);
      if (found instanceof Histogram) return found;
      return new Histogram({
        name: prefix + name,
        help,
        labelNames,
        buckets: [...buckets],
        registers: [registry],
      });
    },
  };
};
