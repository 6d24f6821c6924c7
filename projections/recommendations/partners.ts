import type { Partner } from './documents.ts';

/**
 * Partners kept per sku. Counting every pair exactly costs a document entry per distinct pair,
 * which grows with the catalog squared for best-sellers; a recommendation reads the top few only.
 * So each sku keeps a "space-saving" summary (Metwally, Agrawal, El Abbadi 2005): a partner not
 * in a full list takes the place of the least counted one and inherits its count as `over`. Any
 * partner seen together in more than orders/capacity of this sku's orders is guaranteed a place,
 * and `count - over` never overstates. 100 partners of about 30 bytes make a 3 KB document, so a
 * catalog of 100k skus needs 300 MB whatever the number of orders (a million orders of ~2.5 lines
 * add ~3 pair increments each, rewriting ~2.5 small documents per order).
 */
export const partnerCapacity = 100;

const ranked = (a: Partner, b: Partner): number =>
  b.count - a.count || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** The summary with one more order shared with `sku`; deterministic, so a rebuild agrees. */
export const countPartner = (
  partners: readonly Partner[],
  sku: string,
  capacity = partnerCapacity,
): Partner[] => {
  const known = partners.find((partner) => partner.sku === sku);
  if (known !== undefined)
    return partners
      .map((partner) => (partner === known ? { ...partner, count: partner.count + 1 } : partner))
      .sort(ranked);
  if (partners.length < capacity) return [...partners, { sku, count: 1, over: 0 }].sort(ranked);
  // The list is sorted, so the least counted (the last in sku order among equals) is last.
  const least = partners.at(-1);
  if (least === undefined) return [];
  return [...partners.slice(0, -1), { sku, count: least.count + 1, over: least.count }].sort(
    ranked,
  );
};
