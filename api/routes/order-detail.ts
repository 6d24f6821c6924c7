import { z } from 'zod';
import { orderStream } from '../../domain/index.ts';
import { UnreadableEvent } from '../../infra/eventstore/unreadable-event.ts';
import type { OrderView } from '../../domain/order/view.ts';
import {
  detailView,
  orderSummaries,
  stepsSchema,
  type Steps,
} from '../../projections/order-summaries/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { maySeeOrder } from '../auth/principal.ts';
import { etagOf, ifNoneMatchHeader, notModified } from '../http/preconditions.ts';
import { HttpProblem } from '../http/problem.ts';
import {
  minPositionParam,
  readYourWrites,
  readYourWritesHeaders,
} from '../http/read-your-writes.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams, orderViewSchema } from '../schemas.ts';
import { shownOrder, type OpenerOf } from '../orders/ship-to.ts';
import { visibleOrder } from './orders.ts';

const orderDetailSchema = orderViewSchema.extend({
  steps: stepsSchema,
  /** The `$all` commit position of the last event the read model applied; null when read from the stream. */
  position: z.number().int().nullable(),
});

const notFound = (id: string) =>
  new HttpProblem(404, 'order_not_found', 'Not found', `no order ${id}`);

/** The steps an order view alone tells: when it was placed, and when it reached its status. */
const stepsOfView = (view: Pick<OrderView, 'status' | 'placedAt' | 'updatedAt'>): Steps => {
  const reached: Record<string, keyof Steps> = {
    confirmed: 'confirmedAt',
    shipped: 'shippedAt',
    delivered: 'deliveredAt',
    cancelled: 'cancelledAt',
    rejected: 'rejectedAt',
  };
  const step = reached[view.status];
  return { placedAt: view.placedAt, ...(step === undefined ? {} : { [step]: view.updatedAt }) };
};

/**
 * `GET /api/orders/:id` from `order_summaries`, with its steps and position; an order the read
 * model has not seen yet (it was placed a moment ago) is folded from its own stream.
 */
export const orderDetailRoutes = (
  readModels: ReadModels,
  aggregates: Aggregates,
  openerOf?: OpenerOf,
): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/orders/:id',
    summary: 'One order (its owner, operators, auditors, admins), with its steps',
    tag: 'orders',
    access: ['customer', 'operator', 'auditor', 'admin'],
    params: orderIdParams,
    query: z.strictObject({ minPosition: minPositionParam }),
    headers: [...readYourWritesHeaders, ifNoneMatchHeader],
    responses: {
      200: {
        description: 'the order; ETag is the revision of its stream (for If-Match)',
        schema: orderDetailSchema,
      },
      304: { description: 'If-None-Match holds the current ETag: your copy is current' },
      404: { description: 'no such order (or not yours)' },
    },
    handle: async ({ req, res, params, query, principal }) => {
      await readYourWrites(req, res, readModels, orderSummaries.name, query.minPosition);
      const doc = await (await readModels.active(orderSummaries))?.get(params.id);
      if (doc !== undefined && !maySeeOrder(principal, doc.customerId)) throw notFound(params.id);
      const stream = orderStream(params.id);
      // An order the read model holds is still shown when its stream has an unreadable event; it
      // has no ETag then, since no revision of it can be vouched for.
      const folded = await aggregates.orders.load(stream).catch((error: unknown) => {
        if (doc !== undefined && error instanceof UnreadableEvent) return undefined;
        throw error;
      });
      if (folded === undefined) {
        // Reached only with a document: without one the error was rethrown.
        if (doc !== undefined) res.json(detailView(doc));
        return;
      }
      // The order's own fields come from its stream, at the revision the ETag names, so a client
      // never holds an ETag newer than the order it was shown; the read model adds its steps.
      const view = await shownOrder(visibleOrder(folded.state, principal, params.id), openerOf);
      if (folded.revision !== undefined) {
        const etag = etagOf(folded.revision);
        res.set('ETag', etag);
        if (notModified(req, etag)) {
          res.status(304).end();
          return;
        }
      }
      res.json(
        doc === undefined
          ? { ...view, steps: stepsOfView(view), position: null }
          : { ...detailView(doc), ...view },
      );
    },
  }),
];
