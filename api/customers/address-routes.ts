import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import type { CustomerAccounts } from './accounts.ts';
import { callerOf, metadataOf } from './caller.ts';
import { addressBody, addressIdParams, addressViewSchema } from './schemas.ts';
import { profileOf } from './views.ts';

const addressList = z.object({ items: z.array(addressViewSchema) });
const refusals = {
  400: { description: 'an invalid body' },
  404: { description: 'no account, or no such address' },
  409: { description: 'the account was erased' },
} as const;

/** A customer's shipping addresses, each sealed whole (recipient, lines, phone) in its event. */
export const addressRoutes = (deps: { accounts: CustomerAccounts; now: () => Date }): Route[] => {
  const { accounts, now } = deps;
  const addresses = async (customerId: string) => {
    const customer = await accounts.load(customerId);
    if (customer.status === 'none')
      throw new HttpProblem(404, 'customer_not_found', 'Not found', 'no account for this token');
    return profileOf(customer, await accounts.vault.openerFor(customerId))?.addresses ?? [];
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/customers/me/addresses',
      summary: 'Your shipping addresses, the default marked',
      tag: 'customers',
      access: ['customer'],
      responses: { 200: { description: 'the addresses', schema: addressList }, 404: refusals[404] },
      handle: async ({ res, principal }) => {
        res.json({ items: await addresses(principal.sub) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/customers/me/addresses',
      summary: 'Add a shipping address (the first one becomes the default)',
      tag: 'customers',
      access: ['customer'],
      body: addressBody,
      responses: {
        201: { description: 'added; Location names it', schema: addressViewSchema },
        ...refusals,
        422: { description: 'too many addresses' },
      },
      handle: async ({ req, res, body, principal }) => {
        const customerId = principal.sub;
        const { makeDefault = false, ...address } = body;
        const { sealer } = await accounts.active(customerId);
        const addressId = randomUUID();
        const caller = callerOf(req, principal, customerId, now());
        await accounts.send(
          customerId,
          {
            type: 'AddAddress',
            data: {
              customerId,
              addressId,
              address: sealer.seal(JSON.stringify(address)),
              makeDefault,
            },
            metadata: metadataOf(caller),
          },
          caller,
        );
        const added = (await addresses(customerId)).find((a) => a.addressId === addressId);
        res.status(201).location(`/api/customers/me/addresses/${addressId}`).json(added);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/customers/me/addresses/:addressId',
      summary: 'Replace a shipping address; makeDefault chooses it as the default',
      tag: 'customers',
      access: ['customer'],
      params: addressIdParams,
      body: addressBody,
      responses: { 200: { description: 'the address', schema: addressViewSchema }, ...refusals },
      handle: async ({ req, res, body, params, principal }) => {
        const customerId = principal.sub;
        const { makeDefault = false, ...address } = body;
        const { sealer } = await accounts.active(customerId);
        const caller = callerOf(req, principal, customerId, now());
        await accounts.send(
          customerId,
          {
            type: 'UpdateAddress',
            data: {
              customerId,
              addressId: params.addressId,
              address: sealer.seal(JSON.stringify(address)),
              makeDefault,
            },
            metadata: metadataOf(caller),
          },
          caller,
        );
        res.json((await addresses(customerId)).find((a) => a.addressId === params.addressId));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/customers/me/addresses/:addressId',
      summary: 'Remove a shipping address (the oldest remaining one becomes the default)',
      tag: 'customers',
      access: ['customer'],
      params: addressIdParams,
      responses: { 204: { description: 'removed (or was not there)' }, ...refusals },
      handle: async ({ req, res, params, principal }) => {
        const customerId = principal.sub;
        await accounts.active(customerId);
        const caller = callerOf(req, principal, customerId, now());
        await accounts.send(
          customerId,
          {
            type: 'RemoveAddress',
            data: { customerId, addressId: params.addressId },
            metadata: metadataOf(caller),
          },
          caller,
        );
        res.status(204).end();
      },
    }),
  ];
};
