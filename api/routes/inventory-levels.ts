import { z } from 'zod';
import type { Product } from '../../domain/catalog.ts';
import { defaultLowStockThreshold } from '../../domain/inventory/low-stock.ts';
import {
  inventoryLevels,
  type InventoryLevelDoc,
} from '../../projections/inventory-levels/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import type { Catalog } from '../catalog.ts';
import {
  minPositionParam,
  readYourWrites,
  readYourWritesHeaders,
} from '../http/read-your-writes.ts';
import { defineRoute, type Route } from '../http/route.ts';

const levelSchema = z.object({
  sku: z.string(),
  name: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStock: z.boolean(),
  lowStockThreshold: z.number().int(),
  updatedAt: z.string().nullable(),
});

const levelsBySku = async (readModels: ReadModels): Promise<Map<string, InventoryLevelDoc>> => {
  const docs =
    (await (await readModels.active(inventoryLevels))?.find({ sort: [['_id', 1]] })) ?? [];
  return new Map(docs.map((doc) => [doc.sku, doc]));
};

/** A product never restocked has nothing on hand; one no longer in the catalog is named by its sku. */
const levelOf = (sku: string, name: string, doc: InventoryLevelDoc | undefined) => ({
  sku,
  name,
  onHand: doc?.onHand ?? 0,
  reserved: doc?.reserved ?? 0,
  available: doc?.available ?? 0,
  lowStock: doc?.lowStock ?? true,
  lowStockThreshold: doc?.lowStockThreshold ?? defaultLowStockThreshold,
  updatedAt: doc?.updatedAt ?? null,
});

/** What can be sold of each product, from `inventory_levels` (for `GET /api/products`). */
export const availabilityFromReadModel =
  (readModels: ReadModels) =>
  async <P extends Product>(
    products: readonly P[],
  ): Promise<(P & { available: number; lowStock: boolean })[]> => {
    const collection = await readModels.active(inventoryLevels);
    const levels =
      (await collection?.getMany(products.map((p) => p.sku))) ??
      new Map<string, InventoryLevelDoc>();
    return products.map((product) => ({
      ...product,
      available: levels.get(product.sku)?.available ?? 0,
      lowStock: levels.get(product.sku)?.lowStock ?? true,
    }));
  };

/** `GET /api/inventory`: on hand, reserved, available and low stock of every product. */
export const inventoryLevelRoutes = (readModels: ReadModels, catalog: Catalog): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/inventory',
    summary: 'Stock of every product from the read model: on hand, reserved, available, low stock',
    tag: 'inventory',
    access: ['operator', 'admin'],
    query: z.strictObject({ minPosition: minPositionParam }),
    headers: readYourWritesHeaders,
    responses: {
      200: { description: 'the stock levels', schema: z.object({ items: z.array(levelSchema) }) },
    },
    handle: async ({ req, res, query }) => {
      await readYourWrites(req, res, readModels, inventoryLevels.name, query.minPosition);
      const levels = await levelsBySku(readModels);
      const listed = catalog.products().map((p) => levelOf(p.sku, p.name, levels.get(p.sku)));
      const others = [...levels.values()]
        .filter((doc) => catalog.find(doc.sku) === undefined)
        .map((doc) => levelOf(doc.sku, doc.sku, doc));
      res.json({ items: [...listed, ...others] });
    },
  }),
];
