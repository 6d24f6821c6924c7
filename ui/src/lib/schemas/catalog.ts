import * as z from 'zod/mini';
import { moneySchema, optionalString } from './common.ts';

export const productSchema = z.object({
  sku: z.string(),
  name: z.string(),
  unitPrice: moneySchema,
  available: z.int(),
  /** The inventory page's rule: fewer available than the product's threshold. */
  lowStock: z.optional(z.boolean()),
});
export type Product = z.infer<typeof productSchema>;

export const inventoryLevelSchema = z.object({
  sku: z.string(),
  name: z.optional(z.string()),
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
  lowStock: z.optional(z.boolean()),
  lowStockThreshold: z.optional(z.int()),
  updatedAt: optionalString,
});
export type InventoryLevel = z.infer<typeof inventoryLevelSchema>;
