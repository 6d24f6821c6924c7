import type { Request, Response } from 'express';
import { CartEmpty, linesOf, type CartLine } from '../../domain/cart/index.ts';
import type { ServiceLevel } from '../../domain/order/ship-to.ts';
import { cartStream, orderStream } from '../../domain/streams.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Principal } from '../auth/principal.ts';
import type { Catalog } from '../catalog.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { HttpProblem } from '../http/problem.ts';
import { chosenShipTo, orderIdForKey, placeOrder, type OrderPlacement } from '../routes/orders.ts';
import type { CartCommands } from './commands.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { cartView } from './view.ts';

export interface CheckoutDeps extends OrderPlacement {
  readonly carts: CartCommands;
  readonly catalog: Catalog;
  readonly logger: Logger;
}

type CheckoutRequest = {
  req: Request;
  res: Response;
  principal: Principal;
  addressId: string;
  serviceLevel: ServiceLevel;
  key: string;
};

/** Checkout keys get a namespace of their own, so one never names an order placed directly. */
const checkoutKey = (key: string) => `cart-checkout:${key}`;

/**
 * Places the cart as an order through the same `placeOrder` as POST /api/orders, shipping to the
 * chosen address (the order keeps a sealed copy of it) at the chosen service level, then records
 * `CartCheckedOut { orderId, addressId, lines }` on the cart. A repeat of the key answers the same
 * order: recorded on the cart, or placed and not yet recorded (then it is recorded now).
 */
export const createCheckout = (deps: CheckoutDeps) => {
  const { carts, catalog, clock } = deps;
  const queue = oneAtATime();

  const refuseUnavailable = async (customerId: string, lines: readonly CartLine[]) => {
    const unavailable = (await cartView(catalog, customerId, lines)).lines
      .filter((line) => !line.orderable)
      .map(({ sku, quantity, available }) => ({ sku, quantity, available }));
    if (unavailable.length > 0)
      throw new HttpProblem(
        409,
        'cart_items_unavailable',
        'Not available',
        `not enough available of ${unavailable.map((line) => line.sku).join(', ')}`,
        { items: unavailable },
      );
  };

  const record = async (
    { req, principal, addressId }: CheckoutRequest,
    orderId: string,
    orderKey: string,
    lines: CartLine[],
  ) => {
    const customerId = principal.sub;
    const context = commandContext(req, principal, {
      correlationId: orderId,
      commandId: deterministicId('CheckOut', customerId, orderKey),
      now: clock(),
    });
    try {
      await carts.handle(
        cartStream(customerId),
        {
          type: 'CheckOut',
          data: { customerId, orderId, addressId, lines },
          metadata: { now: context.now, actor: actorOf(principal) },
        },
        context,
      );
    } catch (error) {
      // Another api process checked this cart out meanwhile: the order placed here stands, and
      // is what this request answers for.
      if (!(error instanceof CartEmpty)) throw error;
      deps.logger.warn({ customerId, orderId }, 'the cart was checked out elsewhere meanwhile');
    }
  };

  return (request: CheckoutRequest): Promise<{ orderId: string }> => {
    const customerId = request.principal.sub;
    const orderKey = checkoutKey(request.key);
    const orderId = orderIdForKey(customerId, orderKey);
    return queue(customerId, async () => {
      const { state: cart } = await carts.load(cartStream(customerId));
      if (cart.checkedOut.includes(orderId)) return { orderId };
      const lines = [...linesOf(cart)];
      if (lines.length === 0) throw new CartEmpty();
      const shipTo = await chosenShipTo(deps, customerId, request.addressId);
      // An order already placed with this key (the cart not yet told) holds its own stock.
      const placed = (await deps.aggregates.orders.load(orderStream(orderId))).state;
      if (placed.status === 'none') await refuseUnavailable(customerId, lines);
      const { req, res, principal, serviceLevel } = request;
      await placeOrder(deps, { req, res, principal, lines, key: orderKey, shipTo, serviceLevel });
      await record(request, orderId, orderKey, lines);
      return { orderId };
    });
  };
};
