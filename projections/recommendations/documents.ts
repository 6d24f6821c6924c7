import { z } from 'zod';

// `recommendations`: per sku how many orders held it and which skus shared an order with it; per
// customer the skus they bought most recently.

const base = { _id: z.string(), _position: z.string().optional() };
const count = z.number().int().nonnegative();

/**
 * A partner sku and the orders it shared with this one. `over` is how much of `count` may be
 * inherited from the partner it displaced when the list was full (see partners.ts): `count -
 * over` orders together are certain.
 */
export const partnerSchema = z.object({ sku: z.string(), count, over: count });
export type Partner = z.infer<typeof partnerSchema>;

export const skuDocSchema = z.object({
  ...base,
  kind: z.literal('sku'),
  sku: z.string(),
  category: z.string(),
  /** Orders placed with this sku on a line: its popularity. */
  orders: count,
  /** At most `partnerCapacity`, the most frequent first. */
  partners: z.array(partnerSchema),
});

export const customerDocSchema = z.object({
  ...base,
  kind: z.literal('customer'),
  customerId: z.string(),
  orders: count,
  /** Distinct skus bought, the most recent first, at most `recentCapacity`. */
  skus: z.array(z.string()),
});

export const recommendationsDocSchema = z.discriminatedUnion('kind', [
  skuDocSchema,
  customerDocSchema,
]);
export type RecommendationsDoc = z.infer<typeof recommendationsDocSchema>;
export type SkuDoc = z.infer<typeof skuDocSchema>;
export type CustomerDoc = z.infer<typeof customerDocSchema>;

export const skuDocId = (sku: string): string => `sku:${sku}`;
export const customerDocId = (customerId: string): string => `customer:${customerId}`;

/** What a customer's recent purchases hold: enough for their tastes, bounded for a heavy buyer. */
export const recentCapacity = 50;
