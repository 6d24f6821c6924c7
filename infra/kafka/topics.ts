import type { ITopicConfig, Kafka } from 'kafkajs';
import { backoffDelay, sleep } from '../eventstore/backoff.ts';
import type { Logger } from '../logger.ts';

/** The topics the product writes. Tests pass names of their own; production uses `defaultTopics`. */
export interface KafkaTopics {
  readonly orders: string;
  readonly inventory: string;
  readonly payments: string;
  readonly deadLetter: string;
  /** Internal, compacted: the Kafka bridge's last published revision per stream. */
  readonly bridgeProgress: string;
}

/** DESIGN.md's topic names. */
export const defaultTopics: KafkaTopics = {
  orders: 'orders.events.v1',
  inventory: 'inventory.events.v1',
  payments: 'payments.events.v1',
  deadLetter: 'ops.deadletter.v1',
  bridgeProgress: 'ops.kafka-bridge.progress.v1',
};

export interface TopicLayout {
  readonly partitions: number;
  readonly replicationFactor: number;
}

// With several replicas, acks=all should mean "on at least two": Kafka's default (1) would let
// a write acknowledged by a lone leader be lost with it.
const durability = (replicationFactor: number): ITopicConfig['configEntries'] =>
  replicationFactor > 1
    ? [{ name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor - 1)) }]
    : [];

/** What `ensureTopics` would create: every topic, the progress topic compacted. */
export const topicConfigs = (topics: KafkaTopics, layout: TopicLayout): ITopicConfig[] => {
  const base = (topic: string): ITopicConfig => ({
    topic,
    numPartitions: layout.partitions,
    replicationFactor: layout.replicationFactor,
    configEntries: durability(layout.replicationFactor),
  });
  const progress = base(topics.bridgeProgress);
  return [
    base(topics.orders),
    base(topics.inventory),
    base(topics.payments),
    base(topics.deadLetter),
    {
      ...progress,
      // Only the last value per stream matters; compaction keeps the topic one record per stream.
      configEntries: [
        ...(progress.configEntries ?? []),
        { name: 'cleanup.policy', value: 'compact' },
      ],
    },
  ];
};

/**
 * Creates the topics that are missing, with `layout`, and waits for their leaders. Existing
 * topics are left as they are (a partition count is never changed behind the consumers' backs).
 * Returns the names it created.
 */
export const ensureTopics = async (
  kafka: Kafka,
  topics: KafkaTopics,
  layout: TopicLayout,
  logger: Logger,
): Promise<string[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicConfigs(topics, layout).filter((config) => !existing.has(config.topic));
    if (missing.length === 0) return [];
    // Another process may create them at the same moment; kafkajs treats "exists" as done.
    await admin.createTopics({ topics: missing, waitForLeaders: true });
    const created = missing.map((config) => config.topic);
    logger.info({ topics: created, ...layout }, 'created Kafka topics');
    return created;
  } finally {
    await admin.disconnect();
  }
};

/**
 * `ensureTopics`, retried with backoff for as long as Kafka does not answer (a process may start
 * before its broker); gives up only when the signal aborts.
 */
export const ensureTopicsOnceKafkaAnswers = async (
  kafka: Kafka,
  topics: KafkaTopics,
  layout: TopicLayout,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> => {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      await ensureTopics(kafka, topics, layout, logger);
      return;
    } catch (error) {
      logger.warn({ err: error, attempt }, 'could not check or create the Kafka topics; retrying');
      await sleep(backoffDelay(attempt, 500, 10_000), signal);
    }
  }
};
