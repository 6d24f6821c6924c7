import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import { startLocalKafka, type LocalKafka } from '../infra/test-servers/kafka.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import {
  connectedEnv,
  diagnose,
  placeOrder,
  startApps,
  stopApps,
  type AppChild,
} from './testing/app-processes.ts';
import {
  expectBalancedLedger,
  expectKafkaHoldsLedger,
  ledgerReader,
  openOrders,
  settledLedger,
} from './testing/ledger.ts';
import { signToken } from './testing/test-api.ts';

// Faults while orders keep coming: the processes process is killed with -9 and started again,
// then the Kafka broker stops for 10 s. Nothing may be lost or done twice. Servers of this file's
// own: the broker is stopped on purpose, and no other file's orders may reach this saga.
let eventStore: StartedServer | undefined;
let kafka: LocalKafka | undefined;
let store: EventStore | undefined;
let api: AppChild | undefined;
let processes: AppChild | undefined;

beforeAll(async () => {
  [eventStore, kafka] = await Promise.all([startPrivateEventStore(), startLocalKafka()]);
  store = connectEventStore(eventStore.url);
  const env = connectedEnv({ eventStore: eventStore.url, kafkaBrokers: kafka.brokers });
  [api, processes] = await startApps([
    { role: 'api', env },
    { role: 'processes', env },
  ]);
});

afterAll(async () => {
  await stopApps([api, processes]);
  await store?.close();
  await Promise.allSettled([eventStore?.stop(), kafka?.dispose()]);
});

const restocked = new Map([
  ['SKU-1', 100_000],
  ['SKU-2', 100_000],
]);

/**
 * Places about `perSecond` orders a second until `until` aborts: mostly happy, some declined
 * (customers named `declined-…`), some cancelled by their customer right after placing.
 */
const placeUntil = (app: AppChild, until: AbortSignal, perSecond: number) => {
  const orderIds: string[] = [];
  const place = async (n: number) => {
    const customer = n % 7 === 3 ? `declined-${n}` : `customer-${n}`;
    const token = await signToken({ sub: customer, roles: ['customer'] });
    const lines = [{ sku: n % 2 === 0 ? 'SKU-1' : 'SKU-2', quantity: 1 + (n % 3) }];
    const orderId = await placeOrder(app, token, lines);
    orderIds.push(orderId);
    if (n % 7 === 5) {
      const cancel = await app.request(`/api/orders/${orderId}/cancel`, { token, json: {} });
      expect([202, 409], orderId).toContain(cancel.status);
    }
  };
  const done = (async () => {
    const inFlight: Promise<void>[] = [];
    for (let n = 0; !until.aborted; n++) {
      const placing = place(n);
      // Handled here, so a failure waits for Promise.all below rather than going unhandled.
      placing.catch(() => undefined);
      inFlight.push(placing);
      await sleep(1000 / perSecond);
    }
    await Promise.all(inFlight);
  })();
  return { orderIds, done };
};

/** Waits (with a deadline) until `count` more orders than now were placed. */
const afterMoreOrders = async (orderIds: readonly string[], count: number) => {
  const target = orderIds.length + count;
  const deadline = Date.now() + 30_000;
  while (orderIds.length < target) {
    if (Date.now() > deadline) throw new Error(`orders stopped coming at ${orderIds.length}`);
    await sleep(50);
  }
};

describe('faults under load', () => {
  it('loses nothing and does nothing twice when processes crash and Kafka stops', async () => {
    const [app, worker, broker] = [api, processes, kafka];
    if (app === undefined || worker === undefined || broker === undefined || store === undefined)
      throw new Error('the system did not start');
    const operator = await signToken({ sub: 'op-1', roles: ['operator'] });
    for (const [sku, quantity] of restocked) {
      const response = await app.request(`/api/inventory/${sku}/restock`, {
        token: operator,
        json: { quantity },
      });
      expect(response.status, sku).toBe(200);
    }
    const reader = ledgerReader(store.client);
    const stop = new AbortController();
    const load = placeUntil(app, stop.signal, 15);
    try {
      await afterMoreOrders(load.orderIds, 40);
      // The crash must catch orders mid-way, or it proves nothing.
      const openAtCrash = openOrders(await reader.refresh(), load.orderIds).length;
      await worker.kill();
      await sleep(500);
      await worker.start();
      expect(openAtCrash, 'orders in flight when the processes process crashed').toBeGreaterThan(0);

      await afterMoreOrders(load.orderIds, 30);
      const eventsBefore = [...(await reader.refresh()).streams.values()].flat().length;
      await broker.stop();
      await sleep(10_000);
      const eventsDuring = [...(await reader.refresh()).streams.values()].flat().length;
      await broker.start();
      expect(eventsDuring - eventsBefore, 'events appended while Kafka was down').toBeGreaterThan(
        0,
      );
      await afterMoreOrders(load.orderIds, 30);
    } finally {
      stop.abort();
      await load.done;
    }

    const ledger = await settledLedger(reader, load.orderIds, {
      explain: () => diagnose([app, worker]),
    });
    expectBalancedLedger(ledger, load.orderIds, restocked);
    await expectKafkaHoldsLedger(broker.brokers, ledger);
  }, 170_000);
});
