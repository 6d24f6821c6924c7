import type { OrderFacts, Recipient } from '../mail.ts';
import type { RawEvent } from '../notifier.ts';

export const order: OrderFacts = {
  orderId: 'ord-1',
  customerId: 'cust-1',
  lines: [
    {
      sku: 'SKU-1',
      name: 'Espresso beans 1 kg',
      quantity: 2,
      unitPrice: { amount: 1999, currency: 'EUR' },
      lineTotal: { amount: 3998, currency: 'EUR' },
    },
  ],
  total: { amount: 3998, currency: 'EUR' },
};

export const ada: Recipient = { kind: 'customer', email: 'ada@example.test', name: 'Ada Lovelace' };

const at = '2025-06-02T10:00:00.000Z';

/** Stored events of every notified type for `ord-1`, as the bridge puts them on Kafka. */
export const raw = {
  confirmed: {
    eventId: 'e-confirmed',
    type: 'OrderConfirmed',
    schemaVersion: 1,
    data: { orderId: 'ord-1', confirmedAt: at },
  },
  shipped: {
    eventId: 'e-shipped',
    type: 'OrderShipped',
    schemaVersion: 2,
    data: {
      orderId: 'ord-1',
      carrier: 'SimPost',
      trackingId: 'SIM-42',
      shippedAt: at,
      estimatedDeliveryAt: '2025-06-05T10:00:00.000Z',
    },
  },
  shippedV1: {
    eventId: 'e-shipped-v1',
    type: 'OrderShipped',
    schemaVersion: 1,
    data: { orderId: 'ord-1', carrier: 'SimPost', trackingId: 'SIM-41', shippedAt: at },
  },
  delivered: {
    eventId: 'e-delivered',
    type: 'OrderDelivered',
    schemaVersion: 1,
    data: { orderId: 'ord-1', deliveredAt: '2025-06-04T15:00:00.000Z' },
  },
  cancelled: {
    eventId: 'e-cancelled',
    type: 'OrderCancelled',
    schemaVersion: 1,
    data: { orderId: 'ord-1', reason: 'customer_request', cancelledBy: 'cust-1', cancelledAt: at },
  },
  refunded: {
    eventId: 'e-refunded',
    type: 'PaymentRefunded',
    schemaVersion: 1,
    data: {
      orderId: 'ord-1',
      refundId: 'ord-1:refund',
      amount: { amount: 3998, currency: 'EUR' },
      refundedAt: at,
    },
  },
} satisfies Record<string, RawEvent>;
