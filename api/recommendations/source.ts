import type { CustomerDoc, SkuDoc } from '../../projections/recommendations/index.ts';

/**
 * What recommending reads: the `recommendations` read model in the API, the same documents folded
 * in memory in the bench (bench/intelligence/recommendations.ts), so both rank alike.
 */
export interface RecommendationSource {
  /** The documents of the skus that have one, by sku. */
  skus(skus: readonly string[]): Promise<Map<string, SkuDoc>>;
  customer(customerId: string): Promise<CustomerDoc | undefined>;
  /** The skus in most orders, in a category if one is given. */
  popular(options: { category?: string; limit: number }): Promise<SkuDoc[]>;
}

export type Reason = 'bought_together' | 'popular_in_category' | 'popular';

export interface Scored {
  readonly sku: string;
  /** Cosine similarity of the two skus' order sets, damped when few orders back it (0–1). */
  readonly score: number;
  readonly reason: Reason;
}
