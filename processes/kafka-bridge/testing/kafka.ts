// Test support only: topics of a test's own on a shared broker, and reading them back.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IHeaders, Kafka } from 'kafkajs';
import { expect } from 'vitest';
import { createKafka } from '../../../infra/kafka/client.ts';
import { ensureTopics, type KafkaTopics } from '../../../infra/kafka/topics.ts';
import { silentLogger } from '../../../infra/logger.ts';

/** A record as a read_committed consumer got it, all text. */
export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const testKafka = (brokers: string): Kafka =>
  createKafka({ brokers, clientId: 'kafka-bridge-test', logger: silentLogger() });

/** Topic names no other test uses, created with 3 partitions so that keys really spread. */
export const createTestTopics = async (kafka: Kafka): Promise<KafkaTopics> => {
  const run = randomUUID().slice(0, 8);
  const topics: KafkaTopics = {
    orders: `test.${run}.orders`,
    inventory: `test.${run}.inventory`,
    payments: `test.${run}.payments`,
    deadLetter: `test.${run}.deadletter`,
    bridgeProgress: `test.${run}.progress`,
  };
  await ensureTopics(kafka, topics, { partitions: 3, replicationFactor: 1 }, silentLogger());
  return topics;
};

const text = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, String(value ?? '')]),
  );

/**
 * Reads `topics` from the beginning with a new read_committed consumer group until `enough`
 * holds of what was read, then goes on for `settleMs` more (so a duplicate arriving late is seen
 * too). Fails the test when `enough` does not hold within `timeoutMs`.
 */
export const readCommitted = async (
  kafka: Kafka,
  topics: readonly string[],
  enough: (records: readonly ReadRecord[]) => boolean,
  { timeoutMs = 30_000, settleMs = 1_000 } = {},
): Promise<ReadRecord[]> => {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        records.push({
          topic,
          partition,
          offset: BigInt(message.offset),
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: text(message.headers),
        });
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (!enough(records) && Date.now() < deadline) await sleep(100);
    expect(enough(records), `${records.length} records read within ${timeoutMs} ms`).toBe(true);
    await sleep(settleMs);
  } finally {
    await consumer.disconnect();
  }
  return records;
};

/** Every event id once; the stream revisions of each key in order (per partition). */
export const expectExactlyOnceInOrder = (
  records: readonly ReadRecord[],
  expectedIds: readonly string[],
): void => {
  const ids = records.map((record) => record.headers['event-id'] ?? '');
  const wanted = new Set(expectedIds);
  const ours = ids.filter((id) => wanted.has(id));
  expect(new Set(ours).size, 'distinct expected ids in Kafka').toBe(wanted.size);
  expect(ours.length, 'expected ids in Kafka, duplicates included').toBe(wanted.size);
  const byStream = new Map<string, ReadRecord[]>();
  for (const record of records) {
    const stream = record.headers['stream-id'] ?? '';
    byStream.set(stream, [...(byStream.get(stream) ?? []), record]);
  }
  for (const [stream, ofStream] of byStream) {
    const sorted = [...ofStream].sort((a, b) => (a.offset < b.offset ? -1 : 1));
    expect(
      new Set(sorted.map((record) => record.partition)).size,
      `${stream} on one partition`,
    ).toBe(1);
    const revisions = sorted.map((record) => Number(record.headers['stream-revision']));
    expect(revisions, `${stream} in revision order`).toEqual([...revisions].sort((a, b) => a - b));
  }
};
