import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config.ts';
import { silentLogger } from '../infra/logger.ts';
import { orderSummaries, orderTimelines } from '../projections/index.ts';
import type { StoredDoc } from '../infra/readmodels/store.ts';
import type { Projection } from '../projections/projection.ts';
import { activeDocuments, foldedDocuments } from '../projections/testing/log.ts';
import { projectionCodec } from './roles/projections.ts';
import { startSystem, type RunningSystem } from './system.ts';
import { caller, shopper, type Call, type Shopper } from './testing/shopper.ts';

// Issue 15's erasure check, in embedded mode (the whole product in one process, mails to the
// local mailbox): orders ship to the address chosen at checkout, sealed under the customer's key;
// after POST /api/customers/:id/erase every read shows that address as erased, and nothing else
// changes. The Kafka side of the check is in api/erasure-kafka.int.test.ts.

let system: RunningSystem;
let dataDir: string;
let call: Call;
let admin: string;
let operator: string;
let auditor: string;

type Detail = {
  status: string;
  reason?: string;
  placedAt: string;
  serviceLevel?: string;
  shipTo?: { addressId: string; address: Record<string, unknown> };
  shipment?: { estimatedDeliveryAt?: string };
};
type History = { events: { type: string; actor?: string; data: Record<string, unknown> }[] };
type Mails = { items: { customerId: string; erased?: true; text?: string }[] };

const json = async <T>(response: Response): Promise<T> => {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
};
const detail = (orderId: string, token: string) =>
  call(`/api/orders/${orderId}`, { token }).then((r) => json<Detail>(r));
const history = (orderId: string) =>
  call(`/api/orders/${orderId}/history`, { token: auditor }).then((r) => json<History>(r));
const historyCsv = async (orderId: string) =>
  (
    await call(`/api/orders/${orderId}/history`, {
      token: auditor,
      headers: { accept: 'text/csv' },
    })
  ).text();

/** The order's OrderPlaced as the cross-order audit search shows it. */
const auditedPlacement = async (orderId: string) => {
  const page = await call('/api/audit/events?type=OrderPlaced&limit=500', { token: auditor }).then(
    (r) => json<{ items: { orderId: string | null; data: unknown }[] }>(r),
  );
  return page.items.find((item) => item.orderId === orderId)?.data;
};

const until = async (orderId: string, token: string, statuses: readonly string[]) => {
  for (let tries = 0; tries < 300; tries += 1) {
    const order = await detail(orderId, token);
    if (statuses.includes(order.status)) return order;
    await sleep(100);
  }
  throw new Error(`order ${orderId} never reached ${statuses.join(' or ')}`);
};

/** What a reader may see of a shopper: every clear-text piece of their address. */
const clearTextOf = (who: Shopper): string[] => [
  who.address.recipient,
  who.address.line1,
  who.address.city,
];

/** The same value with every ship-to's address read as erased: what erasure may change. */
const withAddressesErased = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(withAddressesErased);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === 'shipTo' && typeof item === 'object' && item !== null
        ? [key, { ...item, address: { erased: true } }]
        : [key, withAddressesErased(item)],
    ),
  );
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'erasure-'));
  system = await startSystem({
    config: loadConfig({
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      EMBEDDED_EVENTSTORE_PORT: '0',
      LOG_LEVEL: 'silent',
      PASSWORD_HASH_COST: '14',
      // Long enough for a customer to be erased between checkout and the carrier's pickup.
      WAREHOUSE_PICK_PACK_MS: '3000',
      CARRIER_DELIVERY_DELAY_MS: '200',
      FRAUD_REVIEW_THRESHOLD: '101',
      ORDER_RATE_LIMIT_PER_MINUTE: '0',
    }),
    role: 'all',
    logger: silentLogger(),
  });
  call = caller(system.url);
  const issue = async (sub: string, role: 'admin' | 'operator' | 'auditor') => {
    const token = await system.tokens.issue?.({ sub, roles: [role] });
    if (token === undefined) throw new Error('embedded mode issues tokens');
    return token;
  };
  admin = await issue('root', 'admin');
  operator = await issue('op-1', 'operator');
  auditor = await issue('aud-1', 'auditor');
}, 60_000);
afterAll(async () => {
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('orders ship to the address chosen at checkout', () => {
  it('given a customer in Paris (express) and one in Berlin (standard), then each order names its address and the estimate follows the distance from the warehouse', async () => {
    const ada = await shopper(call, 'Ada', { postalCode: '75011', country: 'FR' });
    const bea = await shopper(call, 'Bea', { postalCode: '10115', country: 'DE' });
    const adaOrder = await ada.checkout('SKU-1', 'express');
    const beaOrder = await bea.checkout('SKU-2', 'standard');

    const adas = await until(adaOrder, ada.token, ['shipped', 'delivered']);
    const beas = await until(beaOrder, bea.token, ['shipped', 'delivered']);
    expect(adas).toMatchObject({
      serviceLevel: 'express',
      shipTo: { addressId: ada.addressId, address: ada.address },
    });
    expect(beas).toMatchObject({ serviceLevel: 'standard', shipTo: { address: bea.address } });
    // Near and express: 1 business day (at most 3 calendar days); abroad and standard: 7.
    const days = (order: Detail) =>
      (Date.parse(order.shipment?.estimatedDeliveryAt ?? '') - Date.parse(order.placedAt)) /
      86_400_000;
    expect(days(adas)).toBeLessThanOrEqual(3.1);
    expect(days(beas)).toBeGreaterThanOrEqual(9);
    // An operator sees where it goes; another customer does not see the order at all.
    expect((await detail(adaOrder, operator)).shipTo?.address).toEqual(ada.address);
    expect((await call(`/api/orders/${adaOrder}`, { token: bea.token })).status).toBe(404);
  }, 60_000);
});

describe('POST /api/orders from a signed-in account', () => {
  it('given an addressId of the account, then the order ships there; someone else’s address is a 422', async () => {
    const gil = await shopper(call, 'Gil', { postalCode: '33000', country: 'FR' });
    const hal = await shopper(call, 'Hal', { postalCode: '31000', country: 'FR' });
    const lines = [{ sku: 'SKU-3', quantity: 1 }];
    const placed = await call('/api/orders', {
      token: gil.token,
      json: { lines, addressId: gil.addressId, serviceLevel: 'express' },
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };
    expect(await detail(orderId, gil.token)).toMatchObject({
      serviceLevel: 'express',
      shipTo: { addressId: gil.addressId, address: gil.address },
    });
    const refused = await call('/api/orders', {
      token: gil.token,
      json: { lines, addressId: hal.addressId },
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      type: 'urn:order-ledger:problem:address_not_found',
    });
  }, 60_000);
});

describe('erasing a customer', () => {
  it('given delivered orders of two customers, when one is erased by an admin, then every read shows their address erased, the other untouched, and nothing else changed', async () => {
    const ada = await shopper(call, 'Ada', { postalCode: '75002', country: 'FR' });
    const bea = await shopper(call, 'Bea', { postalCode: '69003', country: 'FR' });
    const adaOrder = await ada.checkout('SKU-1', 'express');
    const beaOrder = await bea.checkout('SKU-1', 'standard');
    await until(adaOrder, ada.token, ['delivered']);
    await until(beaOrder, bea.token, ['delivered']);
    const mailsOf = async (who: Shopper, count: number) => {
      for (let tries = 0; tries < 100; tries += 1) {
        const all = await call('/api/mailbox', { token: admin }).then((r) => json<Mails>(r));
        const theirs = all.items.filter((mail) => mail.customerId === who.customerId);
        if (theirs.length >= count) return theirs;
        await sleep(100);
      }
      throw new Error(`no ${String(count)} mails for ${who.customerId}`);
    };
    await mailsOf(ada, 3);
    const before = {
      detail: await detail(adaOrder, admin),
      history: await history(adaOrder),
      csv: await historyCsv(adaOrder),
    };
    expect(before.detail.shipTo?.address).toEqual(ada.address);
    const placed = before.history.events.find((event) => event.type === 'OrderPlaced');
    expect(placed?.data).toMatchObject({ shipTo: { address: ada.address } });
    for (const clear of clearTextOf(ada)) expect(before.csv).toContain(clear);
    const audited = await auditedPlacement(adaOrder);
    expect(audited).toMatchObject({ shipTo: { address: ada.address } });

    // When an admin erases Ada.
    const erased = await call(`/api/customers/${ada.customerId}/erase`, { token: admin, json: {} });
    expect(erased.status).toBe(200);

    // Then her order reads as before, with only the address erased: to her, an operator, an auditor.
    const after = await detail(adaOrder, admin);
    expect(after).toEqual(withAddressesErased(before.detail));
    expect((await detail(adaOrder, operator)).shipTo?.address).toEqual({ erased: true });
    expect(await history(adaOrder)).toEqual(withAddressesErased(before.history));
    const csv = await historyCsv(adaOrder);
    for (const clear of clearTextOf(ada)) expect(csv).not.toContain(clear);
    expect(csv).toContain('erased');
    expect(csv.split('\r\n')).toHaveLength(before.csv.split('\r\n').length);
    expect(await auditedPlacement(adaOrder)).toEqual(withAddressesErased(audited));
    // Her mails read erased; Bea's order, history and mails are untouched.
    expect((await mailsOf(ada, 3)).every((mail) => mail.erased === true)).toBe(true);
    expect((await detail(beaOrder, bea.token)).shipTo?.address).toEqual(bea.address);
    const beasHistory = JSON.stringify(await history(beaOrder));
    for (const clear of clearTextOf(bea)) expect(beasHistory).toContain(clear);
    expect((await mailsOf(bea, 3)).some((mail) => mail.erased === true)).toBe(false);

    // The audit trail records the erasure and who asked.
    const trail = await call(`/api/customers/${ada.customerId}/history`, { token: auditor });
    const last = (await json<History>(trail)).events.at(-1);
    expect(last).toMatchObject({
      type: 'CustomerErased',
      actor: 'root',
      data: { requestedBy: 'root', requestedAs: 'admin' },
    });

    // Read models hold no address in clear, and a replay of the log into fresh ones gives the same.
    const replayedEqualsActive = async <D extends StoredDoc>(projection: Projection<D>) => {
      const { docs } = await activeDocuments(system.readStore, projection);
      const stored = JSON.stringify([...docs.values()]);
      for (const clear of [...clearTextOf(ada), ...clearTextOf(bea)])
        expect(stored).not.toContain(clear);
      const replayed = await foldedDocuments(system.store.client, projectionCodec, projection);
      for (const id of [adaOrder, beaOrder]) expect(replayed.get(id)).toEqual(docs.get(id));
    };
    await replayedEqualsActive(orderSummaries);
    await replayedEqualsActive(orderTimelines);
  }, 90_000);

  it('given a paid order not yet handed to the carrier, when its customer erases themself, then it is refused as address_erased, cancelled and refunded', async () => {
    const cy = await shopper(call, 'Cy', { postalCode: '13001', country: 'FR' });
    const orderId = await cy.checkout('SKU-2', 'standard');
    const erased = await call(`/api/customers/${cy.customerId}/erase`, {
      token: cy.token,
      json: {},
    });
    expect(erased.status).toBe(200);
    const order = await until(orderId, admin, ['cancelled', 'shipped', 'delivered']);
    expect(order).toMatchObject({
      status: 'cancelled',
      reason: 'shipping failed after 1 attempts: address_erased',
      shipTo: { address: { erased: true } },
    });
    const types = async () => (await history(orderId)).events.map((event) => event.type);
    for (let tries = 0; tries < 100 && !(await types()).includes('PaymentRefunded'); tries += 1)
      await sleep(100);
    expect(await types()).toEqual(
      expect.arrayContaining(['ShipmentFailed', 'OrderCancelled', 'PaymentRefunded']),
    );
    expect(await types()).not.toContain('OrderShipped');
  }, 60_000);
});

describe('the raw event log', () => {
  it('given orders placed to addresses, then no event holds an address in clear', async () => {
    const dee = await shopper(call, 'Dee', { postalCode: '75003', country: 'FR' });
    const orderId = await dee.checkout('SKU-1', 'standard');
    await until(orderId, dee.token, ['shipped', 'delivered']);
    let ordersWithAddress = 0;
    const leaks: string[] = [];
    for await (const { event } of system.store.client.readAll()) {
      if (event === undefined) continue;
      const raw = JSON.stringify([event.data, event.metadata]);
      if (event.type === 'OrderPlaced' && raw.includes('"shipTo"')) ordersWithAddress += 1;
      for (const clear of clearTextOf(dee)) if (raw.includes(clear)) leaks.push(event.streamId);
    }
    expect(ordersWithAddress).toBeGreaterThanOrEqual(1);
    expect(leaks).toEqual([]);
  }, 60_000);
});
