import type { Request } from 'express';
import pLimit from 'p-limit';
import { z } from 'zod';
import { orderStream, orderView, type OrderCommand } from '../../domain/index.ts';
import { plainText } from '../../domain/shared/text.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import type { OperatorRequests } from '../../processes/fulfilment/index.ts';
import type { Principal } from '../auth/principal.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { problemFor } from '../http/errors.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import { HttpProblem, type Problem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { idParam } from '../schemas.ts';

export const maxBulkOrders = 100;

export const bulkBody = z
  .strictObject({
    action: z.enum(['cancel', 'refund', 'retry']),
    orderIds: z
      .array(idParam)
      .min(1)
      .max(maxBulkOrders)
      .refine((ids) => new Set(ids).size === ids.length, 'each order once'),
    /** Recorded on each cancellation; the saga's requests (refund, retry) carry no reason. */
    reason: plainText(500),
    step: z.enum(['inventory', 'payment', 'shipping']).optional(),
  })
  .refine((body) => body.action !== 'retry' || body.step !== undefined, {
    path: ['step'],
    message: 'a retry names the step to retry',
  });
type BulkBody = z.infer<typeof bulkBody>;

const resultSchema = z.object({
  orderId: z.string(),
  outcome: z.enum(['done', 'refused']),
  problem: z.looseObject({ type: z.string(), title: z.string(), status: z.number() }).optional(),
});
type BulkResult = z.infer<typeof resultSchema>;

export interface BulkDeps {
  readonly aggregates: Aggregates;
  readonly operator: OperatorRequests;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Orders acted on at once: enough to hide the event store's round trips, not to flood it. */
  readonly concurrency?: number;
}

const unexpected: Problem = {
  type: 'urn:order-ledger:problem:internal',
  title: 'Not done',
  status: 500,
  detail: 'something unexpected stopped this order; the server log says what',
};

/** One order through the same command path as its single-order action. */
const actOn = async (
  deps: BulkDeps,
  req: Request,
  principal: Principal,
  body: BulkBody,
  orderId: string,
): Promise<void> => {
  const actor = actorOf(principal);
  // With an Idempotency-Key, a bulk request sent again records each order's request once.
  const key = idempotencyKey(req);
  const requestId =
    key === undefined ? undefined : deterministicId('bulk', key, body.action, orderId);
  const options = requestId === undefined ? {} : { requestId };
  switch (body.action) {
    case 'cancel': {
      const stream = orderStream(orderId);
      const { state } = await deps.aggregates.orders.load(stream);
      if (orderView(state) === null)
        throw new HttpProblem(404, 'order_not_found', 'Not found', `no order ${orderId}`);
      const context = commandContext(req, principal, {
        correlationId: orderId,
        now: deps.clock(),
        ...(requestId === undefined ? {} : { commandId: requestId }),
      });
      const command: OrderCommand = {
        type: 'CancelOrder',
        data: { orderId, reason: body.reason },
        metadata: { now: context.now, actor },
      };
      await deps.aggregates.orders.handle(stream, command, context);
      return;
    }
    case 'refund':
      await deps.operator.requestCompensation(orderId, 'refundPayment', actor, options);
      return;
    case 'retry':
      await deps.operator.requestRetry(orderId, body.step ?? 'payment', actor, options);
      return;
  }
};

/**
 * `POST /api/admin/orders/bulk`: one action on up to 100 orders, each taken on its own (a refusal
 * changes nothing for that order and does not stop the others), answered order by order.
 */
export const adminBulkRoutes = (deps: BulkDeps): Route[] => [
  defineRoute({
    method: 'post',
    path: '/api/admin/orders/bulk',
    summary:
      'Cancel, refund or retry a step of up to 100 orders at once; each goes through its single-order action, with you as actor',
    tag: 'admin',
    access: ['operator', 'admin'],
    body: bulkBody,
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'the same key records each order’s request once',
      },
    ],
    responses: {
      207: {
        description: 'each order’s outcome, in the order given: done, or refused with its problem',
        schema: z.object({ results: z.array(resultSchema) }),
      },
      400: { description: 'invalid body (over 100 orders, an order twice, a retry without step)' },
      403: { description: 'not an operator or admin' },
    },
    handle: async ({ req, res, body, principal }) => {
      const limit = pLimit(deps.concurrency ?? 8);
      const results = await Promise.all(
        body.orderIds.map((orderId) =>
          limit(async (): Promise<BulkResult> => {
            try {
              await actOn(deps, req, principal, body, orderId);
              return { orderId, outcome: 'done' };
            } catch (error) {
              const problem = problemFor(error);
              if (problem === undefined || problem.status >= 500)
                deps.logger.error({ err: error, orderId }, 'bulk order action failed');
              return { orderId, outcome: 'refused', problem: problem ?? unexpected };
            }
          }),
        ),
      );
      res.status(207).json({ results });
    },
  }),
];
