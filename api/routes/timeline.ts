import { z } from 'zod';
import { orderTimelines, timelineEntrySchema } from '../../projections/order-timelines/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import { maySeeOrder } from '../auth/principal.ts';
import { HttpProblem } from '../http/problem.ts';
import {
  minPositionParam,
  readYourWrites,
  readYourWritesHeaders,
} from '../http/read-your-writes.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams } from '../schemas.ts';

const timelineSchema = z.object({ orderId: z.string(), entries: z.array(timelineEntrySchema) });

/** `GET /api/orders/:id/timeline`: every event that touched the order, from `order_timelines`. */
export const timelineRoutes = (readModels: ReadModels): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/orders/:id/timeline',
    summary:
      'Every event that touched the order (order, inventory, payment, saga), oldest first, with actor, causation and time',
    tag: 'orders',
    access: ['customer', 'operator', 'auditor', 'admin'],
    params: orderIdParams,
    query: z.strictObject({ minPosition: minPositionParam }),
    headers: readYourWritesHeaders,
    responses: {
      200: { description: 'the timeline', schema: timelineSchema },
      404: { description: 'no such order (or not yours), or the read model has not seen it yet' },
    },
    handle: async ({ req, res, params, query, principal }) => {
      await readYourWrites(req, res, readModels, orderTimelines.name, query.minPosition);
      const doc = await (await readModels.active(orderTimelines))?.get(params.id);
      if (doc === undefined || !maySeeOrder(principal, doc.customerId))
        throw new HttpProblem(
          404,
          'order_not_found',
          'Not found',
          `no timeline for order ${params.id}`,
        );
      res.json({ orderId: doc.orderId, entries: doc.entries });
    },
  }),
];
