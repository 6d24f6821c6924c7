import { randomUUID } from 'node:crypto';
import { orderStream, orderView, type Order, type OrderView } from '../../domain/index.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import { maySeeOrder, type Principal } from '../auth/principal.ts';
import type { Catalog } from '../catalog.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { defineRoute, type Route } from '../http/route.ts';
import {
  acceptedOrderSchema,
  cancelOrderBody,
  orderIdParams,
  orderViewSchema,
  placeOrderBody,
  type PlaceOrderBody,
} from '../schemas.ts';
import type { Aggregates } from '../../processes/aggregates.ts';

export interface OrderRouteDeps {
  readonly aggregates: Aggregates;
  readonly catalog: Catalog;
  readonly clock: () => Date;
  /** Orders per customer: a flood from one account is refused before it costs a saga each. */
  readonly orderLimit: RateLimiter;
}

const notFound = (id: string) =>
  new HttpProblem(404, 'order_not_found', 'Not found', `no order ${id}`);
/** With an Idempotency-Key the order id is derived from the customer and the key: a retry finds the same order. */
export const orderIdForKey = (customerId: string, key: string): string =>
  deterministicId('order', customerId, key);

/** The order as its caller may see it: someone else's order does not exist for a customer. */
export const visibleOrder = (state: Order, principal: Principal, id: string): OrderView => {
  const view = orderView(state);
  if (view === null || !maySeeOrder(principal, view.customerId)) throw notFound(id);
  return view;
};

const sameLines = (view: OrderView, body: PlaceOrderBody): boolean =>
  view.lines.length === body.lines.length &&
  body.lines.every(
    (line, index) =>
      view.lines[index]?.sku === line.sku && view.lines[index].quantity === line.quantity,
  );

export const orderCommandRoutes = ({
  aggregates,
  catalog,
  clock,
  orderLimit,
}: OrderRouteDeps): Route[] => [
  defineRoute({
    method: 'post',
    path: '/api/orders',
    summary: 'Place an order; prices come from the catalog, the customer from the token',
    tag: 'orders',
    access: ['customer'],
    body: placeOrderBody,
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'the same key and body give the same order and response',
      },
    ],
    responses: {
      202: { description: 'accepted; Location names the order', schema: acceptedOrderSchema },
      400: { description: 'invalid body' },
      422: { description: 'unknown sku, or an Idempotency-Key reused with another body' },
      429: { description: 'too many orders from this customer; Retry-After says when to retry' },
    },
    handle: async ({ req, res, body, principal }) => {
      const key = idempotencyKey(req);
      await orderLimit.take(principal.sub, res);
      const lines = body.lines.map(({ sku, quantity }, index) => {
        const product = catalog.find(sku);
        if (product === undefined) {
          throw new HttpProblem(422, 'unknown_sku', 'Unknown product', `no product ${sku}`, {
            errors: [{ path: `lines.${index}.sku`, message: 'unknown sku' }],
          });
        }
        return { sku, name: product.name, quantity, unitPrice: product.unitPrice };
      });
      const orderId = key === undefined ? randomUUID() : orderIdForKey(principal.sub, key);
      const context = commandContext(req, principal, {
        correlationId: orderId,
        commandId:
          key === undefined ? undefined : deterministicId('PlaceOrder', principal.sub, key),
        now: clock(),
      });
      const placed = await aggregates.orders.handle(
        orderStream(orderId),
        {
          type: 'PlaceOrder',
          data: { orderId, customerId: principal.sub, lines },
          metadata: { now: context.now, actor: actorOf(principal) },
        },
        context,
        { newStream: key === undefined },
      );
      if (placed.alreadyHandled) {
        const earlier = orderView(placed.state);
        if (earlier === null || !sameLines(earlier, body)) {
          throw new HttpProblem(
            422,
            'idempotency_key_reused',
            'Idempotency-Key reused',
            'this key was used for an order with other lines',
          );
        }
      } else if (placed.position) {
        res.set('X-Log-Position', `${placed.position.commit}/${placed.position.prepare}`);
      }
      res.status(202).location(`/api/orders/${orderId}`).json({ orderId, status: 'placed' });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/orders/:id/cancel',
    summary: 'Cancel an order before it ships (its owner, an operator or an admin)',
    tag: 'orders',
    access: ['customer', 'operator', 'admin'],
    params: orderIdParams,
    body: cancelOrderBody,
    responses: {
      202: { description: 'cancelled; the saga undoes what was done', schema: orderViewSchema },
      404: { description: 'no such order (or not yours)' },
      409: { description: 'the order has shipped, or is already rejected' },
    },
    handle: async ({ req, res, params, body, principal }) => {
      const stream = orderStream(params.id);
      visibleOrder((await aggregates.orders.load(stream)).state, principal, params.id);
      const context = commandContext(req, principal, { correlationId: params.id, now: clock() });
      const result = await aggregates.orders.handle(
        stream,
        {
          type: 'CancelOrder',
          data: { orderId: params.id, reason: body.reason ?? 'cancelled by request' },
          metadata: { now: context.now, actor: actorOf(principal) },
        },
        context,
      );
      res.status(202).json(visibleOrder(result.state, principal, params.id));
    },
  }),
];
