import { z } from 'zod';
import { defineEventRegistry, eventSchema, isoTimestamp } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';

const sku = z.string().min(1);
const orderId = z.string().min(1);
const quantity = z.number().int().positive();

export const stockRestockedSchema = z.object({ sku, quantity, restockedAt: isoTimestamp });
export const stockReservedSchema = z.object({ sku, orderId, quantity, reservedAt: isoTimestamp });
/** Not an error: running out of stock is a business outcome the saga reacts to. */
export const stockReservationRejectedSchema = z.object({
  sku,
  orderId,
  requested: quantity,
  available: z.number().int().nonnegative(),
  rejectedAt: isoTimestamp,
});
export const stockReleasedSchema = z.object({ sku, orderId, quantity, releasedAt: isoTimestamp });
export const stockCommittedSchema = z.object({ sku, orderId, quantity, committedAt: isoTimestamp });
/** Below this many available, the sku is low on stock (see low-stock.ts). */
export const lowStockThresholdSetSchema = z.object({
  sku,
  threshold: z.number().int().nonnegative(),
  setAt: isoTimestamp,
});

export type StockRestocked = Event<'StockRestocked', z.infer<typeof stockRestockedSchema>>;
export type StockReserved = Event<'StockReserved', z.infer<typeof stockReservedSchema>>;
export type StockReservationRejected = Event<
  'StockReservationRejected',
  z.infer<typeof stockReservationRejectedSchema>
>;
export type StockReleased = Event<'StockReleased', z.infer<typeof stockReleasedSchema>>;
export type StockCommitted = Event<'StockCommitted', z.infer<typeof stockCommittedSchema>>;
export type LowStockThresholdSet = Event<
  'LowStockThresholdSet',
  z.infer<typeof lowStockThresholdSetSchema>
>;
export type InventoryEvent =
  | StockRestocked
  | StockReserved
  | StockReservationRejected
  | StockReleased
  | StockCommitted
  | LowStockThresholdSet;

/** What happened to the sku itself; every other inventory event concerns one order's stock. */
export type SkuEvent = StockRestocked | LowStockThresholdSet;
export type OrderStockEvent = Exclude<InventoryEvent, SkuEvent>;
export const isOrderStockEvent = (event: InventoryEvent): event is OrderStockEvent =>
  event.type !== 'StockRestocked' && event.type !== 'LowStockThresholdSet';

export const inventoryEvents: EventRegistry<InventoryEvent> = defineEventRegistry<InventoryEvent>(
  z.discriminatedUnion('type', [
    eventSchema('StockRestocked', stockRestockedSchema),
    eventSchema('StockReserved', stockReservedSchema),
    eventSchema('StockReservationRejected', stockReservationRejectedSchema),
    eventSchema('StockReleased', stockReleasedSchema),
    eventSchema('StockCommitted', stockCommittedSchema),
    eventSchema('LowStockThresholdSet', lowStockThresholdSetSchema),
  ]),
  {
    StockRestocked: { schemaVersion: 1 },
    StockReserved: { schemaVersion: 1 },
    StockReservationRejected: { schemaVersion: 1 },
    StockReleased: { schemaVersion: 1 },
    StockCommitted: { schemaVersion: 1 },
    LowStockThresholdSet: { schemaVersion: 1 },
  },
);
