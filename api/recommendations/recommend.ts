import type { SkuDoc } from '../../projections/recommendations/index.ts';
import { byScore, fillUp, neighbours, topPartners } from './rank.ts';
import type { Reason, RecommendationSource, Scored } from './source.ts';

/** Recent purchases a personal list starts from: the latest say most about what comes next. */
export const recentConsidered = 5;

const popularAs = (docs: readonly SkuDoc[], reason: Reason): Scored[] =>
  docs.map((doc) => ({ sku: doc.sku, score: 0, reason }));

const neighboursOf = async (
  source: RecommendationSource,
  docs: readonly SkuDoc[],
): Promise<Scored[][]> => {
  const partners = await source.skus([
    ...new Set(docs.flatMap((doc) => topPartners(doc).map((partner) => partner.sku))),
  ]);
  return docs.map((doc) => neighbours(doc, partners));
};

/** Sums each candidate's scores over the skus it neighbours. */
const merged = (lists: readonly Scored[][]): Scored[] => {
  const sums = new Map<string, number>();
  for (const item of lists.flat()) sums.set(item.sku, (sums.get(item.sku) ?? 0) + item.score);
  return [...sums]
    .map(([sku, score]) => ({ sku, score, reason: 'bought_together' as const }))
    .sort(byScore);
};

/**
 * "Customers who bought these also bought": the skus bought with `skus`, then the most popular of
 * their categories, then the most popular overall. `skus` is one product, or a basket.
 */
export const recommendFor = async (
  source: RecommendationSource,
  skus: readonly string[],
  limit: number,
  {
    excluded = new Set(skus),
    categories: known = [],
  }: { excluded?: ReadonlySet<string>; categories?: readonly string[] } = {},
): Promise<Scored[]> => {
  const docs = [...(await source.skus(skus)).values()];
  const together = merged(await neighboursOf(source, docs));
  if (together.length >= limit) return fillUp(limit, excluded, together);
  const wanted = limit + excluded.size;
  const categories = [...new Set([...known, ...docs.map((doc) => doc.category)])];
  const inCategory = await Promise.all(
    categories.map((category) => source.popular({ category, limit: wanted })),
  );
  const overall = await source.popular({ limit: wanted });
  return fillUp(
    limit,
    excluded,
    together,
    popularAs(
      inCategory.flat().sort((a, b) => b.orders - a.orders),
      'popular_in_category',
    ),
    popularAs(overall, 'popular'),
  );
};

/** How much a customer's taste for a category weighs against co-purchases (see personalizedFor). */
export const tasteWeight = 3;
const tasteCategories = 3;

/**
 * For a customer: what goes with their recent purchases, and the best-sellers of the categories
 * they buy from, minus what they already bought. A candidate scores its co-purchase association
 * with their recent skus plus `tasteWeight` × the share of their purchases in its category × its
 * popularity relative to its category's best-seller: co-purchases say what completes a basket,
 * tastes what they come back for.
 */
export const personalizedFor = async (
  source: RecommendationSource,
  customerId: string,
  limit: number,
): Promise<Scored[]> => {
  const customer = await source.customer(customerId);
  const bought = customer?.skus ?? [];
  const overall = popularAs(await source.popular({ limit: limit + bought.length }), 'popular');
  if (bought.length === 0) return fillUp(limit, new Set(), overall);
  const docs = await source.skus(bought);
  const shares = new Map<string, number>();
  for (const doc of docs.values())
    shares.set(doc.category, (shares.get(doc.category) ?? 0) + 1 / docs.size);
  const recent = bought.slice(0, recentConsidered).flatMap((sku) => docs.get(sku) ?? []);
  const scores = new Map<string, Scored>();
  for (const item of merged(await neighboursOf(source, recent))) scores.set(item.sku, item);
  const liked = [...shares].sort((a, b) => b[1] - a[1]).slice(0, tasteCategories);
  for (const [category, share] of liked) {
    const popular = await source.popular({ category, limit: limit + bought.length });
    const best = popular[0]?.orders ?? 1;
    for (const doc of popular) {
      const taste = (tasteWeight * share * doc.orders) / best;
      const known = scores.get(doc.sku);
      scores.set(doc.sku, {
        sku: doc.sku,
        score: (known?.score ?? 0) + taste,
        reason: known?.reason ?? 'popular_in_category',
      });
    }
  }
  return fillUp(limit, new Set(bought), [...scores.values()].sort(byScore), overall);
};
