import type { Registry } from 'prom-client';
import type { RouteLatency } from './health-schema.ts';

/** One reading of the HTTP histogram: per `method route`, cumulative bucket counts and errors. */
interface Reading {
  readonly at: number;
  readonly routes: Map<string, { buckets: Map<number, number>; count: number; errors: number }>;
}

const histogramName = 'order_ledger_http_request_duration_seconds';

const read = async (registry: Registry, at: number): Promise<Reading> => {
  const routes: Reading['routes'] = new Map();
  const metric = registry.getSingleMetric(histogramName);
  if (metric === undefined) return { at, routes };
  for (const value of (await metric.get()).values) {
    const { method, route, status, le } = value.labels;
    const key = `${String(method)} ${String(route)}`;
    const name =
      'metricName' in value && typeof value.metricName === 'string' ? value.metricName : '';
    const entry = routes.get(key) ?? { buckets: new Map<number, number>(), count: 0, errors: 0 };
    routes.set(key, entry);
    if (name.endsWith('_bucket') && le !== undefined) {
      const bound = le === '+Inf' ? Infinity : Number(le);
      entry.buckets.set(bound, (entry.buckets.get(bound) ?? 0) + value.value);
    } else if (name.endsWith('_count')) {
      entry.count += value.value;
      if (Number(status) >= 500) entry.errors += value.value;
    }
  }
  return { at, routes };
};

/** histogram_quantile's estimate: linear within the bucket the rank falls in. */
export const quantile = (q: number, buckets: readonly [number, number][]): number | null => {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0
        ? bound
        : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
};

/**
 * HTTP latency and errors per route over the last minutes, from the same histogram /metrics
 * serves: readings every `everyMs`, and the difference between now and the oldest one kept.
 */
export const createHttpWindow = (
  registry: Registry,
  { everyMs = 10_000, windowMs = 5 * 60_000, now = () => Date.now() } = {},
) => {
  const readings: Reading[] = [];
  const sample = async () => {
    readings.push(await read(registry, now()));
    while (readings.length > 1 && (readings[0]?.at ?? 0) < now() - windowMs) readings.shift();
  };
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  timer.unref();
  return {
    async routes(): Promise<{ windowSeconds: number; routes: RouteLatency[] }> {
      const latest = await read(registry, now());
      const base = readings[0];
      const routes: RouteLatency[] = [];
      for (const [key, entry] of latest.routes) {
        const before = base?.routes.get(key);
        const requests = entry.count - (before?.count ?? 0);
        if (requests <= 0) continue;
        const buckets = [...entry.buckets].map(([bound, count]): [number, number] => [
          bound,
          count - (before?.buckets.get(bound) ?? 0),
        ]);
        const [method = '', route = ''] = key.split(' ');
        routes.push({
          method,
          route,
          requests,
          errorRate: (entry.errors - (before?.errors ?? 0)) / requests,
          p50: quantile(0.5, buckets),
          p95: quantile(0.95, buckets),
          p99: quantile(0.99, buckets),
        });
      }
      routes.sort((a, b) => b.requests - a.requests);
      return { windowSeconds: Math.round((latest.at - (base?.at ?? latest.at)) / 1000), routes };
    },
    stop() {
      clearInterval(timer);
    },
  };
};
