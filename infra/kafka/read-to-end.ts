import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface ReadToEndOptions {
  /** Names the throwaway consumer group (a random suffix is added). */
  readonly groupPrefix: string;
  /** Fails the read when no batch arrives for this long (joining included); 20 s. */
  readonly idleTimeoutMs?: number;
  /** Gives up at once when it aborts. */
  readonly signal?: AbortSignal;
}

/** Where each partition ends now, for a read_committed reader: partitions with nothing skipped. */
const committedEnds = async (kafka: Kafka, topic: string): Promise<Map<number, bigint>> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs' admin asks with read_committed isolation: `high` is the last stable offset.
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(
      offsets
        .filter(({ high, low }) => BigInt(high) > BigInt(low))
        .map(({ partition, high }) => [partition, BigInt(high)]),
    );
  } finally {
    await admin.disconnect();
  }
};

/**
 * Reads every committed message of `topic` from its beginning up to where it ends when the call
 * starts, in offset order per partition, with a consumer group of its own that commits nothing.
 * Batches that hold only transaction markers or aborted records count as read too, so a topic
 * written in transactions is read to its end. Rejects when the consumer crashes or stalls.
 */
export const readTopicToEnd = async (
  kafka: Kafka,
  topic: string,
  onMessage: (message: KafkaMessage, partition: number) => void,
  options: ReadToEndOptions,
): Promise<void> => {
  const remaining = await committedEnds(kafka, topic);
  if (remaining.size === 0) return;
  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix}-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const idleMs = options.idleTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  let cancel: (() => void) | undefined;
  try {
    const finished = new Promise<void>((resolve, reject) => {
      const stall = () => {
        reject(new Error(`reading ${topic} stalled for ${idleMs} ms`));
      };
      timer = setTimeout(stall, idleMs);
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        timer?.refresh();
        const end = remaining.get(payload.partition);
        if (payload.topic !== topic || end === undefined) return;
        if (BigInt(payload.lastOffset) + 1n >= end) remaining.delete(payload.partition);
        if (remaining.size === 0) resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        reject(payload.error);
      });
      cancel = () => {
        reject(new Error(`reading ${topic} was cancelled`));
      };
      if (options.signal?.aborted) cancel();
      options.signal?.addEventListener('abort', cancel, { once: true });
    });
    // Settled before anyone awaits it when connecting fails first; handled here, thrown below.
    void finished.catch(() => undefined);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message, partition }) => {
        onMessage(message, partition);
        return Promise.resolve();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    if (cancel) options.signal?.removeEventListener('abort', cancel);
    await consumer.disconnect();
  }
};
