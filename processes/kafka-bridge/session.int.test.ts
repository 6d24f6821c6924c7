import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaTopics } from '../../infra/kafka/topics.ts';
import { silentLogger } from '../../infra/logger.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { toBridged, type BridgedEvent } from './mapping.ts';
import { createTransactionalSession } from './session.ts';
import {
  createTestTopics,
  expectExactlyOnceInOrder,
  readCommitted,
  testKafka,
} from './testing/kafka.ts';
import { recorded } from './testing/recorded.ts';

const restock = (sku: string, revision: number): BridgedEvent => {
  const event = recorded(
    `inventory-${sku}`,
    revision,
    {
      type: 'StockRestocked',
      data: { sku, quantity: revision + 1, restockedAt: '2025-03-01T10:00:00.000Z' },
    },
    { id: randomUUID() },
  );
  const bridged = toBridged(event, topics);
  if (bridged === undefined) throw new Error('inventory streams are bridged');
  return bridged;
};

let kafka: Kafka;
let topics: KafkaTopics;
beforeAll(async () => {
  kafka = testKafka(serverUrl('kafka'));
  topics = await createTestTopics(kafka);
});

const session = (transactionalId: string) =>
  createTransactionalSession({ kafka, transactionalId, topics, logger: silentLogger() });

describe('a Kafka session of the bridge', () => {
  const opened: ReturnType<typeof session>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((each) => each.end()));
  });
  const open = (transactionalId: string) => {
    const created = session(transactionalId);
    opened.push(created);
    return created;
  };

  it('commits events with their progress, and the next session reads that progress back', async () => {
    const id = `bridge-test-${randomUUID()}`;
    const first = open(id);
    expect(await first.begin()).toEqual(new Map());
    const batch = [restock('A', 0), restock('B', 0), restock('A', 1), restock('A', 2)];
    const later = [restock('B', 1)];
    await first.commit(batch);
    await first.commit(later);
    await first.end();

    expect(await open(id).begin()).toEqual(
      new Map([
        ['inventory-A', 2],
        ['inventory-B', 1],
      ]),
    );
    const records = await readCommitted(kafka, [topics.inventory], (read) => read.length >= 5);
    expectExactlyOnceInOrder(
      records,
      [...batch, ...later].map((event) => event.id),
    );
    expect(records.find((record) => record.key === 'A')?.headers['event-type']).toBe(
      'StockRestocked',
    );
  });

  it('fences an older session with the same transactional id: nothing it commits is seen', async () => {
    const id = `bridge-test-${randomUUID()}`;
    const older = open(id);
    await older.begin();
    const newer = open(id);
    await newer.begin();
    const zombie = [restock('Z', 0)];
    await expect(older.commit(zombie)).rejects.toThrow();
    const live = [restock('Y', 0)];
    await newer.commit(live);

    const progress = await open(id).begin();
    expect(progress.get('inventory-Y')).toBe(0);
    expect(progress.has('inventory-Z')).toBe(false);
    const records = await readCommitted(kafka, [topics.inventory], (read) =>
      read.some((record) => record.headers['event-id'] === live[0]?.id),
    );
    expect(records.map((record) => record.headers['event-id'])).not.toContain(zombie[0]?.id);
  });
});
