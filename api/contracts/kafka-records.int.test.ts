import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type EventStore } from '../../infra/eventstore/event-store.ts';
import {
  startEmbeddedEventStore,
  type EmbeddedEventStore,
} from '../../infra/eventstore-server/index.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import {
  appendPoison,
  newIdentity,
  runBridge,
  untilSubscribed,
} from '../../processes/kafka-bridge/testing/bridge.ts';
import { appendOrders } from '../../processes/kafka-bridge/testing/history.ts';
import {
  createTestTopics,
  readCommitted,
  testKafka,
} from '../../processes/kafka-bridge/testing/kafka.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { asyncApiInfo } from './info.ts';
import { appendOtherEvents } from './testing/other-events.ts';
import { parseAsyncApi, recordChecker } from './testing/validator.ts';

// An event store of this test's own: its poison event (for the dead letter) on the harness's
// shared store would stop every in-memory API started after it from catching up its read models.
let server: EmbeddedEventStore;
let client: EventStoreDBClient;
let store: EventStore;
let kafka: Kafka;
let brokers: string;
beforeAll(async () => {
  server = await startEmbeddedEventStore({ port: 0, inMemory: true });
  client = EventStoreDBClient.connectionString(server.connectionString);
  store = createEventStore(client);
  brokers = serverUrl('kafka');
  kafka = testKafka(brokers);
});
afterAll(async () => {
  await client.dispose();
  await server.stop();
});

describe('the AsyncAPI document against Kafka', () => {
  it('given orders, every event type and a poison event through the bridge, then every record on every topic fits the document', async () => {
    const topics = await createTestTopics(kafka);
    const { parsed, errors } = await parseAsyncApi(asyncApiDocument(topics, asyncApiInfo));
    expect(errors).toEqual([]);
    if (parsed === undefined) throw new Error('the document did not parse');
    const check = recordChecker(parsed);

    const running = runBridge(client, brokers, newIdentity(topics));
    try {
      await untilSubscribed(running.bridge);
      const run = randomUUID().slice(0, 8);
      const ids = new Set([
        ...(await appendOrders(store, run, 3)).map((event) => event.id),
        ...(await appendOtherEvents(store, run)),
      ]);
      const poison = await appendPoison(client, `order-${run}-0`);
      const records = await readCommitted(
        kafka,
        [topics.orders, topics.inventory, topics.payments, topics.deadLetter],
        (read) =>
          read.filter((record) => ids.has(record.headers['event-id'] ?? '')).length >= ids.size &&
          read.some((record) => record.topic === topics.deadLetter),
      );

      const problems = records.flatMap((record) =>
        check(record).map((problem) => `${record.headers['event-id'] ?? '?'}: ${problem}`),
      );
      expect(problems).toEqual([]);
      // Every message of the document met a real record: none is checked only on paper.
      const seen = new Set(
        records.map((record) =>
          record.topic === topics.deadLetter
            ? 'DeadLetter'
            : `${record.headers['event-type'] ?? ''}.v${record.headers['schema-version'] ?? ''}`,
        ),
      );
      const messages = parsed
        .allMessages()
        .all()
        .map((message) => message.id());
      expect([...seen].sort()).toEqual([...new Set(messages)].sort());
      expect(
        records.find((record) => record.topic === topics.deadLetter)?.headers['event-id'],
      ).toBe(poison);
    } finally {
      await running.stop();
    }
  });
});
