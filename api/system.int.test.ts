import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../domain/shared/prng.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import { startLocalKafka, type LocalKafka } from '../infra/test-servers/kafka.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import {
  connectedEnv,
  diagnose,
  metricValue,
  placeOrder,
  startApp,
  stopApps,
  type AppChild,
} from './testing/app-processes.ts';
import {
  expectBalancedLedger,
  expectKafkaHoldsLedger,
  ledgerReader,
  orderStatus,
  settledLedger,
} from './testing/ledger.ts';
import { signToken } from './testing/test-api.ts';

// The system as it runs: an api process and TWO processes processes (competing consumers of the
// saga's group; one Kafka bridge active, one on standby) on an event store and a Kafka broker of
// this file's own, so that no other test's orders reach this saga, nor ours theirs.
let eventStore: StartedServer | undefined;
let kafka: LocalKafka | undefined;
let store: EventStore | undefined;
const apps: AppChild[] = [];

beforeAll(async () => {
  [eventStore, kafka] = await Promise.all([startPrivateEventStore(), startLocalKafka()]);
  store = connectEventStore(eventStore.url);
  const env = connectedEnv({ eventStore: eventStore.url, kafkaBrokers: kafka.brokers });
  apps.push(await startApp({ role: 'api', env }));
  for (const name of ['processes-a', 'processes-b'])
    apps.push(await startApp({ role: 'processes', env, name }));
});

afterAll(async () => {
  await stopApps(apps);
  await store?.close();
  await Promise.allSettled([eventStore?.stop(), kafka?.dispose()]);
});

const restocked = new Map([
  ['SKU-1', 1_000],
  ['SKU-2', 500],
  ['SKU-3', 1_000],
  ['SKU-10', 15],
]);

describe('the system with two processes processes', () => {
  it('carries a few hundred orders over HTTP to a terminal state, balanced, once each in Kafka', async () => {
    const [api, first, second] = apps;
    const brokers = kafka?.brokers;
    if (api === undefined || first === undefined || second === undefined)
      throw new Error('the system did not start');
    if (store === undefined || brokers === undefined) throw new Error('the system did not start');
    const operator = await signToken({ sub: 'op-1', roles: ['operator'] });
    for (const [sku, quantity] of restocked) {
      const response = await api.request(`/api/inventory/${sku}/restock`, {
        token: operator,
        json: { quantity },
      });
      expect(response.status, sku).toBe(200);
    }

    // Ten kinds in turn: happy (0-4, 9), declined by the provider (5), scarce stock (6: 25 orders
    // of 3 for 15 units), cancelled at once (7), cancelled a little later (8).
    const random = seededRandom(20250402);
    const place = async (n: number) => {
      const kind = n % 10;
      const customer = kind === 5 ? `declined-${n}` : `customer-${n}`;
      const token = await signToken({ sub: customer, roles: ['customer'] });
      const lines = [{ sku: kind === 9 ? 'SKU-3' : 'SKU-1', quantity: random.int(1, 3) }];
      if (kind === 6) lines.push({ sku: 'SKU-10', quantity: 3 });
      else if (random.next() < 0.5) lines.push({ sku: 'SKU-2', quantity: 1 });
      const orderId = await placeOrder(api, token, lines);
      if (kind === 7 || kind === 8) {
        if (kind === 8) await sleep(random.int(0, 400));
        const cancel = await api.request(`/api/orders/${orderId}/cancel`, { token, json: {} });
        // Refused only once shipped (or rejected): the saga may be that quick.
        expect([202, 409], orderId).toContain(cancel.status);
      }
      return orderId;
    };
    const orderIds: string[] = [];
    for (let from = 0; from < 250; from += 25)
      orderIds.push(
        ...(await Promise.all(Array.from({ length: 25 }, (_, offset) => place(from + offset)))),
      );

    const ledger = await settledLedger(ledgerReader(store.client), orderIds, {
      explain: () => diagnose(apps),
    });
    const tally = (status: string) =>
      orderIds.filter((orderId) => orderStatus(ledger, orderId) === status).length;
    expect(tally('delivered')).toBeGreaterThan(100);
    expect(tally('rejected')).toBeGreaterThanOrEqual(25 + 20);
    expect(tally('cancelled')).toBeGreaterThanOrEqual(25);
    expectBalancedLedger(ledger, orderIds, restocked);
    await expectKafkaHoldsLedger(brokers, ledger);

    // Both shared the saga's inputs, as competing consumers of one group.
    for (const processes of [first, second]) {
      const acked = metricValue(await processes.metrics(), 'order_ledger_persistent_events_total', {
        group: 'fulfilment',
        outcome: 'acked',
      });
      expect(acked, processes.name).toBeGreaterThan(0);
    }
  }, 240_000);
});
