// Test support only: a bridge of a test's own (group, topics, transactional id) and waiting on it.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'vitest';
import type { KafkaTopics } from '../../../infra/kafka/topics.ts';
import { silentLogger } from '../../../infra/logger.ts';
import { createMetrics } from '../../../infra/metrics.ts';
import { startKafkaBridge, type KafkaBridge, type KafkaBridgeOptions } from '../index.ts';

/** What makes a bridge a test's own; two bridges given the same identity compete for one group. */
export interface BridgeIdentity {
  readonly group: string;
  readonly transactionalId: string;
  readonly topics: KafkaTopics;
}

export const newIdentity = (topics: KafkaTopics): BridgeIdentity => ({
  group: `kafka-bridge-test-${randomUUID()}`,
  transactionalId: `kafka-bridge-test-${randomUUID()}`,
  topics,
});

export interface RunningBridge {
  readonly bridge: KafkaBridge;
  stop(): Promise<void>;
}

/** A bridge in this process; its group starts at the end of `$all`, so it sees only new events. */
export const runBridge = (
  client: EventStoreDBClient,
  brokers: string,
  identity: BridgeIdentity,
  extra: Partial<KafkaBridgeOptions> = {},
): RunningBridge => {
  const controller = new AbortController();
  const bridge = startKafkaBridge({
    client,
    brokers,
    clientId: 'kafka-bridge-test',
    partitions: 3,
    replicationFactor: 1,
    logger: silentLogger(),
    metrics: createMetrics({ defaultMetrics: false }),
    signal: controller.signal,
    startFrom: 'end',
    ...identity,
    ...extra,
  });
  return {
    bridge,
    stop: async () => {
      controller.abort();
      await bridge.done;
    },
  };
};

/** Waits until `condition` holds, failing the test with `what` after `timeoutMs`. */
export const waitUntil = async (
  what: string,
  condition: () => boolean,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) expect.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

/** Waits until the bridge's consumer is subscribed (its group exists, so new events reach it). */
export const untilSubscribed = (bridge: KafkaBridge): Promise<void> =>
  waitUntil('the bridge to subscribe', () => bridge.status().subscription?.state === 'live');

/** An event that cannot be read (its metadata lacks what every event carries): poison. */
export const appendPoison = async (client: EventStoreDBClient, stream: string): Promise<string> => {
  const id = randomUUID();
  await client.appendToStream(
    stream,
    jsonEvent({ id, type: 'OrderConfirmed', data: { orderId: stream }, metadata: {} }),
  );
  return id;
};
