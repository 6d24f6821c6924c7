import { z } from 'zod';
import { moneySchema } from '../domain/shared/money.ts';
import { plainText } from '../domain/shared/text.ts';
import {
  maxLineQuantity,
  maxOrderLines,
  orderStatuses,
  serviceLevelSchema,
} from '../domain/order/index.ts';
import { roleSchema } from './auth/principal.ts';
import { shipToViewSchema } from './orders/ship-to.ts';

// Request bodies are strict: an unknown key (`$where`, `__proto__`, a typo) is refused, not ignored.

const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore');
export const idParam = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

export const placeOrderBody = z.strictObject({
  lines: z
    .array(z.strictObject({ sku, quantity: z.number().int().min(1).max(maxLineQuantity) }))
    .min(1)
    .max(maxOrderLines),
  /** One of the signed-in account's addresses: the order ships there. */
  addressId: idParam.optional(),
  serviceLevel: serviceLevelSchema.optional(),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

export const cancelOrderBody = z.strictObject({
  reason: plainText(500).optional(),
});
export const restockBody = z.strictObject({ quantity: z.number().int().min(1).max(1_000_000) });
export const lowStockThresholdBody = z.strictObject({
  threshold: z.number().int().min(0).max(1_000_000),
});
export const devTokenBody = z.strictObject({
  sub: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.@-]+$/),
  roles: z.array(roleSchema).min(1).max(4),
});

export const orderIdParams = z.strictObject({ id: idParam });
export const skuParams = z.strictObject({ sku });

export const acceptedOrderSchema = z.object({ orderId: z.string(), status: z.enum(orderStatuses) });

const orderLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
  /** The product's category at purchase; absent on lines placed before categories. */
  category: z.string().optional(),
});
export const orderViewSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: z.enum(orderStatuses),
  lines: z.array(orderLineSchema),
  total: moneySchema,
  placedAt: z.string(),
  updatedAt: z.string(),
  reason: z.string().optional(),
  detail: z.string().nullable().optional(),
  cancelledBy: z.string().optional(),
  shipment: z
    .object({
      carrier: z.string(),
      trackingId: z.string(),
      estimatedDeliveryAt: z.string().optional(),
      /** Set once the carrier revised its estimate: the date it replaced (null: none before). */
      previousEstimatedDeliveryAt: z.string().nullable().optional(),
    })
    .optional(),
  /** Where it ships, opened for who may see the order; absent when the order names none. */
  shipTo: shipToViewSchema.optional(),
  /** Absent: standard. */
  serviceLevel: serviceLevelSchema.optional(),
});

export const productViewSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  unitPrice: moneySchema,
  available: z.number().int(),
  /** Fewer available than the product's low-stock threshold (the inventory page's rule). */
  lowStock: z.boolean(),
});
export const productPageSchema = z.object({
  items: z.array(productViewSchema),
  nextCursor: z.string().nullable(),
});
const pricePointSchema = z.object({ unitPrice: moneySchema, at: z.string(), by: z.string() });
export const productDetailSchema = productViewSchema.extend({
  /** Every price it had, oldest first, with when and by whom it was set. */
  priceHistory: z.array(pricePointSchema),
  addedAt: z.string(),
  updatedAt: z.string(),
});
export const categoryCountsSchema = z.object({
  items: z.array(z.object({ category: z.string(), products: z.number().int() })),
});
export const stockViewSchema = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int(),
  lowStock: z.boolean(),
});
