import { z } from 'zod';
import { defineEventRegistry, eventSchema } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';
import { moneySchema } from '../shared/money.ts';
import { plainText } from '../shared/text.ts';

export const maxProductName = 200;
export const maxCategoryName = 80;
export const maxDescription = 2000;

// Checked on write as well as at the HTTP edge, so a tool that appends directly (npm run seed)
// cannot store text the API would refuse.
const sku = z.string().min(1);
export const productNameSchema = plainText(maxProductName);
export const categoryNameSchema = plainText(maxCategoryName);
export const descriptionSchema = plainText(maxDescription);

// The business time of each change is the event's `occurredAt` metadata (back-dated by the seed
// tool), so the data carries only what changed.
export const productAddedSchema = z.object({
  sku,
  name: productNameSchema,
  category: categoryNameSchema,
  description: descriptionSchema,
  unitPrice: moneySchema,
});
export const productPriceChangedSchema = z.object({
  sku,
  unitPrice: moneySchema,
  previousUnitPrice: moneySchema,
});
export const productDetailsChangedSchema = z.object({
  sku,
  name: productNameSchema,
  category: categoryNameSchema,
  description: descriptionSchema,
});

export type ProductAdded = Event<'ProductAdded', z.infer<typeof productAddedSchema>>;
export type ProductPriceChanged = Event<
  'ProductPriceChanged',
  z.infer<typeof productPriceChangedSchema>
>;
export type ProductDetailsChanged = Event<
  'ProductDetailsChanged',
  z.infer<typeof productDetailsChangedSchema>
>;
export type ProductEvent = ProductAdded | ProductPriceChanged | ProductDetailsChanged;

export const productEvents: EventRegistry<ProductEvent> = defineEventRegistry<ProductEvent>(
  z.discriminatedUnion('type', [
    eventSchema('ProductAdded', productAddedSchema),
    eventSchema('ProductPriceChanged', productPriceChangedSchema),
    eventSchema('ProductDetailsChanged', productDetailsChangedSchema),
  ]),
  {
    ProductAdded: { schemaVersion: 1 },
    ProductPriceChanged: { schemaVersion: 1 },
    ProductDetailsChanged: { schemaVersion: 1 },
  },
);
