import { z } from 'zod';
import { moneySchema } from '../../domain/shared/money.ts';

export const pricePointSchema = z.object({
  unitPrice: moneySchema,
  /** Business time of the change (the event's `occurredAt`). */
  at: z.string(),
  /** Who set it: the event's actor (an admin, an operator, the seed). */
  by: z.string(),
});
export type PricePoint = z.infer<typeof pricePointSchema>;

export const catalogProductDocSchema = z.object({
  _id: z.string(),
  _position: z.string().optional(),
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  unitPrice: moneySchema,
  /** Every price the product had, oldest first; the last is the current one. */
  priceHistory: z.array(pricePointSchema),
  addedAt: z.string(),
  updatedAt: z.string(),
  position: z.number().int(),
});
export type CatalogProductDoc = z.infer<typeof catalogProductDocSchema>;

/** A product as the API and the change feed see it. */
export const catalogProductSchema = catalogProductDocSchema.omit({ _id: true, _position: true });
export type CatalogProduct = z.infer<typeof catalogProductSchema>;
