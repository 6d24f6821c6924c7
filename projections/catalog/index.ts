import { unreachable } from '../../domain/shared/decider.ts';
import { productEvents, type ProductEvent } from '../../domain/product/events.ts';
import { parseProductStream } from '../../domain/streams.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { ForeignEvent, Projection } from '../projection.ts';
import { catalogProductDocSchema, type CatalogProductDoc } from './document.ts';

export { catalogProductSchema, type CatalogProduct, type PricePoint } from './document.ts';
export type { CatalogProductDoc } from './document.ts';

/**
 * Product events reach projections as foreign events (the composition root's codec decoded and
 * checked them with the product's schemas); reading them again here gives them their types.
 */
const productEventOf = (event: DomainEvent | ForeignEvent): ProductEvent | undefined => {
  if (!productEvents.handles(event.type)) return undefined;
  const parsed = productEvents.schema.safeParse(event);
  return parsed.success ? parsed.data : undefined;
};

const next = (
  doc: CatalogProductDoc | undefined,
  event: ProductEvent,
  { at, by }: { at: string; by: string },
): Omit<CatalogProductDoc, '_id' | 'position'> | undefined => {
  switch (event.type) {
    case 'ProductAdded': {
      if (doc !== undefined) return undefined;
      const { sku, name, category, description, unitPrice } = event.data;
      const priceHistory = [{ unitPrice, at, by }];
      return {
        sku,
        name,
        category,
        description,
        unitPrice,
        priceHistory,
        addedAt: at,
        updatedAt: at,
      };
    }
    case 'ProductPriceChanged': {
      if (doc === undefined) return undefined;
      const { unitPrice } = event.data;
      return {
        ...doc,
        unitPrice,
        priceHistory: [...doc.priceHistory, { unitPrice, at, by }],
        updatedAt: at,
      };
    }
    case 'ProductDetailsChanged': {
      if (doc === undefined) return undefined;
      const { name, category, description } = event.data;
      return { ...doc, name, category, description, updatedAt: at };
    }
    default:
      return unreachable(event);
  }
};

/** `catalog`: one document per sku with its details, current price and price history. */
export const catalogProducts: Projection<CatalogProductDoc> = {
  name: 'catalog',
  version: 1,
  categories: ['product'],
  schema: catalogProductDocSchema,
  indexes: [],
  documentIds: ({ stream }) => {
    const sku = parseProductStream(stream);
    return sku === undefined ? [] : [sku];
  },
  evolve: (doc, { event, metadata, position }, { id }) => {
    const product = productEventOf(event);
    if (product === undefined) return doc;
    const changed = next(doc, product, { at: metadata.occurredAt, by: metadata.actor });
    if (changed === undefined) return doc;
    return { ...changed, _id: id, position: position?.commit ?? 0 };
  },
  view: ({ _id: _i, _position: _p, ...product }) => product,
};
