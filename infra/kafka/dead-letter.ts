import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { backoffDelay, sleep } from '../eventstore/backoff.ts';
import type { ParkedEvent } from '../eventstore/persistent-runner.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { describeError } from './client.ts';
import { eventHeaders } from './headers.ts';
import { defaultTopics } from './topics.ts';

/** Publishes parked events to the dead-letter topic; pass `publish` as a runner's `onParked`. */
export interface DeadLetterPublisher {
  /** Resolves once Kafka acknowledged it (acks=all); rejects when it could not in time. */
  publish(parked: ParkedEvent): Promise<void>;
  close(): Promise<void>;
}

export interface DeadLetterOptions {
  readonly topic?: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** How long one publish keeps trying while Kafka is away; 30 s. */
  readonly deadlineMs?: number;
  /** Stops retrying at once when it aborts. */
  readonly signal?: AbortSignal;
}

/** The message for one parked event: keyed by its stream, the parked info as JSON. */
export const deadLetterMessage = (parked: ParkedEvent): Message => ({
  key: parked.stream,
  value: JSON.stringify(parked),
  headers: {
    ...eventHeaders({
      type: parked.type,
      id: parked.eventId,
      stream: parked.stream,
      revision: parked.revision,
      correlationId: parked.correlationId,
      causationId: parked.causationId,
      schemaVersion: parked.schemaVersion,
    }),
    group: parked.group,
    reason: parked.reason,
    'retry-count': String(parked.retryCount),
  },
});

/**
 * A dead-letter publisher with an idempotent producer of its own, connected on first use. A
 * publish retries with backoff (reconnecting) until `deadlineMs`, and then rejects: a parked
 * event stays in EventStoreDB's parked stream either way, and replaying it parks (and reports)
 * it again, whereas blocking the caller for as long as Kafka is away would stall its group.
 */
export const createDeadLetterPublisher = (
  kafka: Kafka,
  options: DeadLetterOptions,
): DeadLetterPublisher => {
  const topic = options.topic ?? defaultTopics.deadLetter;
  const log = options.logger.child({ topic });
  const outcomes = options.metrics.counter(
    'kafka_dead_letters_total',
    'Parked events published to the dead-letter topic, by outcome',
    ['outcome'],
  );
  let producer: Promise<Producer> | undefined;

  const connected = (): Promise<Producer> =>
    (producer ??= (async () => {
      const created = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await created.connect();
      return created;
    })());

  // A failed idempotent producer may be out of step with the broker's sequence numbers: a
  // fresh one starts clean.
  const discard = async (failed: Promise<Producer>) => {
    if (producer === failed) producer = undefined;
    const stale = await failed.catch(() => undefined);
    await stale?.disconnect().catch(() => undefined);
  };

  const publish = async (parked: ParkedEvent): Promise<void> => {
    const deadline = Date.now() + (options.deadlineMs ?? 30_000);
    for (let attempt = 0; ; attempt++) {
      const current = connected();
      try {
        await (await current).send({ topic, acks: -1, messages: [deadLetterMessage(parked)] });
        outcomes.inc({ outcome: 'published' });
        return;
      } catch (error) {
        await discard(current);
        if (Date.now() >= deadline || options.signal?.aborted) {
          outcomes.inc({ outcome: 'failed' });
          throw new Error(
            `dead letter for event ${parked.eventId} not published: ${describeError(error)}`,
            {
              cause: error,
            },
          );
        }
        log.warn(
          { err: error, eventId: parked.eventId, attempt },
          'dead letter not published yet; retrying',
        );
        await sleep(backoffDelay(attempt, 200, 2_000), options.signal);
      }
    }
  };

  const close = async () => {
    const current = producer;
    producer = undefined;
    if (current) await (await current.catch(() => undefined))?.disconnect();
  };

  return { publish, close };
};
