import { z } from 'zod';
import type { Command } from '../shared/command.ts';
import { moneySchema } from '../shared/money.ts';
import { categoryNameSchema, descriptionSchema, productNameSchema } from './events.ts';

/** A sku names a stream (`product-{sku}`) and travels in URLs: letters, digits, `.`, `_`, `-`. */
export const skuSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64');

const details = {
  name: productNameSchema,
  category: categoryNameSchema,
  description: descriptionSchema,
};

export const addProductDataSchema = z.object({
  sku: skuSchema,
  ...details,
  unitPrice: moneySchema,
});
export const changePriceDataSchema = z.object({ sku: skuSchema, unitPrice: moneySchema });
export const changeDetailsDataSchema = z.object({ sku: skuSchema, ...details });

export type AddProduct = Command<'AddProduct', z.infer<typeof addProductDataSchema>>;
export type ChangePrice = Command<'ChangePrice', z.infer<typeof changePriceDataSchema>>;
export type ChangeDetails = Command<'ChangeDetails', z.infer<typeof changeDetailsDataSchema>>;
export type ProductCommand = AddProduct | ChangePrice | ChangeDetails;
