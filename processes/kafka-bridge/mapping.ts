import { parseStreamName } from '../../domain/streams.ts';
import type { RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import { eventHeaders } from '../../infra/kafka/headers.ts';
import type { KafkaTopics } from '../../infra/kafka/topics.ts';
import type { StoredEvent } from './stored-codec.ts';

/** The streams the bridge reads. `fulfilment-` streams are the saga's state, not domain facts. */
export const bridgedStreamPrefixes: readonly string[] = ['order-', 'inventory-', 'payment-'];

/** One Kafka record, all text. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A stored event on its way to Kafka, with what the bridge needs to keep count. */
export interface BridgedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  /** Its `$all` commit position, for the "last published" gauge. */
  readonly commitPosition: number | undefined;
  readonly message: OutgoingMessage;
}

/** The topic and key of a stream's events: the aggregate id keys them, so each keeps its order. */
export const destinationOf = (
  stream: string,
  topics: KafkaTopics,
): { topic: string; key: string } | undefined => {
  const ref = parseStreamName(stream);
  switch (ref?.category) {
    case 'order':
      return { topic: topics.orders, key: ref.id };
    case 'inventory':
      return { topic: topics.inventory, key: ref.id };
    case 'payment':
      return { topic: topics.payments, key: ref.id };
    default:
      return undefined;
  }
};

/** The Kafka record of a stored event, or undefined for a stream that is not bridged. */
export const toBridged = (
  recorded: RecordedDomainEvent<StoredEvent>,
  topics: KafkaTopics,
): BridgedEvent | undefined => {
  const destination = destinationOf(recorded.stream, topics);
  if (destination === undefined) return undefined;
  return {
    id: recorded.id,
    stream: recorded.stream,
    revision: recorded.revision,
    commitPosition: recorded.position?.commit,
    message: {
      ...destination,
      value: JSON.stringify(recorded.event.data),
      headers: withTraceparent(
        eventHeaders({
          type: recorded.event.type,
          id: recorded.id,
          stream: recorded.stream,
          revision: recorded.revision,
          correlationId: recorded.metadata.$correlationId,
          causationId: recorded.metadata.$causationId,
          schemaVersion: recorded.metadata.schemaVersion,
        }),
        recorded.metadata.traceparent,
      ),
    },
  };
};

// The event's own trace context goes out as it is, so an external consumer continues the trace
// of the request and the saga that caused the event (and a record sent again carries the same).
const withTraceparent = (
  headers: Record<string, string>,
  traceparent: string | undefined,
): Record<string, string> => {
  if (traceparent !== undefined && traceparent !== '') headers.traceparent = traceparent;
  return headers;
};

/** Roughly what a record weighs on the wire: enough to keep batches and records under limits. */
export const messageBytes = (message: OutgoingMessage): number =>
  Buffer.byteLength(message.key) +
  Buffer.byteLength(message.value) +
  Object.entries(message.headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );

/** An event Kafka would refuse for its size: retrying cannot help, so the runner parks it. */
export class RecordTooLarge extends Error {
  readonly poison = true;
  constructor(eventId: string, bytes: number, limit: number) {
    super(
      `event ${eventId} makes a ${String(bytes)}-byte Kafka record, more than ${String(limit)}`,
    );
    this.name = 'RecordTooLarge';
  }
}
