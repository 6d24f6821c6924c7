import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../../domain/events.ts';
import { createEventStore, type EventStore } from '../../infra/eventstore/event-store.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { destinationOf } from './mapping.ts';
import { appendPoison, newIdentity, runBridge, untilSubscribed } from './testing/bridge.ts';
import { appendOrders } from './testing/history.ts';
import {
  createTestTopics,
  expectExactlyOnceInOrder,
  readCommitted,
  testKafka,
} from './testing/kafka.ts';

let client: EventStoreDBClient;
let store: EventStore;
let kafka: Kafka;
let brokers: string;
beforeAll(() => {
  client = EventStoreDBClient.connectionString(serverUrl('eventstore'));
  store = createEventStore(client);
  brokers = serverUrl('kafka');
  kafka = testKafka(brokers);
});
afterAll(async () => {
  await client.dispose();
});

describe('the Kafka bridge', () => {
  it('publishes every event once, per key in stream order, with its headers and stored data', async () => {
    const topics = await createTestTopics(kafka);
    const running = runBridge(client, brokers, newIdentity(topics));
    try {
      await untilSubscribed(running.bridge);
      const appended = await appendOrders(store, randomUUID().slice(0, 8), 50);
      const ids = new Set(appended.map((event) => event.id));
      const records = await readCommitted(
        kafka,
        [topics.orders, topics.inventory, topics.payments],
        (read) =>
          read.filter((record) => ids.has(record.headers['event-id'] ?? '')).length >= ids.size,
      );
      expect(appended).toHaveLength(300);
      expectExactlyOnceInOrder(records, [...ids]);

      const byId = new Map(records.map((record) => [record.headers['event-id'], record]));
      const revisions = new Map<string, number>();
      for (const event of appended) {
        const revision = revisions.get(event.stream) ?? 0;
        revisions.set(event.stream, revision + 1);
        const destination = destinationOf(event.stream, topics);
        expect(byId.get(event.id)).toMatchObject({
          topic: destination?.topic,
          key: destination?.key,
          headers: {
            'event-type': event.event.type,
            'event-id': event.id,
            'stream-id': event.stream,
            'stream-revision': String(revision),
            'correlation-id': event.correlationId,
            'causation-id': event.id,
            'schema-version': String(domainEvents.currentVersion(event.event.type)),
            'content-type': 'application/json',
          },
        });
        expect(JSON.parse(byId.get(event.id)?.value ?? 'null')).toEqual(event.event.data);
      }
      expect(running.bridge.status()).toMatchObject({
        state: 'running',
        publishing: { session: 'open' },
      });
    } finally {
      await running.stop();
    }
  });

  it('parks an event it cannot read, publishes it as a dead letter, and bridges the rest', async () => {
    const topics = await createTestTopics(kafka);
    const running = runBridge(client, brokers, newIdentity(topics));
    try {
      await untilSubscribed(running.bridge);
      const run = randomUUID().slice(0, 8);
      const first = await appendOrders(store, run, 1);
      const poison = await appendPoison(client, `order-${run}-0`);
      const later = await appendOrders(store, run, 1, { firstOrder: 1 });

      const [deadLetter] = await readCommitted(
        kafka,
        [topics.deadLetter],
        (read) => read.length >= 1,
      );
      expect(deadLetter).toMatchObject({
        key: `order-${run}-0`,
        headers: { 'event-id': poison, 'stream-revision': '3', 'event-type': 'OrderConfirmed' },
      });
      expect(deadLetter?.headers.group).toMatch(/^kafka-bridge-test-/);
      expect(deadLetter?.headers.reason).toMatch(/metadata/);
      const wanted = [...first, ...later].map((event) => event.id);
      const records = await readCommitted(
        kafka,
        [topics.orders, topics.inventory, topics.payments],
        (read) => wanted.every((id) => read.some((record) => record.headers['event-id'] === id)),
      );
      expect(records.map((record) => record.headers['event-id'])).not.toContain(poison);
      expect(running.bridge.status().subscription?.poison).toBe(1);
    } finally {
      await running.stop();
    }
  });
});
