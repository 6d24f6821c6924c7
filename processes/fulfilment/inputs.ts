import { domainEvents } from '../../domain/events.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { StockRestocked } from '../../domain/inventory/events.ts';
import { parseFulfilmentStream } from '../../domain/streams.ts';
import type { StreamCategory } from '../../domain/streams.ts';
import { combineCodecs } from '../../infra/eventstore/codec.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import type { RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import { isRecordType } from './events-records.ts';
import { sagaEvents } from './events.ts';
import type { SagaEvent } from './events.ts';

/** Every event the workflow folds: the aggregates' (but a restock) and its own stream's. */
export type WorkflowEvent = Exclude<DomainEvent, StockRestocked> | SagaEvent;

/**
 * One input of the workflow: an event with its id (the cause of what it leads to) and when it
 * happened; or the carrier's "still in transit", which this process keeps in memory only.
 */
export type FulfilmentInput =
  | {
      readonly kind: 'event';
      readonly id: string;
      readonly at: string;
      readonly event: WorkflowEvent;
    }
  | {
      readonly kind: 'in_transit';
      readonly at: string;
      /** The carrier's estimate as it told it then, if it gave one. */
      readonly estimatedDeliveryAt?: string;
    }
  /** The scheduler: timers due by `at` are acted on. */
  | { readonly kind: 'clock'; readonly at: string };

const folded = (type: string): boolean => type !== 'StockRestocked';
const codec = combineCodecs<DomainEvent | SagaEvent>(domainEvents, sagaEvents);

/** Decodes what the workflow folds (old versions upcast, v1 saga events included). */
export const workflowCodec: EventCodec<WorkflowEvent> = {
  handles: (type) => folded(type) && codec.handles(type),
  parse: (type, schemaVersion, data) => {
    const event = codec.parse(type, schemaVersion, data);
    if (event.type === 'StockRestocked') throw new Error('StockRestocked is not folded');
    return event;
  },
  currentVersion: (type) => codec.currentVersion(type),
};

/**
 * What the saga's persistent subscription acts on: the aggregates' events and the saga records
 * that are requests (an operator's, the carrier's refusal). Its outcome and the v1 saga's events
 * are acknowledged unread.
 */
export const inputCodec: EventCodec<WorkflowEvent> = {
  ...workflowCodec,
  handles: (type) =>
    domainEvents.handles(type)
      ? folded(type)
      : isRecordType(type) && type !== 'FulfilmentCompleted',
};

/** The order an event belongs to: in its data, or, for the saga's own, in its stream's name. */
export const orderIdOf = (recorded: RecordedDomainEvent<WorkflowEvent>): string | undefined => {
  const { event } = recorded;
  if ('orderId' in event.data && typeof event.data.orderId === 'string') return event.data.orderId;
  return parseFulfilmentStream(recorded.stream);
};

/** The input a recorded event is: its time is its business time, else when it was recorded. */
export const inputOf = (recorded: RecordedDomainEvent<WorkflowEvent>): FulfilmentInput => ({
  kind: 'event',
  id: recorded.id,
  at: recorded.metadata.occurredAt,
  event: recorded.event,
});

/** The streams an order's workflow reads: not the catalog's, nor the customers' accounts. */
const workflowCategories = [
  'order',
  'inventory',
  'payment',
  'fulfilment',
] as const satisfies readonly StreamCategory[];

/**
 * The stream prefixes of the saga's subscriptions. `idPrefix` narrows them to orders (and skus)
 * whose ids start with it, so tests sharing one event store each see only their own orders.
 */
export const inputStreamPrefixes = (idPrefix = ''): string[] =>
  workflowCategories.map((category) => `${category}-${idPrefix}`);
