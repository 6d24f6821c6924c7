import { z } from 'zod';
import { inventoryEvents } from './inventory/events.ts';
import type { InventoryEvent } from './inventory/events.ts';
import { orderEvents } from './order/events.ts';
import type { OrderEvent } from './order/events.ts';
import { paymentEvents } from './payment/events.ts';
import type { PaymentEvent } from './payment/events.ts';
import { defineEventRegistry } from './shared/event.ts';
import type { EventRegistry } from './shared/event.ts';

// Customer accounts have a registry of their own, outside `domainEvents`: what reads `$all` through
// that (the Kafka bridge, projections, the audit) must first learn to show sealed personal data as
// sealed or erased (issue 15).
export { customerEvents, emailClaimEvents } from './customer/index.ts';
export type { CustomerEvent, EmailClaimEvent } from './customer/index.ts';
// Carts too: a cart is the customer's own, read by its owner; no reader of `$all` needs it yet.
export { cartEvents } from './cart/index.ts';
export type { CartEvent } from './cart/index.ts';

export type DomainEvent = OrderEvent | InventoryEvent | PaymentEvent;

/** Every aggregate's events in one registry, for readers of `$all` (projections, Kafka bridge). */
export const domainEvents: EventRegistry<DomainEvent> = defineEventRegistry<DomainEvent>(
  z.union([orderEvents.schema, inventoryEvents.schema, paymentEvents.schema]),
  { ...orderEvents.versions, ...inventoryEvents.versions, ...paymentEvents.versions },
);
