import { z } from 'zod';
import type { InventoryEvent } from './inventory.ts';
import type { OrderEvent } from './order.ts';
import type { PaymentEvent } from './payment.ts';

// Emmett hands events back as they were stored; zod checks them at that edge, as the app does.
const text = z.string().min(1);
const count = z.number().int().nonnegative();
const event = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({ type: z.literal(type), data });

const line = z.object({ sku: text, quantity: count, unitPrice: count });

export const orderEvent: z.ZodType<OrderEvent> = z.discriminatedUnion('type', [
  event(
    'OrderPlaced',
    z.object({ orderId: text, customerId: text, line, currency: text, placedAt: text }),
  ),
  event('OrderConfirmed', z.object({ orderId: text, confirmedAt: text })),
  event('OrderRejected', z.object({ orderId: text, reason: text, rejectedAt: text })),
]);

export const inventoryEvent: z.ZodType<InventoryEvent> = z.discriminatedUnion('type', [
  event('StockRestocked', z.object({ sku: text, quantity: count, restockedAt: text })),
  event('StockReserved', z.object({ sku: text, orderId: text, quantity: count, reservedAt: text })),
  event(
    'StockReservationRejected',
    z.object({ sku: text, orderId: text, requested: count, available: count, rejectedAt: text }),
  ),
]);

export const paymentEvent: z.ZodType<PaymentEvent> = event(
  'PaymentAuthorized',
  z.object({
    orderId: text,
    amount: count,
    currency: text,
    authorization: text,
    authorizedAt: text,
  }),
);

/** Every event the fulfilment process may receive; others on the subscription are skipped. */
export const flowEvent = z.union([orderEvent, inventoryEvent, paymentEvent]);
export type FlowEvent = OrderEvent | InventoryEvent | PaymentEvent;
