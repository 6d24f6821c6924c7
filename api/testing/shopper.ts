// Test support only: a registered customer who adds an address and checks a cart out, over HTTP.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';

export type Call = (
  path: string,
  init?: { token?: string; json?: unknown; headers?: Record<string, string> },
) => Promise<Response>;

/** fetch against `url`, JSON in, a bearer token if given; POST when there is a body. */
export const caller =
  (url: string): Call =>
  (path, { token, json, headers } = {}) =>
    fetch(`${url}${path}`, {
      method: json === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...headers,
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });

export type AddressBody = {
  recipient: string;
  line1: string;
  postalCode: string;
  city: string;
  country: string;
};

export interface Shopper {
  readonly customerId: string;
  readonly token: string;
  readonly addressId: string;
  readonly address: AddressBody;
  /** Puts one of `sku` in the cart and checks it out to the address; the order's id. */
  checkout(sku: string, serviceLevel: 'standard' | 'express'): Promise<string>;
}

/** Registers `who` (unique per run), signs in and adds one address, the default. */
export const shopper = async (
  call: Call,
  who: string,
  where: Pick<AddressBody, 'postalCode' | 'country'>,
): Promise<Shopper> => {
  const run = randomUUID().slice(0, 8);
  const email = `${who.toLowerCase()}.${run}@example.test`;
  const password = `a long passphrase for ${who}`;
  const registered = await call('/api/customers', { json: { email, password, name: who } });
  expect(registered.status).toBe(201);
  const signedIn = await call('/api/customers/sign-in', { json: { email, password } });
  const { token, customerId } = (await signedIn.json()) as { token: string; customerId: string };
  const address = {
    recipient: `${who} Recipient-${run}`,
    line1: `${run} Street of ${who}`,
    city: `City-${who}-${run}`,
    ...where,
  };
  const added = await call('/api/customers/me/addresses', { token, json: address });
  expect(added.status).toBe(201);
  const { addressId } = (await added.json()) as { addressId: string };
  return {
    customerId,
    token,
    addressId,
    address,
    async checkout(sku, serviceLevel) {
      const item = await call('/api/cart/items', { token, json: { sku, quantity: 1 } });
      expect(item.status).toBe(200);
      const checkedOut = await call('/api/cart/checkout', {
        token,
        json: { addressId, serviceLevel },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(checkedOut.status, await checkedOut.clone().text()).toBe(202);
      return ((await checkedOut.json()) as { orderId: string }).orderId;
    },
  };
};
