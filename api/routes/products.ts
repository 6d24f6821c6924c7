import { z } from 'zod';
import type { Catalog } from '../catalog.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { productViewSchema } from '../schemas.ts';

export const productRoutes = (catalog: Catalog): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/products',
    summary: 'The catalog with what is available of each product',
    tag: 'catalog',
    access: 'signed-in',
    responses: { 200: { description: 'the products', schema: z.array(productViewSchema) } },
    handle: async ({ res }) => {
      res.json(await catalog.withAvailability());
    },
  }),
];
