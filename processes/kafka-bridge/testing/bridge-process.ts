// Test support only: one Kafka bridge in a process of its own, for tests that kill it with -9.
// Runs until SIGTERM; logs JSON lines on stdout.
import { EventStoreDBClient } from '@eventstore/db-client';
import { z } from 'zod';
import { createLogger } from '../../../infra/logger.ts';
import { createMetrics } from '../../../infra/metrics.ts';
import { startKafkaBridge } from '../index.ts';

const environment = z
  .object({
    EVENTSTORE_CONNECTION_STRING: z.string().min(1),
    KAFKA_BROKERS: z.string().min(1),
    BRIDGE_IDENTITY: z.string().min(1),
  })
  .parse(process.env);
const identity = z
  .object({
    group: z.string().min(1),
    transactionalId: z.string().min(1),
    topics: z.object({
      orders: z.string(),
      inventory: z.string(),
      payments: z.string(),
      deadLetter: z.string(),
      bridgeProgress: z.string(),
    }),
  })
  .parse(JSON.parse(environment.BRIDGE_IDENTITY));

const client = EventStoreDBClient.connectionString(environment.EVENTSTORE_CONNECTION_STRING);
const controller = new AbortController();
process.once('SIGTERM', () => {
  controller.abort();
});
const bridge = startKafkaBridge({
  client,
  brokers: environment.KAFKA_BROKERS,
  clientId: 'kafka-bridge-test',
  partitions: 3,
  replicationFactor: 1,
  logger: createLogger({ level: 'info', name: 'kafka-bridge-child' }),
  metrics: createMetrics({ defaultMetrics: false }),
  signal: controller.signal,
  startFrom: 'end',
  ...identity,
});
await bridge.done;
await client.dispose();
