import { z } from 'zod';
import { currencySchema, fromMajorUnits, multiplyMoney, sumMoney } from '../shared/money.ts';

/**
 * OrderPlaced as version 1 wrote it: prices as decimals of major units (19.99) and one currency for
 * the whole order. Frozen: stored events keep this shape forever.
 */
const orderPlacedV1Schema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  currency: currencySchema,
  lines: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int().positive(),
      unitPrice: z.number().nonnegative(),
    }),
  ),
  total: z.number().nonnegative(),
  placedAt: z.string(),
});

/**
 * v1 → v2. Line totals and the order total are recomputed in integer minor units rather than
 * converted from v1's float total, which could carry binary rounding error (0.1 + 0.2).
 */
export const upcastOrderPlacedV1 = (stored: unknown): unknown => {
  const v1 = orderPlacedV1Schema.parse(stored);
  const lines = v1.lines.map((line) => {
    const unitPrice = fromMajorUnits(line.unitPrice, v1.currency);
    return { ...line, unitPrice, lineTotal: multiplyMoney(unitPrice, line.quantity) };
  });
  return {
    orderId: v1.orderId,
    customerId: v1.customerId,
    lines,
    total: sumMoney(
      lines.map((line) => line.lineTotal),
      v1.currency,
    ),
    placedAt: v1.placedAt,
  };
};
