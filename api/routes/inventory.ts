import { inventoryStream, stockLevel } from '../../domain/index.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import type { Catalog } from '../catalog.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { restockBody, skuParams, stockViewSchema } from '../schemas.ts';

export interface InventoryRouteDeps {
  readonly aggregates: Aggregates;
  readonly catalog: Catalog;
  readonly clock: () => Date;
}

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
      if (catalog.find(params.sku) === undefined)
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
      const { sku, onHand, reserved, available } = stockLevel(params.sku, result.state);
      res.json({ sku, onHand, reserved, available });
    },
  }),
];
