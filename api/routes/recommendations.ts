import { z } from 'zod';
import { moneySchema } from '../../domain/shared/money.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import { hasRole } from '../auth/principal.ts';
import type { Catalog } from '../catalog.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { readModelSource } from '../recommendations/read-model-source.ts';
import { personalizedFor, recommendFor } from '../recommendations/recommend.ts';
import type { Scored } from '../recommendations/source.ts';
import { idParam, skuParams } from '../schemas.ts';

const limit = z.coerce.number().int().min(1).max(20).default(5);
const bySkuQuery = z.strictObject({ sku: skuParams.shape.sku, limit });
const personalQuery = z.strictObject({ customerId: idParam.optional(), limit });

const itemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  price: moneySchema,
  score: z.number(),
  reason: z.enum(['bought_together', 'popular_in_category', 'popular']),
});
const bySkuSchema = z.object({ sku: z.string(), items: z.array(itemSchema) });
const personalSchema = z.object({ customerId: z.string(), items: z.array(itemSchema) });

/** Each sku with its catalog entry; one the catalog no longer holds is left out. */
const withProducts = (catalog: Catalog, scored: readonly Scored[]) =>
  scored.flatMap(({ sku, score, reason }) => {
    const product = catalog.find(sku);
    if (product === undefined) return [];
    const { name, category, unitPrice } = product;
    return [{ sku, name, category, price: unitPrice, score: Number(score.toFixed(4)), reason }];
  });

// A few more than asked for, in case some are gone from the catalog.
const spare = 3;
const tag = 'recommendations';

/**
 * `GET /api/recommendations?sku=` (customers who bought it also bought) and
 * `GET /api/recommendations/personalized` (for the caller, or a customer an operator names), from
 * the `recommendations` read model; products' names and prices come from the catalog.
 */
export const recommendationRoutes = (readModels: ReadModels, catalog: Catalog): Route[] => {
  const source = readModelSource(readModels);
  return [
    defineRoute({
      method: 'get',
      path: '/api/recommendations',
      summary:
        'Products often bought with a sku (cosine of co-purchases), else popular ones of its category',
      tag,
      access: 'signed-in',
      query: bySkuQuery,
      responses: {
        200: { description: 'the recommendations, best first', schema: bySkuSchema },
        404: { description: 'no such product' },
      },
      handle: async ({ res, query }) => {
        const product = catalog.find(query.sku) ?? (await catalog.lookup(query.sku));
        if (product === undefined)
          throw new HttpProblem(404, 'unknown_sku', 'Not found', `no product ${query.sku}`);
        const scored = await recommendFor(source, [query.sku], query.limit + spare, {
          categories: [product.category],
        });
        res.json({ sku: query.sku, items: withProducts(catalog, scored).slice(0, query.limit) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/recommendations/personalized',
      summary:
        'Products for a customer: bought with what they bought lately, minus what they have, else popular ones',
      tag,
      access: 'signed-in',
      query: personalQuery,
      responses: {
        200: { description: 'the recommendations, best first', schema: personalSchema },
        403: { description: 'a customer asking for another customer' },
      },
      handle: async ({ res, query, principal }) => {
        const customerId = query.customerId ?? principal.sub;
        if (customerId !== principal.sub && !hasRole(principal, 'operator', 'admin'))
          throw new HttpProblem(403, 'forbidden', 'Forbidden', 'only your own recommendations');
        const scored = await personalizedFor(source, customerId, query.limit + spare);
        res.json({ customerId, items: withProducts(catalog, scored).slice(0, query.limit) });
      },
    }),
  ];
};
