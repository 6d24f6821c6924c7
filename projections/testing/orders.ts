// Test support only: whole order histories across the order, inventory, payment and saga streams.
import type { DomainEvent } from '../../domain/events.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';
import type { ForeignEvent } from '../projection.ts';
import type { Written } from './recorded.ts';

export const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** Minutes (and seconds) after 10:00 UTC on 1 March 2025. */
export const at = (minute: number, second = 0): string =>
  new Date(Date.UTC(2025, 2, 1, 10, minute, second)).toISOString();

export type Outcome =
  'placed' | 'delivered' | 'out_of_stock' | 'declined' | 'cancelled_after_confirm';

export interface OrderSpec {
  readonly orderId: string;
  readonly customerId?: string;
  /** The minute it is placed; every later event follows within the same few minutes. */
  readonly minute?: number;
  readonly outcome: Outcome;
  /** Scored for fraud risk after it was placed; held orders are approved by a reviewer. */
  readonly risk?: { readonly score: number; readonly held: boolean };
}

const lines = [
  { sku: 'SKU-1', name: 'Espresso beans', quantity: 2, unitPrice: eur(1999), lineTotal: eur(3998) },
  { sku: 'SKU-2', name: 'Ceramic mug', quantity: 1, unitPrice: eur(1250), lineTotal: eur(1250) },
];
export const orderTotal = eur(5248);

/** A saga event, checked against the saga's own schema so the fixture cannot drift from it. */
const saga = (type: string, data: unknown): ForeignEvent => sagaEvents.parse(type, 1, data);

/** Every event of one order in the order they land in `$all`, for the outcome asked for. */
export const orderHistory = ({
  orderId,
  customerId = 'cust-1',
  minute = 0,
  outcome,
  risk,
}: OrderSpec): Written[] => {
  const m = minute;
  const own = `order-${orderId}`;
  const payment = `payment-${orderId}`;
  const fulfilment = `fulfilment-${orderId}`;
  const written: Written[] = [];
  const add = (
    stream: string,
    event: DomainEvent | ForeignEvent,
    when: string,
    actor = 'fulfilment-saga',
  ) => {
    written.push({ stream, event, actor, at: when });
  };
  add(
    own,
    {
      type: 'OrderPlaced',
      data: { orderId, customerId, lines, total: orderTotal, placedAt: at(m) },
    },
    at(m),
    customerId,
  );
  if (risk !== undefined) {
    const { score, held } = risk;
    const factors = [
      { feature: 'ordersLastHour', label: '3 orders in the last hour', contribution: 1 },
    ];
    const scored = { score, modelVersion: 'rules-v1', factors, threshold: 70, held };
    add(fulfilment, saga('RiskScored', scored), at(m, 1));
    if (held && outcome !== 'placed')
      add(
        fulfilment,
        saga('RiskReviewed', { decision: 'approved', reason: 'known customer' }),
        at(m, 1),
        'rita',
      );
  }
  if (outcome === 'placed') return written;
  add(
    'inventory-SKU-1',
    { type: 'StockReserved', data: { sku: 'SKU-1', orderId, quantity: 2, reservedAt: at(m, 2) } },
    at(m, 2),
  );
  if (outcome === 'out_of_stock') {
    add(
      'inventory-SKU-2',
      {
        type: 'StockReservationRejected',
        data: { sku: 'SKU-2', orderId, requested: 1, available: 0, rejectedAt: at(m, 3) },
      },
      at(m, 3),
    );
    add(
      own,
      {
        type: 'OrderRejected',
        data: { orderId, reason: 'out_of_stock', detail: 'SKU-2', rejectedAt: at(m, 4) },
      },
      at(m, 4),
    );
    add(
      'inventory-SKU-1',
      { type: 'StockReleased', data: { sku: 'SKU-1', orderId, quantity: 2, releasedAt: at(m, 5) } },
      at(m, 5),
    );
    add(fulfilment, saga('FulfilmentCompleted', { outcome: 'rejected' }), at(m, 6));
    return written;
  }
  add(
    'inventory-SKU-2',
    { type: 'StockReserved', data: { sku: 'SKU-2', orderId, quantity: 1, reservedAt: at(m, 3) } },
    at(m, 3),
  );
  if (outcome === 'declined') {
    add(
      payment,
      {
        type: 'PaymentDeclined',
        data: { orderId, amount: orderTotal, reason: 'card_declined', declinedAt: at(m, 4) },
      },
      at(m, 4),
    );
    add(
      own,
      {
        type: 'OrderRejected',
        data: {
          orderId,
          reason: 'payment_declined',
          detail: 'card_declined',
          rejectedAt: at(m, 5),
        },
      },
      at(m, 5),
    );
    for (const [sku, quantity] of [
      ['SKU-1', 2],
      ['SKU-2', 1],
    ] as const)
      add(
        `inventory-${sku}`,
        { type: 'StockReleased', data: { sku, orderId, quantity, releasedAt: at(m, 6) } },
        at(m, 6),
      );
    return written;
  }
  add(
    payment,
    {
      type: 'PaymentAuthorized',
      data: {
        orderId,
        amount: orderTotal,
        authorizationId: `auth-${orderId}`,
        authorizedAt: at(m, 4),
      },
    },
    at(m, 4),
  );
  add(own, { type: 'OrderConfirmed', data: { orderId, confirmedAt: at(m, 5) } }, at(m, 5));
  add(
    payment,
    { type: 'PaymentCaptured', data: { orderId, amount: orderTotal, capturedAt: at(m, 6) } },
    at(m, 6),
  );
  if (outcome === 'cancelled_after_confirm') {
    add(
      own,
      {
        type: 'OrderCancelled',
        data: {
          orderId,
          reason: 'changed my mind',
          cancelledBy: customerId,
          cancelledAt: at(m + 1),
        },
      },
      at(m + 1),
      customerId,
    );
    add(
      payment,
      {
        type: 'PaymentRefunded',
        data: {
          orderId,
          refundId: `refund-${orderId}`,
          amount: orderTotal,
          refundedAt: at(m + 1, 30),
        },
      },
      at(m + 1, 30),
    );
    for (const [sku, quantity] of [
      ['SKU-1', 2],
      ['SKU-2', 1],
    ] as const)
      add(
        `inventory-${sku}`,
        { type: 'StockReleased', data: { sku, orderId, quantity, releasedAt: at(m + 1, 31) } },
        at(m + 1, 31),
      );
    add(fulfilment, saga('FulfilmentCompleted', { outcome: 'cancelled' }), at(m + 1, 32));
    return written;
  }
  add(
    own,
    {
      type: 'OrderShipped',
      data: { orderId, carrier: 'SimPost', trackingId: `TRK-${orderId}`, shippedAt: at(m + 1) },
    },
    at(m + 1),
  );
  for (const [sku, quantity] of [
    ['SKU-1', 2],
    ['SKU-2', 1],
  ] as const)
    add(
      `inventory-${sku}`,
      { type: 'StockCommitted', data: { sku, orderId, quantity, committedAt: at(m + 1, 1) } },
      at(m + 1, 1),
    );
  add(
    own,
    { type: 'OrderDelivered', data: { orderId, deliveredAt: at(m + 2) } },
    at(m + 2),
    'carrier',
  );
  add(fulfilment, saga('FulfilmentCompleted', { outcome: 'delivered' }), at(m + 2, 1));
  return written;
};

/** Stock restocked by an operator, for the inventory read model. */
export const restock = (sku: string, quantity: number, minute = 0): Written => ({
  stream: `inventory-${sku}`,
  event: { type: 'StockRestocked', data: { sku, quantity, restockedAt: at(minute) } },
  actor: 'op-1',
  at: at(minute),
});
