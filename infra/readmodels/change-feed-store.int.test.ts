import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { serverUrl } from '../test-servers/use-server.ts';
import type { ChangeFeed, ReadModelChange } from './change-feed.ts';
import { createStoreChangeFeed } from './change-feed-store.ts';
import { connectMongoStore } from './mongo-store.ts';
import type { ReadModelStore } from './store.ts';

// Two connections to one database stand for the projections process and the API process.
const database = `feed_${randomUUID().slice(0, 8)}`;
let projectionsSide: ReadModelStore;
let apiSide: ReadModelStore;

beforeAll(async () => {
  projectionsSide = await connectMongoStore(serverUrl('mongodb'), database);
  apiSide = await connectMongoStore(serverUrl('mongodb'), database);
});

afterAll(async () => {
  await Promise.all([projectionsSide.close(), apiSide.close()]);
  const client = new MongoClient(serverUrl('mongodb'));
  await client.db(database).dropDatabase();
  await client.close();
});

const feedOn = (store: ReadModelStore, collection: string): ChangeFeed =>
  createStoreChangeFeed({
    store,
    collection,
    slots: 64,
    logger: silentLogger(),
    metrics: createMetrics({ defaultMetrics: false }),
  });

const summary = (orderId: string, position: number): ReadModelChange => ({
  projection: 'order_summaries',
  id: orderId,
  position,
  document: { orderId, customerId: 'alice', status: 'placed', position, steps: { placedAt: 'x' } },
});

describe('the change feed over MongoDB', () => {
  it('carries changes from one connection to another, in order, with what came before for since', async () => {
    const collection = `changes_${randomUUID().slice(0, 8)}`;
    const publisher = feedOn(projectionsSide, collection);
    await publisher.publish([summary('before', 1)]);
    const listener = feedOn(apiSide, collection);
    const heard: ReadModelChange[] = [];
    listener.listen((changes) => heard.push(...changes));
    await sleep(300);

    const latencies: number[] = [];
    for (let i = 2; i <= 41; i++) {
      const sent = Date.now();
      await publisher.publish([summary(`o-${i}`, i)]);
      while (!heard.some((change) => change.position === i)) await sleep(1);
      latencies.push(Date.now() - sent);
    }
    await Promise.all([42, 43, 44].map((i) => publisher.publish([summary(`o-${i}`, i)])));
    while (!heard.some((change) => change.position === 44)) await sleep(5);

    // The head that tells a new reader where to start is written behind the slots, so what was
    // published just before the listener started may be heard live or not; `since` has it.
    const live = heard.filter((change) => change.position !== 1);
    expect(live.map((change) => change.position)).toEqual(
      Array.from({ length: 43 }, (_, i) => i + 2),
    );
    expect(live[0]?.document).toEqual(summary('o-2', 2).document);
    expect((await listener.since(0)).map((change) => change.id).slice(0, 2)).toEqual([
      'before',
      'o-2',
    ]);
    expect((await listener.since(42)).map((change) => change.position)).toEqual([43, 44]);
    latencies.sort((a, b) => a - b);
    console.log(
      `publish → listener over MongoDB: median ${latencies[20]} ms, max ${latencies[39]} ms`,
    );
    await Promise.all([publisher.close(), listener.close()]);
  });
});
