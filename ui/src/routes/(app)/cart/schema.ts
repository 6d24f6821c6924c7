import * as z from 'zod/mini';
import { moneySchema } from '#lib/schemas/common.ts';

/** GET /api/cart: lines at today's prices with what is available now. */
export const cartSchema = z.object({
  lines: z.array(
    z.object({
      sku: z.string(),
      quantity: z.int(),
      name: z.optional(z.string()),
      unitPrice: z.optional(moneySchema),
      lineTotal: z.optional(moneySchema),
      available: z.int(),
      orderable: z.boolean(),
    }),
  ),
  total: z.nullable(moneySchema),
  itemCount: z.int(),
});
export type CartView = z.infer<typeof cartSchema>;

export const addressesSchema = z.object({
  items: z.array(
    z.object({
      addressId: z.string(),
      isDefault: z.boolean(),
      recipient: z.string(),
      line1: z.string(),
      postalCode: z.string(),
      city: z.string(),
      country: z.string(),
    }),
  ),
});

export const maxCartQuantity = 99;
