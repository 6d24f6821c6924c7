import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  categoryNameSchema,
  descriptionSchema,
  productNameSchema,
  productStream,
  skuSchema,
  type ListedProduct,
  type ProductCommand,
} from '../../domain/index.ts';
import type { Actor } from '../../domain/shared/command.ts';
import { currencySchema } from '../../domain/shared/money.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { Principal } from '../auth/principal.ts';
import type { ProductCommands } from '../catalog.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import { idempotencyKey } from '../http/idempotency.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { skuParams } from '../schemas.ts';

const price = z.strictObject({
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
});
const details = {
  name: productNameSchema,
  category: categoryNameSchema,
  description: descriptionSchema,
};
const addProductBody = z.strictObject({ sku: skuSchema, ...details, unitPrice: price });
const changePriceBody = z.strictObject({ unitPrice: price });
const changeDetailsBody = z.strictObject(details);

const productSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  unitPrice: z.object({ amount: z.number().int(), currency: z.string() }),
});
const idempotency = {
  name: 'Idempotency-Key',
  description: 'the same key records the change once',
} as const;
const refusals = {
  400: { description: 'an invalid body' },
  403: { description: 'not an operator or admin' },
} as const;

type Build = (metadata: { now: Date; actor: Actor }) => ProductCommand;

/** Sends a product command with the caller as actor; the product's state is the answer. */
const send = async (
  commands: ProductCommands,
  { req, res, principal }: { req: Request; res: Response; principal: Principal },
  sku: string,
  build: Build,
  now: Date,
): Promise<ListedProduct | undefined> => {
  const key = idempotencyKey(req);
  const context = commandContext(req, principal, {
    correlationId: `product-${sku}`,
    ...(key === undefined ? {} : { commandId: deterministicId('product', principal.sub, key) }),
    now,
  });
  const result = await commands.handle(
    productStream(sku),
    build({ now: context.now, actor: actorOf(principal) }),
    context,
  );
  if (result.position)
    res.set('X-Log-Position', `${result.position.commit}/${result.position.prepare}`);
  return result.state.status === 'listed' ? result.state : undefined;
};

const shown = (product: ListedProduct | undefined) => {
  if (product === undefined) return undefined;
  const { status: _status, ...rest } = product;
  return rest;
};

/**
 * Operators and admins keep the catalog: each change is an event on the product's stream with
 * them as actor, so every price a product ever had is on record, with who set it.
 */
export const adminProductRoutes = (commands: ProductCommands, now: () => Date): Route[] => [
  defineRoute({
    method: 'post',
    path: '/api/admin/products',
    summary: 'Add a product to the catalog (recorded with you as actor)',
    tag: 'catalog',
    access: ['operator', 'admin'],
    body: addProductBody,
    headers: [idempotency],
    responses: {
      201: { description: 'added; Location names the product', schema: productSchema },
      ...refusals,
      409: { description: 'a product with this sku exists' },
    },
    handle: async ({ req, res, body, principal }) => {
      const product = await send(
        commands,
        { req, res, principal },
        body.sku,
        (metadata) => ({ type: 'AddProduct', data: body, metadata }),
        now(),
      );
      res
        .status(201)
        .location(`/api/products/${encodeURIComponent(body.sku)}`)
        .json(shown(product));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/products/:sku/price',
    summary: 'Change a product’s price (recorded with the previous price and you as actor)',
    tag: 'catalog',
    access: ['operator', 'admin'],
    params: skuParams,
    body: changePriceBody,
    headers: [idempotency],
    responses: {
      200: {
        description: 'the product at its new price (unchanged when it had it)',
        schema: productSchema,
      },
      ...refusals,
      404: { description: 'no such product' },
    },
    handle: async ({ req, res, params, body, principal }) => {
      const data = { sku: params.sku, unitPrice: body.unitPrice };
      const product = await send(
        commands,
        { req, res, principal },
        params.sku,
        (metadata) => ({ type: 'ChangePrice', data, metadata }),
        now(),
      );
      res.json(shown(product));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/products/:sku/details',
    summary: 'Change a product’s name, category and description (recorded with you as actor)',
    tag: 'catalog',
    access: ['operator', 'admin'],
    params: skuParams,
    body: changeDetailsBody,
    headers: [idempotency],
    responses: {
      200: { description: 'the product with its new details', schema: productSchema },
      ...refusals,
      404: { description: 'no such product' },
    },
    handle: async ({ req, res, params, body, principal }) => {
      const data = { sku: params.sku, ...body };
      const product = await send(
        commands,
        { req, res, principal },
        params.sku,
        (metadata) => ({ type: 'ChangeDetails', data, metadata }),
        now(),
      );
      res.json(shown(product));
    },
  }),
];
