import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Kafka,
  logLevel,
  type Admin,
  type IHeaders,
  type KafkaConfig,
  type Producer,
} from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalKafka, type LocalKafka } from './kafka.ts';
import { serverUrl } from './use-server.ts';

interface Received {
  readonly key: string;
  readonly partition: number;
  readonly value: string;
  readonly headers: Record<string, string>;
}

const client = (brokers: string, extra: Partial<KafkaConfig> = {}): Kafka =>
  new Kafka({
    clientId: 'kafka-harness-test',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    ...extra,
  });

const createTopic = async (admin: Admin, partitions: number): Promise<string> => {
  const topic = `harness.${randomUUID()}`;
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  return topic;
};

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, value?.toString() ?? '']),
  );

/** Reads `count` messages of `topic` from the start with a new consumer group. */
const consume = async (kafka: Kafka, topic: string, count: number, groupId: string) => {
  const consumer = kafka.consumer({ groupId });
  const received: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        received.push({
          key: message.key?.toString() ?? '',
          partition,
          value: message.value?.toString() ?? '',
          headers: headerText(message.headers),
        });
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 30_000;
    while (received.length < count && Date.now() < deadline) await sleep(100);
  } finally {
    await consumer.disconnect();
  }
  return received;
};

const sendKeyed = (producer: Producer, topic: string, key: string, value: string) =>
  producer.send({ topic, acks: -1, messages: [{ key, value, headers: { 'event-type': value } }] });

describe('the Kafka broker the harness provides', () => {
  it('keeps each key in order on one partition for a consumer group', async () => {
    const kafka = client(serverUrl('kafka'));
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const topic = await createTopic(admin, 3);
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata?.partitions).toHaveLength(3);

      const keys = ['order-1', 'order-2', 'order-3', 'order-4', 'order-5', 'order-6'];
      const revisions = [0, 1, 2, 3, 4];
      for (const revision of revisions) {
        const sent = await producer.send({
          topic,
          acks: -1,
          messages: keys.map((key) => ({
            key,
            value: JSON.stringify({ key, revision }),
            headers: { 'event-type': 'OrderTouched', 'stream-revision': `${revision}` },
          })),
        });
        expect(sent.filter((record) => record.errorCode !== 0)).toEqual([]);
      }

      const groupId = `harness-${randomUUID()}`;
      const received = await consume(kafka, topic, keys.length * revisions.length, groupId);
      expect(received).toHaveLength(keys.length * revisions.length);
      for (const key of keys) {
        const ofKey = received.filter((message) => message.key === key);
        expect(new Set(ofKey.map((message) => message.partition)).size).toBe(1);
        expect(ofKey.map((message) => JSON.parse(message.value) as unknown)).toEqual(
          revisions.map((revision) => ({ key, revision })),
        );
        expect(ofKey.map((message) => message.headers)).toEqual(
          revisions.map((revision) => ({
            'event-type': 'OrderTouched',
            'stream-revision': `${revision}`,
          })),
        );
      }
      // The keys really were spread, so per-key order was not just one partition's order.
      expect(new Set(received.map((message) => message.partition)).size).toBeGreaterThan(1);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const offsets = committed?.partitions.map((partition) => Number(partition.offset)) ?? [];
      expect(offsets.reduce((sum, offset) => sum + offset, 0)).toBe(received.length);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});

// Stopping the shared broker would break the tests beside this file, so these use their own. Its
// JVM boots (seconds) while the shared broker's test runs; a failed start fails the tests below.
let ownBroker: Promise<LocalKafka> | undefined;
beforeAll(() => {
  ownBroker = startLocalKafka();
  ownBroker.catch(() => undefined);
});
afterAll(async () => {
  await (await ownBroker?.catch(() => undefined))?.dispose();
});

describe('a local broker of our own, stopped and paused', () => {
  let broker: LocalKafka;
  beforeAll(async () => {
    if (ownBroker === undefined) throw new Error('the broker was never started');
    broker = await ownBroker;
  });

  it('lets a producer with retries deliver once the broker is back on the same port', async () => {
    // Retries bounded (rather than the idempotent default, forever) so a broken restart fails.
    const kafka = client(broker.brokers, {
      retry: { initialRetryTime: 200, maxRetryTime: 1_000, retries: 40 },
    });
    const admin = kafka.admin();
    await admin.connect();
    const topic = await createTopic(admin, 1);
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await sendKeyed(producer, topic, 'order-1', 'before');
      await broker.stop();

      let settled = false;
      const during = sendKeyed(producer, topic, 'order-1', 'during')
        .then(
          (records) => ({ records }),
          (error: unknown) => ({ error }),
        )
        .finally(() => {
          settled = true;
        });
      await sleep(2_000);
      expect(settled).toBe(false);

      await broker.start();
      const outcome = await during;
      if ('error' in outcome) throw outcome.error;
      expect(outcome.records.map((record) => record.errorCode)).toEqual([0]);
    } finally {
      await producer.disconnect();
    }
    const received = await consume(kafka, topic, 2, `harness-${randomUUID()}`);
    expect(received.map((message) => message.value)).toEqual(['before', 'during']);
  });

  it('stops answering while paused and answers again once resumed', async () => {
    const probe = client(broker.brokers, { retry: { retries: 0 } });
    const describeCluster = async () => {
      const admin = probe.admin();
      try {
        await admin.connect();
        return await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
    };
    broker.pause();
    try {
      const outcome = await Promise.race([
        describeCluster().then(
          () => 'answered',
          () => 'failed',
        ),
        sleep(3_000, 'no answer'),
      ]);
      expect(outcome).not.toBe('answered');
    } finally {
      broker.resume();
    }
    expect((await describeCluster()).brokers).toHaveLength(1);
  });
});
