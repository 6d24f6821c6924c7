// Test support only: the cast and history the order specifications share.
import { at, customer, eur } from '../shared/fixtures.ts';
import type { OrderEvent, OrderPlaced } from './events.ts';

export * from '../shared/fixtures.ts';

export const orderId = 'ord-1';
export const beans = { sku: 'SKU-1', name: 'Espresso beans 1 kg', unitPrice: eur(1999) };
export const mug = { sku: 'SKU-2', name: 'Ceramic mug', unitPrice: eur(1250) };

export const placed: OrderPlaced = {
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId: customer.id,
    lines: [
      { ...beans, quantity: 2, lineTotal: eur(3998) },
      { ...mug, quantity: 1, lineTotal: eur(1250) },
    ],
    total: eur(5248),
    placedAt: at(0),
  },
};
export const confirmed: OrderEvent = {
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: at(1) },
};
export const shipped: OrderEvent = {
  type: 'OrderShipped',
  data: { orderId, carrier: 'DHL', trackingId: 'TRK-1', shippedAt: at(2) },
};
export const delivered: OrderEvent = {
  type: 'OrderDelivered',
  data: { orderId, deliveredAt: at(3) },
};
export const cancelled: OrderEvent = {
  type: 'OrderCancelled',
  data: { orderId, reason: 'changed my mind', cancelledBy: customer.id, cancelledAt: at(2) },
};
export const rejected: OrderEvent = {
  type: 'OrderRejected',
  data: { orderId, reason: 'out_of_stock', detail: 'SKU-1', rejectedAt: at(1) },
};

/** Each status an order can reach, by the history that leads there. */
export const histories = {
  none: [],
  placed: [placed],
  confirmed: [placed, confirmed],
  shipped: [placed, confirmed, shipped],
  delivered: [placed, confirmed, shipped, delivered],
  cancelled: [placed, cancelled],
  rejected: [placed, rejected],
} satisfies Record<string, OrderEvent[]>;
