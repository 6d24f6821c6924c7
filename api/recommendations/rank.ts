import type { SkuDoc } from '../../projections/recommendations/index.ts';
import type { Scored } from './source.ts';

/**
 * Orders together below which a pair is noise: with a thousand skus, two skus share one order by
 * chance often enough that a single co-purchase says little.
 */
export const minimumTogether = 2;
/** Pairs seen together this often count half: few shared orders make a shaky ratio. */
export const damping = 3;
/** Partners weighed per sku: the ones a summary of 100 counts best (see partners.ts). */
export const partnersConsidered = 30;

/** The partners worth weighing, by certain count, most first. */
export const topPartners = (doc: SkuDoc): SkuDoc['partners'] =>
  doc.partners
    .filter((partner) => partner.count - partner.over >= minimumTogether)
    .slice(0, partnersConsidered);

/**
 * Cosine similarity, together / √(orders of x · orders of y): raw counts would rank the
 * best-sellers first for every sku (they share orders with everything), lift would rank rare skus
 * first on a single coincidence; cosine sits between, and the damping tempers small counts.
 */
export const association = (together: number, ordersX: number, ordersY: number): number =>
  ordersX <= 0 || ordersY <= 0
    ? 0
    : (together / Math.sqrt(ordersX * ordersY)) * (together / (together + damping));

/** The partners of `doc` scored, best first; `others` holds the partners' documents by sku. */
export const neighbours = (doc: SkuDoc, others: ReadonlyMap<string, SkuDoc>): Scored[] =>
  topPartners(doc)
    .map((partner) => ({
      sku: partner.sku,
      score: association(
        partner.count - partner.over,
        doc.orders,
        others.get(partner.sku)?.orders ?? partner.count,
      ),
      reason: 'bought_together' as const,
    }))
    .sort(byScore);

export const byScore = (a: Scored, b: Scored): number =>
  b.score - a.score || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** `ranked` then `fill` up to `limit`, each sku once and none of `excluded`. */
export const fillUp = (
  limit: number,
  excluded: ReadonlySet<string>,
  ...lists: readonly (readonly Scored[])[]
): Scored[] => {
  const chosen = new Map<string, Scored>();
  for (const list of lists)
    for (const item of list) {
      if (chosen.size >= limit) return [...chosen.values()];
      if (!excluded.has(item.sku) && !chosen.has(item.sku)) chosen.set(item.sku, item);
    }
  return [...chosen.values()];
};
