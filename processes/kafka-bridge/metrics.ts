import type { Metrics } from '../../infra/metrics.ts';

/** What the bridge counts, for /metrics. */
export const bridgeMetrics = (metrics: Metrics) => ({
  published: metrics.counter(
    'kafka_bridge_events_published_total',
    'Events the Kafka bridge committed to Kafka',
  ),
  skipped: metrics.counter(
    'kafka_bridge_events_skipped_total',
    'Delivered events already in Kafka (redeliveries), acked without producing',
  ),
  batches: metrics.counter('kafka_bridge_batches_total', 'Kafka transactions the bridge committed'),
  failures: metrics.counter(
    'kafka_bridge_transaction_failures_total',
    'Kafka transactions that failed and were retried in a new session',
  ),
  commitPosition: metrics.gauge(
    'kafka_bridge_commit_position',
    'The $all commit position of the last event the bridge published',
  ),
  commitSeconds: metrics.histogram(
    'kafka_bridge_commit_seconds',
    'Time to write and commit one Kafka transaction',
  ),
});

export type BridgeMetrics = ReturnType<typeof bridgeMetrics>;
