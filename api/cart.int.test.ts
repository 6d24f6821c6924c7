import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartEvents } from '../domain/cart/index.ts';
import { orderEvents } from '../domain/index.ts';
import { cartStream, orderStream } from '../domain/streams.ts';
import { orderIdForKey } from './routes/orders.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The cart over HTTP against the harness's event store: a registered customer fills a cart and
// checks it out to one of their addresses; the order is placed as POST /api/orders places it.
let api: TestApi;
let dataDir: string;
let operator: string;
const run = randomUUID().slice(0, 8);
// Products of this run only, so stock levels are this test's alone.
const stocked = `CART-${run}-A`;
const scarce = `CART-${run}-B`;

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
type CartBody = {
  lines: { sku: string; quantity: number; available: number; orderable: boolean; name?: string }[];
  total: { amount: number; currency: string } | null;
  itemCount: number;
};

const addProduct = async (sku: string, amount: number, stock: number) => {
  const added = await api.request('/api/admin/products', {
    method: 'POST',
    token: operator,
    json: {
      sku,
      name: `Cart test ${sku}`,
      category: 'Test',
      description: 'for the cart test',
      unitPrice: { amount, currency: 'EUR' },
    },
  });
  expect(added.status).toBe(201);
  if (stock > 0) {
    const restocked = await api.request(`/api/inventory/${sku}/restock`, {
      method: 'POST',
      token: operator,
      json: { quantity: stock },
    });
    expect(restocked.status).toBe(200);
  }
  // The in-memory catalog follows the log: wait until it lists the product.
  for (let i = 0; i < 100; i++) {
    if ((await api.request(`/api/products/${sku}`, { token: operator })).status === 200) return;
    await sleep(50);
  }
  throw new Error(`${sku} never reached the catalog`);
};

/** A registered, signed-in customer with one address. */
const customer = async (who: string) => {
  const email = `${who}.${run}@example.com`;
  const password = `a long passphrase for ${who}`;
  const registered = await api.request('/api/customers', {
    method: 'POST',
    json: { email, password, name: `${who} Tester` },
  });
  expect(registered.status).toBe(201);
  const signedIn = await api.request('/api/customers/sign-in', {
    method: 'POST',
    json: { email, password },
  });
  const { token, customerId } = await json<{ token: string; customerId: string }>(signedIn);
  const address = await api.request('/api/customers/me/addresses', {
    method: 'POST',
    token,
    json: {
      recipient: `${who} Tester`,
      line1: '1 Rue du Test',
      postalCode: '75001',
      city: 'Paris',
      country: 'FR',
    },
  });
  expect(address.status).toBe(201);
  const { addressId } = await json<{ addressId: string }>(address);
  return { token, customerId, addressId };
};

const add = (token: string, sku: string, quantity: number) =>
  api.request('/api/cart/items', { method: 'POST', token, json: { sku, quantity } });
const checkout = (token: string, addressId: string, key: string | undefined) =>
  api.request('/api/cart/checkout', {
    method: 'POST',
    token,
    json: { addressId },
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });
const cartOf = async (token: string) => json<CartBody>(await api.request('/api/cart', { token }));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cart-'));
  api = await startTestApi({ DATA_DIR: dataDir, PASSWORD_HASH_COST: '14' });
  operator = await api.token(`operator-${run}`, 'operator');
  await addProduct(stocked, 1250, 100);
  await addProduct(scarce, 300, 1);
});
afterAll(async () => {
  await api.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the sign-in methods', () => {
  it('offer an account’s e-mail and password where accounts are on, so the UI shows that form', async () => {
    const response = await api.request('/api/auth/methods');
    expect(await json<{ methods: string[] }>(response)).toEqual({
      methods: ['bearer-token', 'password'],
    });
  });
});

describe('filling a cart', () => {
  it('given a customer, when adding, changing and removing, then the cart shows prices, availability and the total', async () => {
    const { token, customerId } = await customer('Fill');
    expect((await add(token, stocked, 2)).status).toBe(200);
    expect((await add(token, stocked, 1)).status).toBe(200);
    const withScarce = await json<CartBody>(await add(token, scarce, 1));
    expect(withScarce).toMatchObject({
      lines: [
        {
          sku: stocked,
          quantity: 3,
          available: 100,
          orderable: true,
          name: `Cart test ${stocked}`,
        },
        { sku: scarce, quantity: 1, available: 1, orderable: true },
      ],
      total: { amount: 3 * 1250 + 300, currency: 'EUR' },
      itemCount: 4,
    });
    const changed = await api.request(`/api/cart/items/${scarce}`, {
      method: 'PATCH',
      token,
      json: { quantity: 2 },
    });
    expect(await json<CartBody>(changed)).toMatchObject({
      lines: [{ sku: stocked }, { sku: scarce, quantity: 2, available: 1, orderable: false }],
    });
    const removed = await api.request(`/api/cart/items/${scarce}`, { method: 'DELETE', token });
    expect((await json<CartBody>(removed)).lines.map((line) => line.sku)).toEqual([stocked]);

    const { events } = await api.system.store.readStream(cartStream(customerId), cartEvents);
    expect(events.map(({ event }) => event.type)).toEqual([
      'CartItemAdded',
      'CartItemQuantityChanged',
      'CartItemAdded',
      'CartItemQuantityChanged',
      'CartItemRemoved',
    ]);
  });

  it('refuses unknown skus, quantities outside 1-99 and other people’s tokens, as problem+json', async () => {
    const { token } = await customer('Refuse');
    const unknown = await add(token, `NOPE-${run}`, 1);
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await add(token, stocked, 0)).status).toBe(400);
    expect((await add(token, stocked, 100)).status).toBe(400);
    await add(token, stocked, 60);
    const over = await add(token, stocked, 40);
    expect(over.status).toBe(422);
    expect(await json<{ type: string }>(over)).toMatchObject({
      type: 'urn:order-ledger:problem:invalid_cart_quantity',
    });
    const missing = await api.request(`/api/cart/items/${scarce}`, {
      method: 'PATCH',
      token,
      json: { quantity: 1 },
    });
    expect(missing.status).toBe(404);
    const staff = await api.request('/api/cart', { token: operator });
    expect(staff.status).toBe(403);
    expect((await api.request('/api/cart')).status).toBe(401);
  });
});

describe('checking out', () => {
  it('given a filled cart, when checking out to an address, then the order is placed for that customer with catalog prices, and the cart is empty', async () => {
    const { token, customerId, addressId } = await customer('Buyer');
    await add(token, stocked, 2);
    const key = `checkout-${randomUUID()}`;
    const response = await checkout(token, addressId, key);
    expect(response.status).toBe(202);
    const { orderId } = await json<{ orderId: string }>(response);
    expect(response.headers.get('location')).toBe(`/api/orders/${orderId}`);

    const [placed] = (await api.system.store.readStream(orderStream(orderId), orderEvents)).events;
    expect(placed?.event).toMatchObject({
      type: 'OrderPlaced',
      data: {
        orderId,
        customerId,
        lines: [{ sku: stocked, quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
        total: { amount: 2500, currency: 'EUR' },
      },
    });
    const cartEventsNow = (await api.system.store.readStream(cartStream(customerId), cartEvents))
      .events;
    expect(cartEventsNow.at(-1)?.event).toEqual({
      type: 'CartCheckedOut',
      data: { customerId, orderId, addressId, lines: [{ sku: stocked, quantity: 2 }] },
    });
    expect(await cartOf(token)).toMatchObject({ lines: [], total: null, itemCount: 0 });

    const order = await api.request(`/api/orders/${orderId}`, { token });
    expect(order.status).toBe(200);
    expect(await json<{ customerId: string }>(order)).toMatchObject({ customerId });

    // The same key again: the same order, and nothing more in either stream.
    const again = await checkout(token, addressId, key);
    expect(again.status).toBe(202);
    expect(await json<{ orderId: string }>(again)).toMatchObject({ orderId });
    const orderRevision = (
      await api.system.store.readStream(orderStream(orderId), orderEvents)
    ).events.filter(({ event }) => event.type === 'OrderPlaced');
    expect(orderRevision).toHaveLength(1);
    const cartAfter = (await api.system.store.readStream(cartStream(customerId), cartEvents))
      .events;
    expect(cartAfter).toHaveLength(cartEventsNow.length);
  });

  it('given one cart checked out twice at once, with one key, then one order and both answers name it', async () => {
    const { token, customerId, addressId } = await customer('Twice');
    await add(token, stocked, 1);
    const key = randomUUID();
    const answers = await Promise.all([
      checkout(token, addressId, key),
      checkout(token, addressId, key),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    const [first, second] = await Promise.all(
      answers.map((answer) => json<{ orderId: string }>(answer)),
    );
    expect(second?.orderId).toBe(first?.orderId);
    const { events } = await api.system.store.readStream(cartStream(customerId), cartEvents);
    expect(events.filter(({ event }) => event.type === 'CartCheckedOut')).toHaveLength(1);
  });

  it('given one cart checked out twice at once, with two keys (a double click), then one order is placed and the other is refused', async () => {
    const { token, customerId, addressId } = await customer('Double');
    await add(token, stocked, 1);
    const keys = [randomUUID(), randomUUID()];
    const answers = await Promise.all(keys.map((key) => checkout(token, addressId, key)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const placed = await Promise.all(
      keys.map(async (key) => {
        const orderId = orderIdForKey(customerId, `cart-checkout:${key}`);
        return (await api.system.store.readStream(orderStream(orderId), orderEvents)).events.length;
      }),
    );
    expect(placed.filter((count) => count > 0)).toHaveLength(1);
    const { events } = await api.system.store.readStream(cartStream(customerId), cartEvents);
    expect(events.filter(({ event }) => event.type === 'CartCheckedOut')).toHaveLength(1);
  });

  it('refuses an empty cart, a missing key, an address the customer does not have, and unavailable items (409 naming them)', async () => {
    const { token, addressId } = await customer('Picky');
    const other = await customer('Other');

    const empty = await checkout(token, addressId, randomUUID());
    expect(empty.status).toBe(409);
    expect(await json<{ type: string }>(empty)).toMatchObject({
      type: 'urn:order-ledger:problem:cart_empty',
    });

    await add(token, stocked, 1);
    expect((await checkout(token, addressId, undefined)).status).toBe(400);
    const foreign = await checkout(token, other.addressId, randomUUID());
    expect(foreign.status).toBe(422);
    expect(await json<{ type: string }>(foreign)).toMatchObject({
      type: 'urn:order-ledger:problem:address_not_found',
    });

    await add(token, scarce, 5);
    const short = await checkout(token, addressId, randomUUID());
    expect(short.status).toBe(409);
    expect(await json<{ items: unknown[] }>(short)).toMatchObject({
      type: 'urn:order-ledger:problem:cart_items_unavailable',
      items: [{ sku: scarce, quantity: 5, available: 1 }],
    });
    // Nothing was ordered: the cart still holds both lines.
    expect((await cartOf(token)).lines.map((line) => line.sku)).toEqual([stocked, scarce]);
  });
});
