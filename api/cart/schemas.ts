import { z } from 'zod';
import { maxCartQuantity } from '../../domain/cart/index.ts';
import { defaultServiceLevel, serviceLevelSchema } from '../../domain/order/ship-to.ts';
import { moneySchema } from '../../domain/shared/money.ts';
import { idParam, skuParams } from '../schemas.ts';

const quantity = z.number().int().min(1).max(maxCartQuantity);

export const addItemBody = z.strictObject({ sku: skuParams.shape.sku, quantity });
export const changeQuantityBody = z.strictObject({ quantity });
export const checkoutBody = z.strictObject({
  addressId: idParam,
  /** What the customer pays the carrier for; standard unless asked. */
  serviceLevel: serviceLevelSchema.default(defaultServiceLevel),
});

export const cartLineViewSchema = z.object({
  sku: z.string(),
  quantity: z.number(),
  /** Absent: the product is no longer in the catalog. */
  name: z.string().optional(),
  unitPrice: moneySchema.optional(),
  lineTotal: moneySchema.optional(),
  /** What the warehouse can promise now (on hand less reserved). */
  available: z.number(),
  /** Whether this line could be ordered now: a known product, enough of it available. */
  orderable: z.boolean(),
});
export const cartViewSchema = z.object({
  customerId: z.string(),
  lines: z.array(cartLineViewSchema),
  /** Of the priced lines; null for an empty cart. */
  total: moneySchema.nullable(),
  itemCount: z.number(),
});
export type CartView = z.infer<typeof cartViewSchema>;

export const checkedOutSchema = z.object({
  orderId: z.string(),
  status: z.literal('placed'),
  addressId: z.string(),
  serviceLevel: serviceLevelSchema,
});
