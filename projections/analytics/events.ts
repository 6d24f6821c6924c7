import type { DomainEvent } from '../../domain/events.ts';
import { inventoryEvents, type InventoryEvent } from '../../domain/inventory/events.ts';
import { orderEvents, type OrderEvent } from '../../domain/order/events.ts';
import { paymentEvents, type PaymentEvent } from '../../domain/payment/events.ts';
import { productAddedSchema, productDetailsChangedSchema } from '../../domain/product/events.ts';
import { isDomainEvent, type ForeignEvent } from '../projection.ts';

/** A product's name and category as the catalog states them. */
export interface CatalogEntry {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
}

/** What analytics read of an event, by the aggregate that wrote it. */
export type AnalyticsInput =
  | { readonly source: 'order'; readonly event: OrderEvent }
  | { readonly source: 'payment'; readonly event: PaymentEvent }
  | { readonly source: 'inventory'; readonly event: InventoryEvent }
  | { readonly source: 'catalog'; readonly entry: CatalogEntry };

const isOrder = (event: DomainEvent): event is OrderEvent => orderEvents.handles(event.type);
const isPayment = (event: DomainEvent): event is PaymentEvent => paymentEvents.handles(event.type);
const isInventory = (event: DomainEvent): event is InventoryEvent =>
  inventoryEvents.handles(event.type);

/**
 * Product events reach projections as the codec the composition root hands in decoded them
 * (checked there); their data is read here again through the product's own schemas.
 */
const catalogEntryOf = (event: ForeignEvent): CatalogEntry | undefined => {
  if (event.type !== 'ProductAdded' && event.type !== 'ProductDetailsChanged') return undefined;
  const schema = event.type === 'ProductAdded' ? productAddedSchema : productDetailsChangedSchema;
  const parsed = schema.safeParse(event.data);
  return parsed.success
    ? { sku: parsed.data.sku, name: parsed.data.name, category: parsed.data.category }
    : undefined;
};

export const analyticsInputOf = (event: DomainEvent | ForeignEvent): AnalyticsInput | undefined => {
  // Read first by type: product events may join the domain's registry.
  const entry = catalogEntryOf(event);
  if (entry !== undefined) return { source: 'catalog', entry };
  if (!isDomainEvent(event)) return undefined;
  if (isOrder(event)) return { source: 'order', event };
  if (isPayment(event)) return { source: 'payment', event };
  if (isInventory(event)) return { source: 'inventory', event };
  return undefined;
};
