import type { Request } from 'express';
import {
  inventoryStream,
  isLowStock,
  lowStockThreshold,
  stockLevel,
  type Inventory,
  type Restock,
  type SetLowStockThreshold,
} from '../../domain/index.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import type { Principal } from '../auth/principal.ts';
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
}: InventoryRouteDeps): Route[] => {
  /** One command on a known product's inventory stream, by the caller; answers the stock after. */
  const onStock = async (
    req: Request,
    principal: Principal,
    sku: string,
    command: Pick<Restock, 'type' | 'data'> | Pick<SetLowStockThreshold, 'type' | 'data'>,
  ) => {
    if ((await catalog.lookup(sku)) === undefined)
      throw new HttpProblem(404, 'unknown_sku', 'Not found', `no product ${sku}`);
    const context = commandContext(req, principal, {
      correlationId: `${command.type === 'Restock' ? 'restock' : 'low-stock'}-${sku}`,
      now: clock(),
    });
    const metadata = { now: context.now, actor: actorOf(principal) };
    const result = await aggregates.inventory.handle(
      inventoryStream(sku),
      { ...command, metadata },
      context,
    );
    return stockView(sku, result.state);
  };
  return [
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
        const data = { sku: params.sku, quantity: body.quantity };
        res.json(await onStock(req, principal, params.sku, { type: 'Restock', data }));
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
        const data = { sku: params.sku, threshold: body.threshold };
        res.json(await onStock(req, principal, params.sku, { type: 'SetLowStockThreshold', data }));
      },
    }),
  ];
};
