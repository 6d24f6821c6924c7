import { EventStoreDBClient } from '@eventstore/db-client';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../infra/metrics.ts';
import { maybeStartKafkaBridge } from './index.ts';

const config = {
  KAFKA_CLIENT_ID: 'order-ledger',
  KAFKA_TOPIC_PARTITIONS: 6,
  KAFKA_REPLICATION_FACTOR: 1,
  KAFKA_BRIDGE_LINGER_MS: 10,
  KAFKA_BRIDGE_MAX_BATCH: 500,
};

describe('the Kafka bridge without KAFKA_BROKERS', () => {
  it('is off, and says so once in the log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    // Connects on its first call only, and the bridge makes none when it is off.
    const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
    const bridge = maybeStartKafkaBridge(
      { ...config, KAFKA_BROKERS: undefined },
      {
        client,
        logger,
        metrics: createMetrics({ defaultMetrics: false }),
        signal: new AbortController().signal,
      },
    );
    await client.dispose();
    expect(bridge).toBeUndefined();
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'Kafka bridge is off: KAFKA_BROKERS is not set',
    ]);
  });
});
