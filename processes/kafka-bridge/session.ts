import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { readTopicToEnd } from '../../infra/kafka/read-to-end.ts';
import type { KafkaTopics } from '../../infra/kafka/topics.ts';
import type { Logger } from '../../infra/logger.ts';
import type { BridgedEvent } from './mapping.ts';
import { foldProgressRecord, progressRecords } from './progress.ts';

/** Kafka transactions as the bridge uses them: one session at a time, one batch at a time. */
export interface Transactions {
  /**
   * Starts a session: claims the transactional id (fencing any older producer that holds it and
   * ending its open transaction), then reads the progress topic to its end. Returns the last
   * published revision of every stream.
   */
  begin(): Promise<ReadonlyMap<string, number>>;
  /** Writes the batch, in order, and its progress records in one transaction, and commits it. */
  commit(batch: readonly BridgedEvent[]): Promise<void>;
  /** Ends the session; after a failure the outcome of the last commit is unknown until begin(). */
  end(): Promise<void>;
}

export interface SessionOptions {
  readonly kafka: Kafka;
  /** Fixed per deployment: a second bridge with the same id fences the first. */
  readonly transactionalId: string;
  readonly topics: KafkaTopics;
  readonly logger: Logger;
  /** How long the broker lets a transaction stay open before aborting it; 30 s. */
  readonly transactionTimeoutMs?: number;
  /** Cuts reading the progress short when it aborts. */
  readonly signal?: AbortSignal;
}

// Right after a commit the coordinator still writes its markers and answers the next
// transaction's first request with CONCURRENT_TRANSACTIONS; the usual 100 ms before retrying
// that would cap the bridge at about ten transactions a second.
const transactionRetry = { initialRetryTime: 10, maxRetryTime: 1_000, retries: 8 };

/** The records of a batch grouped by topic, each topic's in batch order, plus the progress. */
export const transactionMessages = (
  batch: readonly BridgedEvent[],
  progressTopic: string,
): TopicMessages[] => {
  const byTopic = new Map<string, TopicMessages['messages']>();
  for (const { message } of batch) {
    const messages = byTopic.get(message.topic) ?? [];
    messages.push({ key: message.key, value: message.value, headers: { ...message.headers } });
    byTopic.set(message.topic, messages);
  }
  return [
    ...[...byTopic].map(([topic, messages]) => ({ topic, messages })),
    { topic: progressTopic, messages: progressRecords(batch) },
  ];
};

/** Transactions with kafkajs: an idempotent, transactional producer, acks=all, one request in flight. */
export const createTransactionalSession = (options: SessionOptions): Transactions => {
  const { kafka, transactionalId, topics } = options;
  const log = options.logger;
  let producer: Producer | undefined;

  const end = async () => {
    const current = producer;
    producer = undefined;
    await current?.disconnect();
  };

  const begin = async () => {
    await end();
    const created = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 30_000,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: transactionRetry,
    });
    producer = created;
    await created.connect();
    // kafkajs claims the transactional id with its first transaction. Claim it before reading,
    // so that nothing an older producer still had in flight can be committed after the read.
    const claim = await created.transaction();
    await claim.commit();
    const revisions = new Map<string, number>();
    let unreadable = 0;
    await readTopicToEnd(
      kafka,
      topics.bridgeProgress,
      (message) => {
        if (!foldProgressRecord(revisions, message.key, message.value)) unreadable++;
      },
      {
        groupPrefix: `${transactionalId}.progress`,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    );
    if (unreadable > 0) {
      log.warn(
        { unreadable, topic: topics.bridgeProgress },
        'ignored records that are not progress',
      );
    }
    log.info({ streams: revisions.size }, 'Kafka session started; progress read');
    return revisions;
  };

  const commit = async (batch: readonly BridgedEvent[]) => {
    if (producer === undefined) throw new Error('no Kafka session: begin() first');
    const transaction = await producer.transaction();
    try {
      await transaction.sendBatch({
        acks: -1,
        topicMessages: transactionMessages(batch, topics.bridgeProgress),
      });
      await transaction.commit();
    } catch (error) {
      // Best effort: the next session's claim aborts it anyway when the broker cannot be told.
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  };

  return { begin, commit, end };
};
