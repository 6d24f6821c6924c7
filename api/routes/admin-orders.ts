import type { Request, Response } from 'express';
import { z } from 'zod';
import { orderEvents, orderStream, orderView } from '../../domain/index.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import type { OperatorRequests } from '../../processes/fulfilment/index.ts';
import { actorOf } from '../http/command-context.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import {
  conflictWithState,
  ifMatchHeader,
  parseIfMatch,
  preconditionFailed,
  satisfies,
  winningEvents,
  type CurrentState,
} from '../http/preconditions.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams } from '../schemas.ts';

const retryBody = z.strictObject({ step: z.enum(['inventory', 'payment', 'shipping']) });
const compensateBody = z.strictObject({ action: z.enum(['releaseStock', 'refundPayment']) });
const reviewBody = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  reason: z.string().trim().min(1, 'say why (the audit keeps it)').max(500),
});
const accepted = z.object({
  orderId: z.string(),
  requestId: z.string(),
  alreadyRequested: z.boolean(),
});
const refusals = {
  403: { description: 'not an operator or admin' },
  404: { description: 'no fulfilment for this order' },
  409: { description: "the saga's state does not allow it (carries the order's currentState)" },
  412: {
    description:
      'If-Match names another revision of the order: nothing recorded; carries currentState and winningEvents',
  },
} as const;

export interface OrderReads {
  readonly aggregates: Aggregates;
  readonly store: EventStore;
}

/**
 * An operator's request goes to the saga's stream, not the order's, so If-Match is checked
 * against the order's revision before it is recorded (it cannot ride on that append); what it
 * guards against is acting on an order page that is out of date.
 */
const guarded = async <T>(
  req: Request,
  res: Response,
  orderId: string,
  { aggregates, store }: OrderReads,
  act: () => Promise<T>,
): Promise<T> => {
  const ifMatch = parseIfMatch(req);
  const stream = orderStream(orderId);
  const current = async (): Promise<CurrentState> => {
    const { state, revision } = await aggregates.orders.load(stream);
    return { revision, view: orderView(state) };
  };
  if (ifMatch !== undefined) {
    const now = await current();
    if (!satisfies(ifMatch, now.revision)) {
      const expected = ifMatch.any ? undefined : Math.max(...ifMatch.revisions);
      throw preconditionFailed(res, now, await winningEvents(store, stream, orderEvents, expected));
    }
  }
  try {
    return await act();
  } catch (error) {
    // A race here is on the saga's stream, whose winners this route does not describe.
    return conflictWithState(error, res, current);
  }
};

/** Operators step into an order's fulfilment; the saga records and carries out the request. */
export const adminOrderRoutes = (operator: OperatorRequests, orders: OrderReads): Route[] => [
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
    headers: [
      { name: 'Idempotency-Key', description: 'the same key records the request once' },
      ifMatchHeader,
    ],
    responses: {
      202: { description: 'recorded; the saga carries it out', schema: accepted },
      ...refusals,
    },
    handle: async ({ req, res, params, body, principal }) => {
      const key = idempotencyKey(req);
      const done = await guarded(req, res, params.id, orders, () =>
        operator.requestRetry(
          params.id,
          body.step,
          actorOf(principal),
          key === undefined ? {} : { requestId: key },
        ),
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
    headers: [
      { name: 'Idempotency-Key', description: 'the same key records the request once' },
      ifMatchHeader,
    ],
    responses: {
      202: { description: 'recorded; the saga carries it out', schema: accepted },
      ...refusals,
    },
    handle: async ({ req, res, params, body, principal }) => {
      const key = idempotencyKey(req);
      const done = await guarded(req, res, params.id, orders, () =>
        operator.requestCompensation(
          params.id,
          body.action,
          actorOf(principal),
          key === undefined ? {} : { requestId: key },
        ),
      );
      res.status(202).json(done);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/orders/:id/review',
    summary:
      'Approve or reject an order held for fraud review (recorded with you as the reviewer and your reason)',
    tag: 'admin',
    access: ['operator', 'admin'],
    params: orderIdParams,
    body: reviewBody,
    headers: [
      { name: 'Idempotency-Key', description: 'the same key records the decision once' },
      ifMatchHeader,
    ],
    responses: {
      202: { description: 'recorded; the saga confirms or rejects the order', schema: accepted },
      ...refusals,
    },
    handle: async ({ req, res, params, body, principal }) => {
      const key = idempotencyKey(req);
      const done = await guarded(req, res, params.id, orders, () =>
        operator.review(
          params.id,
          body.decision,
          body.reason,
          actorOf(principal),
          key === undefined ? {} : { requestId: key },
        ),
      );
      res.status(202).json(done);
    },
  }),
];
