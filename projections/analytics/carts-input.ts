import { cartEvents, type CartEvent } from '../../domain/cart/events.ts';
import { productEvents } from '../../domain/product/events.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { ForeignEvent } from '../projection.ts';

/** What the carts read model reads of an event: a cart's change, or a sku's price. */
export type CartsInput =
  | { readonly source: 'cart'; readonly event: CartEvent }
  | {
      readonly source: 'price';
      readonly sku: string;
      readonly unitPrice: { amount: number; currency: string };
    };

/**
 * Cart and product events reach projections as foreign events (the composition root's codec
 * decoded and checked them); reading them again through their own schemas gives them types.
 */
export const cartsInputOf = (event: DomainEvent | ForeignEvent): CartsInput | undefined => {
  if (cartEvents.handles(event.type)) {
    const parsed = cartEvents.schema.safeParse(event);
    return parsed.success ? { source: 'cart', event: parsed.data } : undefined;
  }
  if (event.type !== 'ProductAdded' && event.type !== 'ProductPriceChanged') return undefined;
  const parsed = productEvents.schema.safeParse(event);
  if (!parsed.success || parsed.data.type === 'ProductDetailsChanged') return undefined;
  const { sku, unitPrice } = parsed.data.data;
  return { source: 'price', sku, unitPrice };
};
