import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { connectMongoStore } from '../infra/readmodels/mongo-store.ts';
import type { ReadModelStore } from '../infra/readmodels/store.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { orderSummaries } from '../projections/order-summaries/index.ts';
import { pointersOf } from '../projections/pointers.ts';
import { lastMatchingEvent } from '../projections/log-reads.ts';
import { activeDocuments, foldedDocuments } from '../projections/testing/log.ts';
import { projectionCodec } from './roles/projections.ts';
import { startApps, stopApps, type AppChild } from './testing/app-processes.ts';
import { ledgerReader, settledLedger } from './testing/ledger.ts';
import { signToken, testSecret } from './testing/test-api.ts';

// A rebuild in connected mode while orders keep coming: api, processes and projections each in a
// process of their own, on an event store of this file's own and the MongoDB-compatible server.
let eventStore: StartedServer | undefined;
let store: EventStore | undefined;
let readStore: ReadModelStore | undefined;
const apps: AppChild[] = [];
const database = `rebuild_${randomUUID().slice(0, 8)}`;
// Orders placed before the rebuild starts, one in ten the watched customer's. 200 make a rebuild
// that lasts many polls (at 50 ms) even on a quiet machine; 400 only made it twice as long.
const SEEDED = 200;

beforeAll(async () => {
  eventStore = await startPrivateEventStore();
  store = connectEventStore(eventStore.url);
  readStore = await connectMongoStore(serverUrl('mongodb'), database);
  const env = {
    EVENTSTORE_CONNECTION_STRING: eventStore.url,
    MONGODB_URL: serverUrl('mongodb'),
    MONGODB_DATABASE: database,
    JWT_SECRET: testSecret,
    LOG_LEVEL: 'warn',
    CARRIER_DELIVERY_DELAY_MS: '200',
    WAREHOUSE_PICK_PACK_MS: '0',
    PAYMENT_DECLINE_GRACE_MS: '0',
  };
  apps.push(
    ...(await startApps(
      (['api', 'processes', 'projections'] as const).map((role) => ({ role, env })),
    )),
  );
});

afterAll(async () => {
  await stopApps(apps);
  await readStore?.close();
  await store?.close();
  await eventStore?.stop();
});

type Page = { items: { orderId: string; position: number }[] };

describe('rebuilding order_summaries while orders are placed', () => {
  it('keeps GET /api/orders answering and never going backwards, then switches to a collection equal to a fold of the log', async () => {
    const [api] = apps;
    if (api === undefined || store === undefined || readStore === undefined)
      throw new Error('not started');
    const operator = await signToken({ sub: 'op-1', roles: ['operator'] });
    const admin = await signToken({ sub: 'root', roles: ['admin'] });
    for (const sku of ['SKU-1', 'SKU-3'])
      expect(
        (
          await api.request(`/api/inventory/${sku}/restock`, {
            token: operator,
            json: { quantity: 100_000 },
          })
        ).status,
      ).toBe(200);
    const watcher = `watched-${randomUUID()}`;
    const orderIds: string[] = [];
    let lastPosition = 0;
    const place = async (n: number) => {
      // The watched customer orders only before the rebuild: fewer than a page, so none leaves it.
      const customer = n % 10 === 0 && n < SEEDED ? watcher : `customer-${n % 17}`;
      const token = await signToken({ sub: customer, roles: ['customer'] });
      const response = await api.request('/api/orders', {
        token,
        json: { lines: [{ sku: n % 2 ? 'SKU-1' : 'SKU-3', quantity: 1 }] },
      });
      expect(response.status).toBe(202);
      orderIds.push(((await response.json()) as { orderId: string }).orderId);
      lastPosition = Math.max(
        lastPosition,
        Number((response.headers.get('x-log-position') ?? '0').split('/')[0]),
      );
    };
    for (let n = 0; n < SEEDED; n += 20)
      await Promise.all(Array.from({ length: 20 }, (_, i) => place(n + i)));

    const started = await api.request('/api/admin/projections/order_summaries/rebuild', {
      method: 'POST',
      token: admin,
    });
    expect(started.status).toBe(202);
    const { rebuild } = (await started.json()) as { rebuild: { collection: string } };

    const stop = new AbortController();
    const placing = (async () => {
      for (let n = SEEDED; !stop.signal.aborted; n += 2) {
        await Promise.all(Array.from({ length: 2 }, (_, i) => place(n + i)));
        await sleep(200);
      }
    })();
    // About ten orders a second meanwhile. Every poll: 200, a read-model position that never decreases, none of the watched orders
    // lost, and none of them older than it was.
    const failures: string[] = [];
    let polls = 0;
    let during = 0; // polls answered while the rebuild was under way
    let seenPosition = 0;
    const seen = new Map<string, number>();
    let active: string | undefined;
    const deadline = Date.now() + 120_000;
    while (active !== rebuild.collection && Date.now() < deadline) {
      const response = await api.request(`/api/orders?customerId=${watcher}&limit=100`, {
        token: operator,
      });
      polls++;
      if (response.status !== 200) failures.push(`status ${response.status}`);
      else {
        const position = Number(response.headers.get('x-read-model-position'));
        if (position < seenPosition) failures.push(`position ${position} after ${seenPosition}`);
        seenPosition = Math.max(seenPosition, position);
        const items = new Map(
          ((await response.json()) as Page).items.map((i) => [i.orderId, i.position]),
        );
        for (const [orderId, was] of seen) {
          const now = items.get(orderId);
          if (now === undefined || now < was)
            failures.push(`${orderId}: ${String(now)} after ${was}`);
        }
        for (const [orderId, now] of items) seen.set(orderId, now);
      }
      const pointer = await pointersOf(readStore).get('order_summaries');
      active = pointer?.active;
      if (pointer?.building) during++;
      await sleep(50); // often enough to watch even a rebuild of a few seconds
    }
    await sleep(500); // a few more orders on the new collection
    stop.abort();
    await placing;

    console.log(
      `rebuild: ${polls} polls (${during} during the rebuild), ${seen.size} watched orders seen, ${orderIds.length} orders`,
    );
    expect(failures).toEqual([]);
    const status = await (await api.request('/api/admin/projections', { token: admin })).text();
    expect(active, `${status}\n${apps[2]?.output() ?? ''}`).toBe(rebuild.collection);
    expect(during).toBeGreaterThanOrEqual(3);
    expect(seen.size).toBe(SEEDED / 10);

    // Quiet: every order terminal, and the read model through all of it.
    await settledLedger(ledgerReader(store.client), orderIds);
    const prefixes = orderSummaries.categories.map((category) => `${category}-`);
    const head = (await lastMatchingEvent(store.client, prefixes))?.commit ?? 0;
    let stale: string | null = 'true';
    for (let attempt = 0; attempt < 30 && stale !== null; attempt++) {
      const response = await api.request(`/api/orders?limit=1&minPosition=${head}`, {
        token: operator,
      });
      stale = response.headers.get('x-read-model-stale');
    }
    expect(stale).toBeNull();
    expect(head).toBeGreaterThan(lastPosition);
    const { collection, docs } = await activeDocuments(readStore, orderSummaries);
    expect(collection).toBe(rebuild.collection);
    expect(docs.size).toBe(orderIds.length);
    expect(docs).toEqual(await foldedDocuments(store.client, projectionCodec, orderSummaries));
  }, 240_000);
});
