import * as z from 'zod/mini';
import { moneySchema } from '#lib/schemas/common.ts';

/** A product suggested for the cart, as GET /api/recommendations describes it. */
export const suggestionSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  price: moneySchema,
  score: z.number(),
  reason: z.string(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const suggestionsSchema = z.object({ items: z.array(suggestionSchema) });

/** How many the page shows, and how many of the cart's skus it asks about (its last ones). */
export const shown = 4;
export const asked = 3;
