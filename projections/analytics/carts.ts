import type { Projection } from '../projection.ts';
import { byKindKey } from './by-kind-key.ts';
import {
  cartAbandonedId,
  cartDayId,
  cartDocId,
  cartPriceId,
  cartsDocSchema,
  type CartsDoc,
} from './carts-documents.ts';
import { evolveCarts } from './carts-evolve.ts';
import { cartsInputOf } from './carts-input.ts';
import { dayOf, occurredAt } from './time.ts';

/**
 * `analytics_carts`: carts started, checked out, emptied and abandoned by UTC day of business
 * time. Abandonment is a reading of the log, not an event (domain/cart/abandoned.ts): a fill
 * left untouched for the threshold counts once, on the day it was left, with the value it held.
 * When its cart comes back the event that does so records it (an `abandoned` document); one still
 * untouched is read from its cart's document when the figure is asked for (see the API).
 */
export const analyticsCarts: Projection<CartsDoc> = {
  name: 'analytics_carts',
  version: 1,
  categories: ['cart', 'product'],
  schema: cartsDocSchema,
  indexes: [byKindKey],
  // The sku's price comes before the cart (a line is priced when it changes), and the cart before
  // the day and the abandonment, which read the step the cart recorded for the event.
  documentIds: (recorded) => {
    const input = cartsInputOf(recorded.event);
    if (input === undefined) return [];
    if (input.source === 'price') return [cartPriceId(input.sku)];
    const { event } = input;
    const cart = [
      cartDocId(event.data.customerId),
      cartAbandonedId(recorded.id),
      cartDayId(dayOf(occurredAt(recorded))),
    ];
    return event.type === 'CartItemAdded' || event.type === 'CartItemQuantityChanged'
      ? [cartPriceId(event.data.sku), ...cart]
      : cart;
  },
  evolve: evolveCarts,
  // Clients ask for figures by range (GET /api/analytics/carts); no one follows one live.
  view: () => undefined,
};
