import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Catalog, CatalogProduct } from '../catalog.ts';
import { categoryCounts, productListQuery, productPage } from '../catalog-query.ts';
import { HttpProblem } from '../http/problem.ts';
import { minPositionParam, readYourWritesTimeoutMs } from '../http/read-your-writes.ts';
import { defineRoute, type Route } from '../http/route.ts';
import {
  categoryCountsSchema,
  productDetailSchema,
  productPageSchema,
  skuParams,
} from '../schemas.ts';

const notFound = (sku: string) =>
  new HttpProblem(404, 'unknown_sku', 'Not found', `no product ${sku}`);

/**
 * The product once the in-memory catalog holds a change at or after `commit` (a client reading
 * its own price change), waiting at most as long as the read models' read-your-writes does.
 */
const productAt = async (
  catalog: Catalog,
  sku: string,
  commit: number | undefined,
): Promise<{ product: CatalogProduct | undefined; stale: boolean }> => {
  const deadline = Date.now() + readYourWritesTimeoutMs;
  for (;;) {
    const product = catalog.find(sku);
    if (commit === undefined || (product !== undefined && product.position >= commit))
      return { product, stale: false };
    if (Date.now() >= deadline) return { product, stale: true };
    await sleep(10);
  }
};

const availabilityOf = async (catalog: Catalog, product: CatalogProduct) => {
  const [level] = await catalog.withAvailability([product]);
  return { available: level?.available ?? 0, lowStock: level?.lowStock ?? true };
};

export const productRoutes = (catalog: Catalog): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/products',
    summary:
      'The catalog, a page at a time in sku order, with what is available of each product; filter by category, search by name',
    tag: 'catalog',
    access: 'signed-in',
    query: productListQuery,
    responses: {
      200: {
        description: 'a page of products; pass nextCursor as cursor for the next',
        schema: productPageSchema,
      },
      400: { description: 'an invalid parameter or cursor' },
    },
    handle: async ({ res, query }) => {
      const page = productPage(catalog.products(), query);
      const items = await catalog.withAvailability(page.items);
      res.json({
        items: items.map(
          ({ sku, name, category, description, unitPrice, available, lowStock }) => ({
            sku,
            name,
            category,
            description,
            unitPrice,
            available,
            lowStock,
          }),
        ),
        nextCursor: page.nextCursor,
      });
    },
  }),
  // Before `/api/products/:sku`, which would take `categories` for a sku.
  defineRoute({
    method: 'get',
    path: '/api/products/categories',
    summary: 'Every category with how many products it holds',
    tag: 'catalog',
    access: 'signed-in',
    responses: { 200: { description: 'the categories by name', schema: categoryCountsSchema } },
    handle: ({ res }) => {
      res.json({ items: categoryCounts(catalog.products()) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/products/:sku',
    summary: 'One product with its price history and what is available of it',
    tag: 'catalog',
    access: 'signed-in',
    params: skuParams,
    query: z.strictObject({ minPosition: minPositionParam }),
    responses: {
      200: { description: 'the product', schema: productDetailSchema },
      404: { description: 'no such product' },
    },
    handle: async ({ res, params, query }) => {
      const commit =
        query.minPosition === undefined ? undefined : Number(query.minPosition.split('/')[0]);
      const { product, stale } = await productAt(catalog, params.sku, commit);
      if (stale) res.set('X-Read-Model-Stale', 'true');
      if (product === undefined) throw notFound(params.sku);
      const { position: _position, ...shown } = product;
      res.json({ ...shown, ...(await availabilityOf(catalog, product)) });
    },
  }),
];
