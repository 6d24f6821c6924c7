import { domainEvents } from '../../domain/events.ts';
import { parseFulfilmentStream, streamCategories } from '../../domain/streams.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import type { RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import { isRequest } from './commands.ts';
import type { SagaInputEvent } from './commands.ts';
import { isRequestType } from './events-requests.ts';
import { isRequestEvent, sagaEvents } from './events.ts';

// Which events the saga reacts to, read from the persistent subscription. Everything else in the
// streams it listens to (a restock, the saga's own decisions) is acknowledged and left alone.

const isDomainInput = (type: string): boolean =>
  domainEvents.handles(type) && type !== 'StockRestocked';

const notAnInput = (type: string): Error => new Error(`${type} is not an input of the saga`);

/** Decodes exactly the saga's inputs (with zod, upcasting old versions). */
export const inputCodec: EventCodec<SagaInputEvent> = {
  handles: (type) => isDomainInput(type) || isRequestType(type),
  parse: (type, schemaVersion, data) => {
    if (isRequestType(type)) {
      const event = sagaEvents.parse(type, schemaVersion, data);
      if (!isRequestEvent(event)) throw notAnInput(type);
      return event;
    }
    const event = domainEvents.parse(type, schemaVersion, data);
    if (event.type === 'StockRestocked') throw notAnInput(type);
    return event;
  },
  currentVersion: (type) =>
    isRequestType(type) ? sagaEvents.currentVersion(type) : domainEvents.currentVersion(type),
};

/** The order an input belongs to: in its data, or, for a request, in the saga's stream name. */
export const orderIdOf = (recorded: RecordedDomainEvent<SagaInputEvent>): string | undefined =>
  isRequest(recorded.event) ? parseFulfilmentStream(recorded.stream) : recorded.event.data.orderId;

/**
 * The stream prefixes of the saga's subscription. `idPrefix` narrows them to orders (and skus)
 * whose ids start with it, so tests sharing one event store each see only their own orders.
 */
export const inputStreamPrefixes = (idPrefix = ''): string[] =>
  streamCategories.map((category) => `${category}-${idPrefix}`);

/** The prefix of the saga streams of those orders. */
export const sagaStreamPrefix = (idPrefix = ''): string => `fulfilment-${idPrefix}`;
