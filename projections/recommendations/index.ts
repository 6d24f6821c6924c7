import type { Projection } from '../projection.ts';
import {
  customerDocId,
  recommendationsDocSchema,
  skuDocId,
  type RecommendationsDoc,
} from './documents.ts';
import { evolveRecommendations, placedOf, skusOf } from './evolve.ts';

export * from './documents.ts';
export { partnerCapacity } from './partners.ts';

/**
 * `recommendations`: per sku its popularity and the skus bought with it, per customer what they
 * bought lately, from the orders placed. Read by GET /api/recommendations and …/personalized.
 */
export const recommendations: Projection<RecommendationsDoc> = {
  name: 'recommendations',
  version: 1,
  categories: ['order'],
  schema: recommendationsDocSchema,
  indexes: [
    // The most popular skus, overall and in a category (the fallbacks).
    {
      name: 'by_kind_orders',
      fields: [
        ['kind', 1],
        ['orders', -1],
        ['_id', 1],
      ],
    },
    {
      name: 'by_kind_category_orders',
      fields: [
        ['kind', 1],
        ['category', 1],
        ['orders', -1],
        ['_id', 1],
      ],
    },
  ],
  documentIds: (recorded) => {
    const placed = placedOf(recorded);
    if (placed === undefined) return [];
    return [...skusOf(placed).map(skuDocId), customerDocId(placed.data.customerId)];
  },
  evolve: evolveRecommendations,
  // Asked for per sku or customer over HTTP; no one follows these documents live.
  view: () => undefined,
};
