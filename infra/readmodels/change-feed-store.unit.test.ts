import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMetrics, type Metrics } from '../metrics.ts';
import type { ChangeFeed, ReadModelChange } from './change-feed.ts';
import { createStoreChangeFeed, type StoreChangeFeedOptions } from './change-feed-store.ts';
import { createMemoryStore } from './memory-store.ts';
import type { ReadModelStore } from './store.ts';

// Two feeds over one store stand for two processes over one MongoDB (the int test does that).
const change = (id: string, position: number): ReadModelChange => ({
  projection: 'order_summaries',
  id,
  position,
  document: { orderId: id, position },
});

const opened: ChangeFeed[] = [];
const feedOn = (
  store: ReadModelStore,
  options: Partial<StoreChangeFeedOptions> = {},
  metrics: Metrics = createMetrics({ defaultMetrics: false }),
): ChangeFeed => {
  const feed = createStoreChangeFeed({
    store,
    pollIntervalMs: 5,
    logger: silentLogger(),
    metrics,
    ...options,
  });
  opened.push(feed);
  return feed;
};

const collect = (feed: ChangeFeed) => {
  const heard: ReadModelChange[] = [];
  feed.listen((changes) => heard.push(...changes));
  return heard;
};

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((feed) => feed.close()));
});

describe('the change feed through the read-model store', () => {
  it('carries every change from one process to another once, in publish order', async () => {
    const store = createMemoryStore();
    const publisher = feedOn(store);
    const listener = feedOn(store);
    const heard = collect(listener);
    await sleep(20); // the listener starts from the head it finds

    for (let i = 1; i <= 30; i++) await publisher.publish([change(`o-${i}`, i)]);
    await Promise.all([31, 32, 33].map((i) => publisher.publish([change(`o-${i}`, i)])));
    await publisher.publish([]);
    await until(() => heard.length >= 33);
    await sleep(30);

    expect(heard.map((c) => c.position)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(heard.every((c) => typeof c.publishedAt === 'number')).toBe(true);
  });

  it('splits a big publish over slots and numbers the writes of two publishers densely', async () => {
    const store = createMemoryStore();
    const listener = feedOn(store);
    const heard = collect(listener);
    await sleep(20);
    const first = feedOn(store, { maxPerSlot: 3 });
    const second = feedOn(store, { maxPerSlot: 3 });

    await Promise.all([
      first.publish(Array.from({ length: 10 }, (_, i) => change(`a-${i}`, i))),
      second.publish(Array.from({ length: 10 }, (_, i) => change(`b-${i}`, i))),
      ...Array.from({ length: 5 }, (_, i) => second.publish([change(`c-${i}`, 100 + i)])),
    ]);
    await until(() => heard.length >= 25);
    await sleep(30);

    const ids = heard.map((c) => c.id);
    expect(new Set(ids).size).toBe(25);
    expect(ids.length).toBe(25);
    const order = (prefix: string) => ids.filter((id) => id.startsWith(prefix));
    expect(order('a-')).toEqual(Array.from({ length: 10 }, (_, i) => `a-${i}`));
    expect(order('b-')).toEqual(Array.from({ length: 10 }, (_, i) => `b-${i}`));
  });

  it('lets a publisher that was idle while another wrote carry on after it, with no hole', async () => {
    const store = createMemoryStore();
    const listener = feedOn(store);
    const heard = collect(listener);
    await sleep(20);
    const first = feedOn(store);
    const second = feedOn(store);
    await second.publish([change('b-1', 1)]);
    for (let i = 1; i <= 3; i++) await first.publish([change(`a-${i}`, 1 + i)]);
    await second.publish([change('b-2', 5)]);
    await first.publish([change('a-4', 6)]);

    await until(() => heard.length >= 6);
    expect(heard.map((c) => c.id)).toEqual(['b-1', 'a-1', 'a-2', 'a-3', 'b-2', 'a-4']);
  });

  it('answers since with what was published before it started, read back from the ring', async () => {
    const store = createMemoryStore();
    const publisher = feedOn(store);
    for (let i = 1; i <= 5; i++) await publisher.publish([change(`o-${i}`, i * 10)]);
    await sleep(5); // the head is written behind the slots

    const late = feedOn(store);
    const heard = collect(late);
    expect((await late.since(20)).map((c) => c.position)).toEqual([30, 40, 50]);
    await publisher.publish([change('o-6', 60)]);
    await until(() => heard.length === 1);
    expect((await late.since(40)).map((c) => c.position)).toEqual([50, 60]);
    expect(heard.map((c) => c.position)).toEqual([60]);
  });

  it('counts what a reader lapped by the writers lost, and goes on with what is left', async () => {
    const store = createMemoryStore();
    const metrics = createMetrics({ defaultMetrics: false });
    const slow = feedOn(store, { slots: 4, pollIntervalMs: 300 }, metrics);
    const heard = collect(slow);
    await sleep(50);
    const publisher = feedOn(store, { slots: 4 });
    for (let i = 1; i <= 10; i++) await publisher.publish([change(`o-${i}`, i)]);
    await until(() => heard.some((c) => c.position === 10), 3_000);

    const lost = await metrics.registry.getSingleMetricAsString(
      'order_ledger_change_feed_lost_batches_total',
    );
    expect(heard.map((c) => c.position)).toEqual([7, 8, 9, 10]);
    expect(lost).toMatch(/_total 6$/m);
  });

  it('looks less often while every listener is idle, and at once when one is not', async () => {
    const store = createMemoryStore();
    let headReads = 0;
    // Counts the reader's polls: each begins with a read of the head document.
    const counting: ReadModelStore = {
      ...store,
      collection: (name, schema) => {
        const collection = store.collection(name, schema);
        return {
          ...collection,
          get: (id) => {
            if (id === 'head') headReads++;
            return collection.get(id);
          },
        };
      },
    };
    const reader = feedOn(counting, { pollIntervalMs: 5, idlePollIntervalMs: 10_000 });
    let idle = true;
    const heard: ReadModelChange[] = [];
    reader.listen((changes) => heard.push(...changes), { idle: () => idle });
    await sleep(300);
    expect(headReads).toBeLessThanOrEqual(2); // the start, and perhaps one poll; not 60

    await feedOn(store).publish([change('o-1', 1)]);
    await sleep(100);
    expect(heard).toEqual([]); // still idle: not looked for yet
    idle = false;
    await until(() => heard.length === 1, 1_000);
    const before = headReads;
    await sleep(100);
    expect(headReads - before).toBeGreaterThan(5); // attentive again: every 5 ms
  });

  it('delivers what was published before close', async () => {
    const store = createMemoryStore();
    const publisher = feedOn(store);
    const listener = feedOn(store);
    const heard = collect(listener);
    await sleep(20);
    const published = publisher.publish([change('o-1', 1)]);
    await publisher.close();
    await published;
    await until(() => heard.length === 1);
  });
});
