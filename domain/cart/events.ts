import { z } from 'zod';
import { defineEventRegistry, eventSchema } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';

// A cart records skus and quantities only: no names, prices or addresses (an address travels as
// the id of one of the customer's sealed addresses). Prices are read from the catalog when shown
// and when the order is placed, so a cart never holds a stale one.
const customerId = z.string().min(1);
const sku = z.string().min(1);
const quantity = z.number().int().min(1);
export const cartLineSchema = z.object({ sku, quantity });
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartItemAddedSchema = z.object({ customerId, sku, quantity });
export const cartItemQuantityChangedSchema = z.object({ customerId, sku, quantity });
export const cartItemRemovedSchema = z.object({ customerId, sku });
/** The lines ordered leave the cart; the order holds them, priced, from here on. */
export const cartCheckedOutSchema = z.object({
  customerId,
  orderId: z.string().min(1),
  addressId: z.string().min(1),
  lines: z.array(cartLineSchema).min(1),
});

export type CartItemAdded = Event<'CartItemAdded', z.infer<typeof cartItemAddedSchema>>;
export type CartItemQuantityChanged = Event<
  'CartItemQuantityChanged',
  z.infer<typeof cartItemQuantityChangedSchema>
>;
export type CartItemRemoved = Event<'CartItemRemoved', z.infer<typeof cartItemRemovedSchema>>;
export type CartCheckedOut = Event<'CartCheckedOut', z.infer<typeof cartCheckedOutSchema>>;
export type CartEvent = CartItemAdded | CartItemQuantityChanged | CartItemRemoved | CartCheckedOut;

export const cartEvents: EventRegistry<CartEvent> = defineEventRegistry<CartEvent>(
  z.discriminatedUnion('type', [
    eventSchema('CartItemAdded', cartItemAddedSchema),
    eventSchema('CartItemQuantityChanged', cartItemQuantityChangedSchema),
    eventSchema('CartItemRemoved', cartItemRemovedSchema),
    eventSchema('CartCheckedOut', cartCheckedOutSchema),
  ]),
  {
    CartItemAdded: { schemaVersion: 1 },
    CartItemQuantityChanged: { schemaVersion: 1 },
    CartItemRemoved: { schemaVersion: 1 },
    CartCheckedOut: { schemaVersion: 1 },
  },
);
