import { z } from 'zod';

// `analytics_carts`: per cart its lines and a few last steps, per sku its price, per day the
// carts started, checked out, emptied and recovered, and one document per abandonment revealed
// by a cart's return. See carts.ts for what counts as abandoned.

const base = { _id: z.string(), _position: z.string().optional() };
const count = z.number().int();

/** What one event did to a cart: the state after it and what it counts. */
export const cartStepSchema = z.object({
  /** The position key of the event. */
  at: z.string(),
  /** Its business time. */
  occurredAt: z.string(),
  started: z.boolean(),
  checkedOut: z.boolean(),
  emptied: z.boolean(),
  /** A checkout of a fill that had been abandoned before. */
  recovered: z.boolean(),
  /** The fill this event ended an idle spell of: the day it was left and what it held. */
  revealed: z.object({ day: z.string(), value: count }).nullable(),
});
export type CartStep = z.infer<typeof cartStepSchema>;

/** A customer's cart (one per customer, `cart-{customerId}`), lines priced when last touched. */
export const cartDocSchema = z.object({
  ...base,
  kind: z.literal('cart'),
  /**
   * The UTC day of `lastAt` while the cart may yet count as abandoned (it holds lines not counted
   * yet), '' otherwise: the API reads open abandonments by it, and skips every other cart.
   */
  key: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: count, unitPrice: count })),
  value: count,
  currency: z.string(),
  /** Business time of the cart's last event. */
  lastAt: z.string(),
  /** Whether the current fill was already counted abandoned (it counts once). */
  abandoned: z.boolean(),
  /** The last steps, for the documents of the same events that evolve after this one. */
  steps: z.array(cartStepSchema),
});

/** A sku's price as the catalog last stated it. */
export const cartPriceDocSchema = z.object({
  ...base,
  kind: z.literal('price'),
  key: z.string(),
  unitPrice: count,
  currency: z.string(),
});

/** One UTC day of business time: what the carts' events of that day counted. */
export const cartDayDocSchema = z.object({
  ...base,
  kind: z.literal('day'),
  key: z.string(),
  started: count,
  checkedOut: count,
  emptied: count,
  recovered: count,
});

/** An abandonment seen when its cart came back: `key` is the day the cart was left. */
export const cartAbandonedDocSchema = z.object({
  ...base,
  kind: z.literal('abandoned'),
  key: z.string(),
  customerId: z.string(),
  value: count,
  currency: z.string(),
});

export const cartsDocSchema = z.discriminatedUnion('kind', [
  cartDocSchema,
  cartPriceDocSchema,
  cartDayDocSchema,
  cartAbandonedDocSchema,
]);
export type CartsDoc = z.infer<typeof cartsDocSchema>;
export type CartDoc = z.infer<typeof cartDocSchema>;
export type CartPriceDoc = z.infer<typeof cartPriceDocSchema>;
export type CartDayDoc = z.infer<typeof cartDayDocSchema>;
export type CartAbandonedDoc = z.infer<typeof cartAbandonedDocSchema>;

export const cartDocId = (customerId: string): string => `cart:${customerId}`;
export const cartPriceId = (sku: string): string => `price:${sku}`;
export const cartDayId = (day: string): string => `day:${day}`;
/** Named after the event that revealed it, so a redelivery finds the same document. */
export const cartAbandonedId = (eventId: string): string => `abandoned:${eventId}`;
