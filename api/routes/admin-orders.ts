import { z } from 'zod';
import type { OperatorRequests } from '../../processes/fulfilment/index.ts';
import { actorOf } from '../http/command-context.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams } from '../schemas.ts';

const retryBody = z.strictObject({ step: z.enum(['inventory', 'payment', 'shipping']) });
const compensateBody = z.strictObject({ action: z.enum(['releaseStock', 'refundPayment']) });
const accepted = z.object({
  orderId: z.string(),
  requestId: z.string(),
  alreadyRequested: z.boolean(),
});
const refusals = {
  403: { description: 'not an operator or admin' },
  404: { description: 'no fulfilment for this order' },
  409: { description: "the saga's state does not allow it" },
} as const;

/** Operators step into an order's fulfilment; the saga records and carries out the request. */
export const adminOrderRoutes = (operator: OperatorRequests): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/admin/orders/:id/fulfilment',
    summary: "The order's saga: its stage and state",
    tag: 'admin',
    access: ['operator', 'admin', 'auditor'],
    params: orderIdParams,
    responses: { 200: { description: 'the saga' }, 404: refusals[404] },
    handle: async ({ res, params }) => {
      res.json({ orderId: params.id, ...(await operator.inspect(params.id)) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/orders/:id/retry',
    summary:
      'Retry a step of the order’s fulfilment (recorded in the saga stream with you as actor)',
    tag: 'admin',
    access: ['operator', 'admin'],
    params: orderIdParams,
    body: retryBody,
    headers: [{ name: 'Idempotency-Key', description: 'the same key records the request once' }],
    responses: {
      202: { description: 'recorded; the saga carries it out', schema: accepted },
      ...refusals,
    },
    handle: async ({ req, res, params, body, principal }) => {
      const key = idempotencyKey(req);
      const done = await operator.requestRetry(
        params.id,
        body.step,
        actorOf(principal),
        key === undefined ? {} : { requestId: key },
      );
      res.status(202).json(done);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/orders/:id/compensate',
    summary: 'Undo part of an order (release its stock, refund its payment)',
    tag: 'admin',
    access: ['operator', 'admin'],
    params: orderIdParams,
    body: compensateBody,
    headers: [{ name: 'Idempotency-Key', description: 'the same key records the request once' }],
    responses: {
      202: { description: 'recorded; the saga carries it out', schema: accepted },
      ...refusals,
    },
    handle: async ({ req, res, params, body, principal }) => {
      const key = idempotencyKey(req);
      const done = await operator.requestCompensation(
        params.id,
        body.action,
        actorOf(principal),
        key === undefined ? {} : { requestId: key },
      );
      res.status(202).json(done);
    },
  }),
];
