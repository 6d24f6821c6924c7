import { orderStream } from '../../domain/index.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams, orderViewSchema } from '../schemas.ts';
import { visibleOrder } from './orders.ts';

/** `GET /api/orders/:id` folded from the order's own stream: always current, never a read model. */
export const orderStreamQueryRoutes = (aggregates: Aggregates): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/orders/:id',
    summary: 'One order (its owner, operators, auditors, admins)',
    tag: 'orders',
    access: ['customer', 'operator', 'auditor', 'admin'],
    params: orderIdParams,
    responses: {
      200: { description: 'the order', schema: orderViewSchema },
      404: { description: 'no such order (or not yours)' },
    },
    handle: async ({ res, params, principal }) => {
      const { state } = await aggregates.orders.load(orderStream(params.id));
      res.json(visibleOrder(state, principal, params.id));
    },
  }),
];
