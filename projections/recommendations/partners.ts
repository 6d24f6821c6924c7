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

/** Moves the entry at `at` up past those it now outranks: the rest of the list is in order. */
const settle = (partners: Partner[], at: number): Partner[] => {
  for (let i = at; i > 0; i--) {
    const above = partners[i - 1];
    const here = partners[i];
    if (above === undefined || here === undefined || ranked(above, here) <= 0) break;
    partners[i - 1] = here;
    partners[i] = above;
  }
  return partners;
};

/**
 * The summary with one more order shared with `sku`; deterministic, so a rebuild agrees. A count
 * only grows, so the changed entry only moves up: one pass, no sort (this runs for every pair of
 * skus of every order a rebuild reads).
 */
export const countPartner = (
  partners: readonly Partner[],
  sku: string,
  capacity = partnerCapacity,
): Partner[] => {
  const next = [...partners];
  const at = next.findIndex((partner) => partner.sku === sku);
  const known = next[at];
  if (known !== undefined) {
    next[at] = { ...known, count: known.count + 1 };
    return settle(next, at);
  }
  if (next.length < capacity) {
    next.push({ sku, count: 1, over: 0 });
    return settle(next, next.length - 1);
  }
  // The list is in order, so the least counted (the last in sku order among equals) is last.
  const least = next.at(-1);
  if (least === undefined) return next;
  next[next.length - 1] = { sku, count: least.count + 1, over: least.count };
  return settle(next, next.length - 1);
};
