import type { OrderLine } from '../../domain/order/events.ts';
import type { Money } from '../../domain/shared/money.ts';
import { minorUnitDigits } from '../../domain/shared/money.ts';
import { MailNotBuildable, type Notice, type NotifiedType } from './notice.ts';

/** What the order's own stream says, read when the event itself does not carry it. */
export interface OrderFacts {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
}

/** Who gets the e-mail: opened from the customer's stream, or why nobody does. */
export type Recipient =
  | { readonly kind: 'customer'; readonly email: string; readonly name: string }
  /** Their key was destroyed: nothing may be sent, nor kept, about them. */
  | { readonly kind: 'erased' }
  /** A dev-token customer, or any id with no account behind it. */
  | { readonly kind: 'no_account' };

export interface Mail {
  readonly eventId: string;
  readonly type: NotifiedType;
  readonly orderId: string;
  readonly customerId: string;
  /** Derived from the event id: a mail sent twice is recognisably one mail. */
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export type Built =
  | { readonly outcome: 'mail'; readonly mail: Mail }
  | { readonly outcome: 'skipped'; readonly reason: 'erased' | 'no_account' };

export const messageIdOf = (eventId: string): string => `<${eventId}@notifications.order-ledger>`;

const amount = ({ amount: minor, currency }: Money): string =>
  `${(minor / 10 ** minorUnitDigits(currency)).toFixed(minorUnitDigits(currency))} ${currency}`;

// The e-mail states the date in UTC words, so it reads the same wherever it is opened.
const day = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));

const linesOf = (order: OrderFacts): string =>
  order.lines
    .map(
      (line) =>
        `  ${String(line.quantity)} × ${line.name} (${line.sku})  ${amount(line.lineTotal)}`,
    )
    .join('\n');

const content = (notice: Notice, order: OrderFacts): { subject: string; body: string } => {
  const { event } = notice;
  const ref = order.orderId;
  switch (event.type) {
    case 'OrderConfirmed':
      return {
        subject: `Your order ${ref} is confirmed`,
        body: `Your order is confirmed and is being packed.\n\n${linesOf(order)}\n\nTotal: ${amount(order.total)}`,
      };
    case 'OrderShipped': {
      const { carrier, trackingId, estimatedDeliveryAt } = event.data;
      const estimate =
        estimatedDeliveryAt === undefined
          ? ''
          : `\nExpected delivery: ${day(estimatedDeliveryAt)} (the carrier's estimate).`;
      return {
        subject: `Your order ${ref} is on its way`,
        body: `Your order was handed to ${carrier}.\nTracking number: ${trackingId}${estimate}`,
      };
    }
    case 'OrderDeliveryEstimateRevised': {
      const { estimatedDeliveryAt, previousEstimatedDeliveryAt: was, trackingId } = event.data;
      const before = was === null ? '' : ` instead of ${day(was)}`;
      return {
        subject: `A new delivery date for your order ${ref}`,
        body: `The carrier now expects to deliver your order on ${day(estimatedDeliveryAt)}${before}.\nTracking number: ${trackingId}`,
      };
    }
    case 'OrderDelivered':
      return {
        subject: `Your order ${ref} was delivered`,
        body: `Your order was delivered on ${day(event.data.deliveredAt)}.`,
      };
    case 'OrderCancelled':
      return {
        subject: `Your order ${ref} was cancelled`,
        body: `Your order was cancelled (${event.data.reason}).`,
      };
    case 'PaymentRefunded':
      return {
        subject: `A refund for your order ${ref}`,
        body: `We refunded ${amount(event.data.amount)} to your means of payment.`,
      };
  }
};

/**
 * The e-mail for one event: to the customer's opened address, or skipped when they were erased
 * or have no account. Throws MailNotBuildable when the event and its order do not agree.
 */
export const buildMail = (notice: Notice, order: OrderFacts, recipient: Recipient): Built => {
  if (notice.event.data.orderId !== order.orderId)
    throw new MailNotBuildable(notice.eventId, `the event is not about order ${order.orderId}`);
  if (recipient.kind !== 'customer') return { outcome: 'skipped', reason: recipient.kind };
  const { subject, body } = content(notice, order);
  return {
    outcome: 'mail',
    mail: {
      eventId: notice.eventId,
      type: notice.event.type,
      orderId: order.orderId,
      customerId: order.customerId,
      messageId: messageIdOf(notice.eventId),
      to: recipient.email,
      subject,
      text: `Hello ${recipient.name},\n\n${body}\n\nOrder ${order.orderId}\n`,
    },
  };
};
