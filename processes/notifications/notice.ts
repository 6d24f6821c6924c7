import type { OrderEvent } from '../../domain/order/events.ts';
import { orderEvents } from '../../domain/order/events.ts';
import type { PaymentEvent, PaymentRefunded } from '../../domain/payment/events.ts';
import { paymentEvents } from '../../domain/payment/events.ts';

// What a notification is about: one stored event of a type that e-mails the customer, parsed at
// its schema version by the domain's own registry (so a v1 OrderShipped reads as v2).

export const notifiedTypes = [
  'OrderConfirmed',
  'OrderShipped',
  'OrderDelivered',
  'OrderDeliveryEstimateRevised',
  'OrderCancelled',
  'PaymentRefunded',
] as const;
export type NotifiedType = (typeof notifiedTypes)[number];

export type NotifiedEvent = Extract<OrderEvent, { type: NotifiedType }> | PaymentRefunded;

/** One event, as it came from Kafka or the log, with the id that makes sending it once possible. */
export interface Notice {
  readonly eventId: string;
  readonly event: NotifiedEvent;
}

/** The event is of a notified type but its data cannot be read: no e-mail can be built from it. */
export class MailNotBuildable extends Error {
  readonly eventId: string;
  constructor(eventId: string, message: string) {
    super(message);
    this.name = 'MailNotBuildable';
    this.eventId = eventId;
  }
}

export const isNotified = (type: string): type is NotifiedType =>
  (notifiedTypes as readonly string[]).includes(type);

const notifiedOf = (event: OrderEvent | PaymentEvent): NotifiedEvent | undefined => {
  switch (event.type) {
    case 'OrderConfirmed':
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderDeliveryEstimateRevised':
    case 'OrderCancelled':
    case 'PaymentRefunded':
      return event;
    default:
      return undefined;
  }
};

/**
 * The notice for a stored event, undefined for types nobody is told about; throws
 * MailNotBuildable when the data does not parse (it is parked, never retried).
 */
export const noticeOf = (raw: {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
}): Notice | undefined => {
  const { eventId, type, schemaVersion, data } = raw;
  if (!isNotified(type)) return undefined;
  try {
    const event =
      type === 'PaymentRefunded'
        ? paymentEvents.parse(type, schemaVersion, data)
        : orderEvents.parse(type, schemaVersion, data);
    const notified = notifiedOf(event);
    return notified === undefined ? undefined : { eventId, event: notified };
  } catch (error) {
    throw new MailNotBuildable(eventId, error instanceof Error ? error.message : String(error));
  }
};
