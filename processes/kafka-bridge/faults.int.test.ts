import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type EventStore } from '../../infra/eventstore/event-store.ts';
import { ensureGroup } from '../../infra/eventstore/persistent-group.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { bridgeGroupSettings } from './group.ts';
import { bridgedStreamPrefixes } from './mapping.ts';
import {
  newIdentity,
  runBridge,
  untilSubscribed,
  waitUntil,
  type BridgeIdentity,
  type RunningBridge,
} from './testing/bridge.ts';
import { spawnBridge } from './testing/child.ts';
import { appendUntil, type Appended } from './testing/history.ts';
import {
  createTestTopics,
  expectExactlyOnceInOrder,
  readCommitted,
  testKafka,
  type ReadRecord,
} from './testing/kafka.ts';

let eventstore: string;
let brokers: string;
let client: EventStoreDBClient;
let store: EventStore;
let kafka: Kafka;
beforeAll(() => {
  eventstore = serverUrl('eventstore');
  brokers = serverUrl('kafka');
  client = EventStoreDBClient.connectionString(eventstore);
  store = createEventStore(client);
  kafka = testKafka(brokers);
});
afterAll(async () => {
  await client.dispose();
});

const domainTopics = (identity: BridgeIdentity) => [
  identity.topics.orders,
  identity.topics.inventory,
  identity.topics.payments,
];

const holdsAll = (appended: readonly Appended[]) => {
  const ids = new Set(appended.map((event) => event.id));
  return (read: readonly ReadRecord[]) =>
    read.filter((record) => ids.has(record.headers['event-id'] ?? '')).length >= ids.size;
};

describe('the Kafka bridge, stopped mid-stream', () => {
  it('publishes every event exactly once when killed with -9 and started again', async () => {
    const identity = newIdentity(await createTestTopics(kafka));
    // The group exists before any event, so what is appended while no bridge runs is kept.
    await ensureGroup(
      client,
      identity.group,
      { kind: 'all', streamPrefixes: bridgedStreamPrefixes },
      bridgeGroupSettings('end'),
    );
    const first = spawnBridge(eventstore, brokers, identity);
    let second: ReturnType<typeof spawnBridge> | undefined;
    const appending = new AbortController();
    try {
      const { appended, done } = appendUntil(store, randomUUID().slice(0, 8), appending.signal);
      await waitUntil('the first bridge to publish', () => first.logged('Kafka session started'));
      await sleep(1_500);
      await first.kill('SIGKILL');
      const killedAt = appended.length;
      const before = await readCommitted(kafka, domainTopics(identity), (read) => read.length > 0, {
        settleMs: 500,
      });
      second = spawnBridge(eventstore, brokers, identity);
      await waitUntil('events appended after the kill', () => appended.length > killedAt + 60);
      appending.abort();
      await done;
      expect(before.length).toBeLessThan(appended.length);

      const records = await readCommitted(kafka, domainTopics(identity), holdsAll(appended), {
        timeoutMs: 40_000,
      });
      expectExactlyOnceInOrder(
        records,
        appended.map((event) => event.id),
      );
    } catch (error) {
      throw new Error(
        `${String(error)}\n--- first bridge:\n${first.output()}\n--- second bridge:\n${second?.output() ?? ''}`,
        { cause: error },
      );
    } finally {
      appending.abort();
      await first.kill('SIGKILL');
      await second?.kill('SIGTERM');
    }
  });

  it('hands over to a standby when the active bridge stops, and publishes nothing twice', async () => {
    const identity = newIdentity(await createTestTopics(kafka));
    const one = runBridge(client, brokers, identity);
    const other = runBridge(client, brokers, identity);
    const appending = new AbortController();
    try {
      const stateOf = (running: RunningBridge) => running.bridge.status().subscription?.state;
      await waitUntil(
        'one bridge active, one standing by',
        () =>
          [one, other].filter((running) => stateOf(running) === 'standby').length === 1 &&
          [one, other].filter((running) => stateOf(running) === 'live').length === 1,
      );
      const [active, standby] = stateOf(one) === 'standby' ? [other, one] : [one, other];
      await untilSubscribed(active.bridge);
      const { appended, done } = appendUntil(store, randomUUID().slice(0, 8), appending.signal);
      await waitUntil(
        'the active bridge to publish',
        () => active.bridge.status().publishing.published > 20,
      );
      await active.stop();
      const stoppedAt = appended.length;
      await waitUntil('events appended after the stop', () => appended.length > stoppedAt + 60);
      appending.abort();
      await done;

      const records = await readCommitted(kafka, domainTopics(identity), holdsAll(appended), {
        timeoutMs: 40_000,
      });
      expectExactlyOnceInOrder(
        records,
        appended.map((event) => event.id),
      );
      expect(standby.bridge.status().publishing.published).toBeGreaterThan(0);
    } finally {
      appending.abort();
      await Promise.all([one.stop(), other.stop()]);
    }
  });
});
