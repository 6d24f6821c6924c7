import {
  customerDocId,
  recommendations,
  skuDocId,
  type SkuDoc,
} from '../../projections/recommendations/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import type { RecommendationSource } from './source.ts';

/** The `recommendations` read model as a source; before its first build it holds nothing. */
export const readModelSource = (readModels: ReadModels): RecommendationSource => {
  const collection = () => readModels.active(recommendations);
  return {
    async skus(skus) {
      const docs = await (await collection())?.getMany(skus.map(skuDocId));
      return new Map(
        [...(docs?.values() ?? [])].flatMap((doc) =>
          doc.kind === 'sku' ? [[doc.sku, doc] as const] : [],
        ),
      );
    },
    async customer(customerId) {
      const doc = await (await collection())?.get(customerDocId(customerId));
      return doc?.kind === 'customer' ? doc : undefined;
    },
    async popular({ category, limit }) {
      const docs =
        (await (
          await collection()
        )?.find({
          filter: category === undefined ? { kind: 'sku' } : { kind: 'sku', category },
          sort: [
            ['orders', -1],
            ['_id', 1],
          ],
          limit,
        })) ?? [];
      return docs.filter((doc): doc is SkuDoc => doc.kind === 'sku');
    },
  };
};
