import type { Request } from 'express';
import { linesOf, type CartCommand, type CartLine } from '../../domain/cart/index.ts';
import { cartStream } from '../../domain/streams.ts';
import type { Principal } from '../auth/principal.ts';
import { createCheckout, type CheckoutDeps } from '../cart/checkout.ts';
import {
  addItemBody,
  cartViewSchema,
  changeQuantityBody,
  checkedOutSchema,
  checkoutBody,
} from '../cart/schemas.ts';
import { cartView } from '../cart/view.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { skuParams } from '../schemas.ts';

export type CartRouteDeps = CheckoutDeps;

const cartView200 = {
  description: 'the cart, priced and with availability now',
  schema: cartViewSchema,
};
const badBody = { description: 'an invalid body or sku' };

const unknownSku = (sku: string) =>
  new HttpProblem(422, 'unknown_sku', 'Unknown product', `no product ${sku}`, {
    errors: [{ path: 'sku', message: 'unknown sku' }],
  });

export const cartRoutes = (deps: CartRouteDeps): Route[] => {
  const { carts, catalog, clock } = deps;
  const checkout = createCheckout(deps);
  const load = async (customerId: string) => (await carts.load(cartStream(customerId))).state;
  const send = async (
    req: Request,
    principal: Principal,
    command: (metadata: CartCommand['metadata']) => CartCommand,
  ) => {
    const context = commandContext(req, principal, {
      correlationId: cartStream(principal.sub),
      now: clock(),
    });
    const { state } = await carts.handle(
      cartStream(principal.sub),
      command({ now: context.now, actor: actorOf(principal) }),
      context,
    );
    return state;
  };
  const answer = async (customerId: string, lines: readonly CartLine[]) =>
    cartView(catalog, customerId, lines);

  return [
    defineRoute({
      method: 'get',
      path: '/api/cart',
      summary: 'Your cart: its lines at today’s prices, what is available of each, the total',
      tag: 'cart',
      access: ['customer'],
      responses: { 200: cartView200 },
      handle: async ({ res, principal }) => {
        res.json(await answer(principal.sub, linesOf(await load(principal.sub))));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cart/items',
      summary: 'Put a product in your cart (more of one already there adds to its line)',
      tag: 'cart',
      access: ['customer'],
      body: addItemBody,
      responses: {
        200: cartView200,
        400: badBody,
        422: { description: 'unknown sku, a line over 99, or a 51st product' },
      },
      handle: async ({ req, res, body, principal }) => {
        if ((await catalog.lookup(body.sku)) === undefined) throw unknownSku(body.sku);
        const customerId = principal.sub;
        const state = await send(req, principal, (metadata) => ({
          type: 'AddItem',
          data: { customerId, sku: body.sku, quantity: body.quantity },
          metadata,
        }));
        res.json(await answer(customerId, linesOf(state)));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/cart/items/:sku',
      summary: 'Set the quantity of a product in your cart',
      tag: 'cart',
      access: ['customer'],
      params: skuParams,
      body: changeQuantityBody,
      responses: {
        200: cartView200,
        400: badBody,
        404: { description: 'the product is not in the cart' },
      },
      handle: async ({ req, res, body, params, principal }) => {
        const customerId = principal.sub;
        const state = await send(req, principal, (metadata) => ({
          type: 'ChangeQuantity',
          data: { customerId, sku: params.sku, quantity: body.quantity },
          metadata,
        }));
        res.json(await answer(customerId, linesOf(state)));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/cart/items/:sku',
      summary: 'Take a product out of your cart (done already if it was not there)',
      tag: 'cart',
      access: ['customer'],
      params: skuParams,
      responses: { 200: cartView200, 400: badBody },
      handle: async ({ req, res, params, principal }) => {
        const customerId = principal.sub;
        const state = await send(req, principal, (metadata) => ({
          type: 'RemoveItem',
          data: { customerId, sku: params.sku },
          metadata,
        }));
        res.json(await answer(customerId, linesOf(state)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cart/checkout',
      summary:
        'Check out: place the cart as an order (as POST /api/orders does) to one of your addresses, at a service level (standard unless asked); the cart is empty after',
      tag: 'cart',
      access: ['customer'],
      body: checkoutBody,
      headers: [
        {
          name: 'Idempotency-Key',
          description: 'required; the same key gives the same order, however often it is sent',
          required: true,
        },
      ],
      responses: {
        202: { description: 'placed; Location names the order', schema: checkedOutSchema },
        400: { description: 'an invalid body, or no Idempotency-Key' },
        409: {
          description: 'the cart is empty, or some of its products are not available (items)',
        },
        422: { description: 'not one of your addresses, or the key was used for other lines' },
        429: { description: 'too many orders from this customer' },
      },
      handle: async ({ req, res, body, principal }) => {
        const key = idempotencyKey(req);
        if (key === undefined)
          throw new HttpProblem(
            400,
            'idempotency_key_required',
            'Idempotency-Key required',
            'a checkout needs an Idempotency-Key header, so that a retry cannot order twice',
          );
        const { orderId } = await checkout({
          req,
          res,
          principal,
          addressId: body.addressId,
          serviceLevel: body.serviceLevel,
          key,
        });
        const { addressId, serviceLevel } = body;
        res
          .status(202)
          .location(`/api/orders/${orderId}`)
          .json({ orderId, status: 'placed', addressId, serviceLevel });
      },
    }),
  ];
};
