import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  orderDecider,
  orderEvents,
  orderStream,
  orderView,
  type Order,
  type OrderCommand,
  type OrderView,
} from '../../domain/index.ts';
import type { Folded } from '../../infra/eventstore/aggregate-cache.ts';
import { decideBatch, type Pending } from '../../infra/eventstore/decide-batch.ts';
import { StreamConflict, type EventStore } from '../../infra/eventstore/event-store.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import { maySeeOrder, type Principal } from '../auth/principal.ts';
import type { Catalog } from '../catalog.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import {
  conflictWithState,
  etagOf,
  ifMatchHeader,
  parseIfMatch,
  preconditionFailed,
  satisfies,
  winningEvents,
} from '../http/preconditions.ts';
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
import type { ServiceLevel, ShipTo } from '../../domain/order/ship-to.ts';
import { shownOrder, type OpenerOf } from '../orders/ship-to.ts';

export interface OrderRouteDeps {
  readonly aggregates: Aggregates;
  /** For an If-Match cancel, appended at the client's revision, and for the events that beat it. */
  readonly store: EventStore;
  readonly catalog: Catalog;
  readonly clock: () => Date;
  /** Orders per customer: a flood from one account is refused before it costs a saga each. */
  readonly orderLimit: RateLimiter;
  /** The account's shipping addresses, still sealed (none: no account, or accounts are off). */
  readonly addressesOf?: (customerId: string) => Promise<readonly ShipTo[]>;
  /** Opens a customer's sealed data for the order views; absent where accounts are off. */
  readonly openerOf?: OpenerOf;
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

const sameLines = (view: OrderView, lines: PlaceOrderBody['lines']): boolean =>
  view.lines.length === lines.length &&
  lines.every(
    (line, index) =>
      view.lines[index]?.sku === line.sku && view.lines[index].quantity === line.quantity,
  );

export type OrderPlacement = Pick<
  OrderRouteDeps,
  'aggregates' | 'catalog' | 'clock' | 'orderLimit' | 'addressesOf'
>;

const notYourAddress = () =>
  new HttpProblem(
    422,
    'address_not_found',
    'Unknown address',
    'not one of your shipping addresses',
    {
      errors: [{ path: 'addressId', message: 'not one of your addresses' }],
    },
  );

/**
 * The address the customer chose, as their account holds it now: the order keeps this copy, still
 * sealed under their key, whatever later happens to the address book.
 */
export const chosenShipTo = async (
  { addressesOf }: Pick<OrderPlacement, 'addressesOf'>,
  customerId: string,
  addressId: string,
): Promise<ShipTo> => {
  const chosen = (await addressesOf?.(customerId))?.find((a) => a.addressId === addressId);
  if (chosen === undefined) throw notYourAddress();
  return chosen;
};

/**
 * Places an order for the signed-in customer: the per-customer limit, prices from the catalog,
 * and with an Idempotency-Key an order id derived from the customer and the key, so a retry
 * finds the same order (and a key reused with other lines is refused). `POST /api/orders` and
 * the cart's checkout both place orders through here.
 */
export const placeOrder = async (
  { aggregates, catalog, clock, orderLimit }: OrderPlacement,
  {
    req,
    res,
    principal,
    lines,
    key,
    shipTo,
    serviceLevel,
  }: {
    req: Request;
    res: Response;
    principal: Principal;
    lines: PlaceOrderBody['lines'];
    key: string | undefined;
    shipTo?: ShipTo | undefined;
    serviceLevel?: ServiceLevel | undefined;
  },
): Promise<{ orderId: string; alreadyHandled: boolean }> => {
  await orderLimit.take(principal.sub, res);
  const priced = await Promise.all(
    lines.map(async ({ sku, quantity }, index) => {
      const product = await catalog.lookup(sku);
      if (product === undefined) {
        throw new HttpProblem(422, 'unknown_sku', 'Unknown product', `no product ${sku}`, {
          errors: [{ path: `lines.${index}.sku`, message: 'unknown sku' }],
        });
      }
      const { name, category, unitPrice } = product;
      return { sku, name, category, quantity, unitPrice };
    }),
  );
  const orderId = key === undefined ? randomUUID() : orderIdForKey(principal.sub, key);
  const context = commandContext(req, principal, {
    correlationId: orderId,
    commandId: key === undefined ? undefined : deterministicId('PlaceOrder', principal.sub, key),
    now: clock(),
  });
  const placed = await aggregates.orders.handle(
    orderStream(orderId),
    {
      type: 'PlaceOrder',
      data: {
        orderId,
        customerId: principal.sub,
        lines: priced,
        ...(shipTo === undefined ? {} : { shipTo }),
        ...(serviceLevel === undefined ? {} : { serviceLevel }),
      },
      metadata: { now: context.now, actor: actorOf(principal) },
    },
    context,
    { newStream: key === undefined },
  );
  if (placed.alreadyHandled) {
    const earlier = orderView(placed.state);
    if (earlier === null || !sameLines(earlier, lines)) {
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
  return { orderId, alreadyHandled: placed.alreadyHandled };
};

export const orderCommandRoutes = ({
  aggregates,
  store,
  catalog,
  clock,
  orderLimit,
  addressesOf,
  openerOf,
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
      422: {
        description:
          'unknown sku, an address not among yours, or an Idempotency-Key reused with another body',
      },
      429: { description: 'too many orders from this customer; Retry-After says when to retry' },
    },
    handle: async ({ req, res, body, principal }) => {
      const { addressId, serviceLevel } = body;
      const shipTo =
        addressId === undefined
          ? undefined
          : await chosenShipTo({ addressesOf }, principal.sub, addressId);
      const { orderId } = await placeOrder(
        { aggregates, catalog, clock, orderLimit },
        { req, res, principal, lines: body.lines, key: idempotencyKey(req), shipTo, serviceLevel },
      );
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
    headers: [ifMatchHeader],
    responses: {
      202: {
        description: 'cancelled; the saga undoes what was done (ETag: the new revision)',
        schema: orderViewSchema,
      },
      400: { description: 'invalid body, or a malformed If-Match' },
      404: { description: 'no such order (or not yours)' },
      409: {
        description:
          'the order has shipped, or is already rejected (currentState), or other writers kept winning (winningEvents)',
      },
      412: {
        description:
          'If-Match names another revision: nothing appended; carries the ETag, currentState and winningEvents',
      },
    },
    handle: async ({ req, res, params, body, principal }) => {
      const ifMatch = parseIfMatch(req);
      const stream = orderStream(params.id);
      const folded = await aggregates.orders.load(stream);
      // Every state this answers with shows its ship-to opened, as GET /api/orders/:id does.
      const view = await shownOrder(visibleOrder(folded.state, principal, params.id), openerOf);
      const context = commandContext(req, principal, { correlationId: params.id, now: clock() });
      const command: OrderCommand = {
        type: 'CancelOrder',
        data: { orderId: params.id, reason: body.reason ?? 'cancelled by request' },
        metadata: { now: context.now, actor: actorOf(principal) },
      };
      const current = async () => {
        const now = await aggregates.orders.load(stream);
        const current = orderView(now.state);
        return {
          revision: now.revision,
          view: current === null ? null : await shownOrder(current, openerOf),
        };
      };
      const since = (expected: number | undefined) => () =>
        winningEvents(store, stream, orderEvents, expected);
      if (ifMatch !== undefined && !satisfies(ifMatch, folded.revision)) {
        const expected = ifMatch.any ? undefined : Math.max(...ifMatch.revisions);
        throw preconditionFailed(res, { revision: folded.revision, view }, await since(expected)());
      }
      // The ETag the client sent is the current revision: append at exactly it.
      const expected = ifMatch === undefined || ifMatch.any ? undefined : folded.revision;
      try {
        const { state, revision } =
          expected === undefined
            ? await aggregates.orders.handle(stream, command, context)
            : await cancelAt(store, aggregates, stream, folded, { command, context }, expected);
        if (revision !== undefined) res.set('ETag', etagOf(revision));
        res.status(202).json(await shownOrder(visibleOrder(state, principal, params.id), openerOf));
      } catch (error) {
        // An If-Match append that lost: the client's precondition no longer holds.
        if (error instanceof StreamConflict && expected !== undefined)
          throw preconditionFailed(res, await current(), await since(expected)());
        return conflictWithState(error, res, current, since(folded.revision));
      }
    },
  }),
];

/**
 * The command decided on the fold the client validated and appended at exactly that revision, so
 * a change that lands in between fails the append (StreamConflict) instead of being decided over.
 * The command handler has no expected-revision option; this reuses its decision step and then
 * reads the stream so its cache holds what was appended.
 */
const cancelAt = async (
  store: EventStore,
  aggregates: Aggregates,
  stream: string,
  folded: Folded<Order>,
  pending: Pending<OrderCommand>,
  expected: number,
): Promise<{ state: Order; revision: number | undefined }> => {
  const decided = decideBatch(orderDecider, folded, [pending]);
  const [outcome] = decided.outcomes;
  if (outcome?.kind === 'refused') throw outcome.error;
  if (decided.toAppend.length === 0) return { state: decided.state, revision: folded.revision };
  await store.append(stream, decided.toAppend, orderEvents, expected);
  const now = await aggregates.orders.load(stream);
  return { state: now.state, revision: now.revision };
};
