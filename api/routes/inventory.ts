import {
  inventoryStream,
  isLowStock,
  lowStockThreshold,
  stockLevel,
  type Inventory,
} from '../../domain/index.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import type { Catalog } from '../catalog.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { lowStockThresholdBody, restockBody, skuParams, stockViewSchema } from '../schemas.ts';

export interface InventoryRouteDeps {
  readonly aggregates: Aggregates;
  readonly catalog: Catalog;
  readonly clock: () => Date;
}

const stockView = (sku: string, state: Inventory) => {
  const { onHand, reserved, available } = stockLevel(sku, state);
  const threshold = lowStockThreshold(state);
  return {
    sku,
    onHand,
    reserved,
    available,
    lowStockThreshold: threshold,
    lowStock: isLowStock(available, threshold),
  };
};

export const inventoryCommandRoutes = ({
  aggregates,
  catalog,
  clock,
}: InventoryRouteDeps): Route[] => [
  defineRoute({
    method: 'post',
    path: '/api/inventory/:sku/restock',
    summary: 'Add stock of a product',
    tag: 'inventory',
    access: ['operator', 'admin'],
    params: skuParams,
    body: restockBody,
    responses: {
      200: { description: 'the stock after restocking', schema: stockViewSchema },
      404: { description: 'no such product' },
    },
    handle: async ({ req, res, params, body, principal }) => {
      if ((await catalog.lookup(params.sku)) === undefined)
        throw new HttpProblem(404, 'unknown_sku', 'Not found', `no product ${params.sku}`);
      const context = commandContext(req, principal, {
        correlationId: `restock-${params.sku}`,
        now: clock(),
      });
      const result = await aggregates.inventory.handle(
        inventoryStream(params.sku),
        {
          type: 'Restock',
          data: { sku: params.sku, quantity: body.quantity },
          metadata: { now: context.now, actor: actorOf(principal) },
        },
        context,
      );
      res.json(stockView(params.sku, result.state));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/inventory/:sku/low-stock-threshold',
    summary: 'Set below how many available units the product counts as low on stock',
    tag: 'inventory',
    access: ['operator', 'admin'],
    params: skuParams,
    body: lowStockThresholdBody,
    responses: {
      200: { description: 'the stock with its threshold', schema: stockViewSchema },
      404: { description: 'no such product' },
    },
    handle: async ({ req, res, params, body, principal }) => {
      if ((await catalog.lookup(params.sku)) === undefined)
        throw new HttpProblem(404, 'unknown_sku', 'Not found', `no product ${params.sku}`);
      const context = commandContext(req, principal, {
        correlationId: `low-stock-${params.sku}`,
        now: clock(),
      });
      const result = await aggregates.inventory.handle(
        inventoryStream(params.sku),
        {
          type: 'SetLowStockThreshold',
          data: { sku: params.sku, threshold: body.threshold },
          metadata: { now: context.now, actor: actorOf(principal) },
        },
        context,
      );
      res.json(stockView(params.sku, result.state));
    },
  }),
];
