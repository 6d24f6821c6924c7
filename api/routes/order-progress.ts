import { z } from 'zod';
import { orderStream } from '../../domain/index.ts';
import type { OperatorRequests } from '../../processes/fulfilment/index.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { maySeeOrder } from '../auth/principal.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams } from '../schemas.ts';

const waitingSchema = z
  .object({
    for: z.enum([
      'stock',
      'payment',
      'payment_retry',
      'picking',
      'shipping_retry',
      'shipping_failed',
      'delivery',
      'compensation',
    ]),
    until: z.string().nullable(),
    then: z.string().nullable(),
    needsAttention: z.boolean(),
  })
  .nullable();

const progressSchema = z.object({
  orderId: z.string(),
  stage: z.string(),
  waiting: waitingSchema,
});

/**
 * `GET /api/orders/:id/progress`: what the order waits for and until when, for its owner and
 * staff. Folded from the saga's stream with the policy in force, so the deadline is the one the
 * saga will act on.
 */
export const orderProgressRoutes = (
  operator: OperatorRequests,
  aggregates: Aggregates,
): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/orders/:id/progress',
    summary: 'What the order waits for, and until when (its owner, operators, auditors, admins)',
    tag: 'orders',
    access: ['customer', 'operator', 'auditor', 'admin'],
    params: orderIdParams,
    responses: {
      200: { description: 'the wait; null once the order has ended', schema: progressSchema },
      404: { description: 'no such order (or not yours)' },
    },
    handle: async ({ res, params, principal }) => {
      const { state } = await aggregates.orders.load(orderStream(params.id));
      if (state.status === 'none' || !maySeeOrder(principal, state.customerId))
        throw new HttpProblem(404, 'order_not_found', 'Not found', `no order ${params.id}`);
      const { stage, waiting } = await operator.inspect(params.id);
      res.json({ orderId: params.id, stage, waiting });
    },
  }),
];
