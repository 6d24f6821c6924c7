import type {
  CustomerDoc,
  RecommendationsDoc,
  SkuDoc,
} from '../../projections/recommendations/index.ts';
import type { RecommendationSource } from './source.ts';

const byOrders = (a: SkuDoc, b: SkuDoc): number =>
  b.orders - a.orders || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * The recommendations documents held in a map, as a projection folds them in memory: for the bench
 * and for specifications. Popularity lists are sorted once; the map must not change afterwards.
 */
export const memorySource = (
  docs: ReadonlyMap<string, RecommendationsDoc>,
): RecommendationSource => {
  const skus = [...docs.values()].filter((doc): doc is SkuDoc => doc.kind === 'sku').sort(byOrders);
  const bySku = new Map(skus.map((doc) => [doc.sku, doc]));
  const byCategory = new Map<string, SkuDoc[]>();
  for (const doc of skus)
    byCategory.set(doc.category, [...(byCategory.get(doc.category) ?? []), doc]);
  return {
    skus: (wanted) =>
      Promise.resolve(
        new Map(
          wanted.flatMap((sku) => {
            const doc = bySku.get(sku);
            return doc === undefined ? [] : [[sku, doc] as const];
          }),
        ),
      ),
    customer: (customerId) => {
      const doc = docs.get(`customer:${customerId}`);
      return Promise.resolve(doc?.kind === 'customer' ? (doc satisfies CustomerDoc) : undefined);
    },
    popular: ({ category, limit }) =>
      Promise.resolve(
        (category === undefined ? skus : (byCategory.get(category) ?? [])).slice(0, limit),
      ),
  };
};
