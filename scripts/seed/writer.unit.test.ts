import { beforeAll, describe, expect, it } from 'vitest';
import { StreamConflict } from '../../infra/eventstore/event-store.ts';
import { givesStock } from './causal-scheduler.ts';
import { seedHistory } from './history.ts';
import type { SeedEvent } from './seed-event.ts';
import { RecordingStore } from './testing/recording-store.ts';
import type { AckOrder } from './testing/recording-store.ts';
import { writeHistory } from './writer.ts';

// 300 orders on 20 products in 3 days: many orders share each inventory stream, with restocks and
// releases among their reservations, and carts run to several events a stream.
const history = [
  ...seedHistory({
    orders: 300,
    days: 3,
    seed: 7,
    fraud: false,
    end: Date.parse('2026-03-01T12:00:00Z'),
    products: 20,
  }),
];

/** Where each event went: its place in `$all`, its append, and its revision. */
const placed = (store: RecordingStore) =>
  new Map(store.all.map((each, at) => [each.id, { ...each, at }]));

/** Each event with the event before it in its chain. */
const chainPairs = (): [SeedEvent, SeedEvent][] => {
  const last = new Map<string, SeedEvent>();
  const pairs: [SeedEvent, SeedEvent][] = [];
  for (const event of history) {
    const before = last.get(event.chain);
    if (before !== undefined) pairs.push([before, event]);
    last.set(event.chain, event);
  }
  return pairs;
};

describe.each<AckOrder>(['random', 'newest', 'oldest'])(
  'the causal log order: given a seeded history and a store acknowledging the %s append first',
  (order) => {
    const store = new RecordingStore(order, 11);
    let written: { events: number; appends: number };
    beforeAll(async () => {
      written = await writeHistory(history, { store, chunkSize: 500, concurrency: 64 });
    });

    it('then every event is stored once, and every append was acknowledged', () => {
      const ids = store.all.map(({ id }) => id);
      expect(new Set(ids).size).toBe(history.length);
      expect(ids.sort()).toEqual(history.map(({ id }) => id).sort());
      expect(written).toEqual({ events: history.length, appends: store.appends.length });
      expect(written.appends).toBeLessThan(history.length);
    });

    it('then an event is appended only after the append holding its chain’s previous event is acknowledged, or later in the same append', () => {
      const where = placed(store);
      let across = 0;
      let together = 0;
      for (const [before, event] of chainPairs()) {
        const [a, b] = [where.get(before.id), where.get(event.id)];
        if (a === undefined || b === undefined) throw new Error('an event not stored');
        const made = store.appends[b.append];
        const acknowledged = store.acknowledgedAt.get(before.id) ?? Infinity;
        if (a.append === b.append) {
          together += 1;
          expect(b.revision).toBeGreaterThan(a.revision);
        } else {
          across += 1;
          expect(acknowledged).toBeLessThanOrEqual(made?.acknowledged ?? -1);
        }
        expect(b.at).toBeGreaterThan(a.at);
      }
      // Both cases occur: orders hop streams, carts and restocks run on one.
      expect(across).toBeGreaterThan(1_000);
      expect(together).toBeGreaterThan(100);
    });

    it('then no inventory event lands ahead of a restock or release made before it', () => {
      const where = placed(store);
      const lastStockGiven = new Map<string, number>();
      let checked = 0;
      for (const event of history) {
        if (event.revision !== undefined) continue;
        const at = where.get(event.id)?.at ?? -1;
        expect(at).toBeGreaterThan(lastStockGiven.get(event.stream) ?? -1);
        if (givesStock(event)) lastStockGiven.set(event.stream, at);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(500);
      expect(lastStockGiven.size).toBeGreaterThan(10);
    });

    it('then events keep the revisions the history gave them, and only one append per stream was in flight', () => {
      const where = placed(store);
      for (const event of history) {
        if (event.revision !== undefined)
          expect(where.get(event.id)?.revision).toBe(event.revision);
      }
      expect(store.appends.filter(({ overlapped }) => overlapped)).toEqual([]);
    });
  },
);

describe('the writer', () => {
  it('given a store already seeded, when seeding it again, then it fails on an expected revision', async () => {
    const store = new RecordingStore('random', 3);
    await writeHistory(history, { store, chunkSize: 500 });
    await expect(writeHistory(history, { store, chunkSize: 500 })).rejects.toBeInstanceOf(
      StreamConflict,
    );
  });

  it('given a store that refuses an inventory append, then the seed fails with its error', async () => {
    const store = new RecordingStore('random', 3, 'inventory-SKU-1005');
    await expect(writeHistory(history, { store, chunkSize: 500 })).rejects.toThrow(
      'the store refused inventory-SKU-1005',
    );
  });

  it('makes the history while earlier appends are in flight, at most `ahead` chunks past what is stored', async () => {
    const store = new RecordingStore('random', 5);
    let madeWhileWriting = 0;
    let mostAhead = 0;
    const counted = function* () {
      let made = 0;
      for (const event of history) {
        made += 1;
        if (store.holding > 0) madeWhileWriting += 1;
        mostAhead = Math.max(mostAhead, made - store.all.length);
        yield event;
      }
    };
    await writeHistory(counted(), { store, chunkSize: 200, ahead: 2 });
    expect(mostAhead).toBeLessThanOrEqual(400);
    expect(mostAhead).toBeGreaterThan(200);
    expect(madeWhileWriting).toBeGreaterThan(history.length / 2);
  });

  it('tells progress by chunks: every event and every order placed, once', async () => {
    const told: [number, number][] = [];
    await writeHistory(history, {
      store: new RecordingStore('newest', 9),
      chunkSize: 500,
      onChunk: (events, orders) => told.push([events, orders]),
    });
    expect(told.reduce((sum, [events]) => sum + events, 0)).toBe(history.length);
    expect(told.reduce((sum, [, orders]) => sum + orders, 0)).toBe(
      history.filter(({ event }) => event.type === 'OrderPlaced').length,
    );
    expect(told.length).toBeGreaterThan(history.length / 1_000);
  });

  it('given the grouped log order, then each stream is written in order with exact revisions', async () => {
    const store = new RecordingStore('random', 13);
    const written = await writeHistory(history, { store, chunkSize: 500, logOrder: 'grouped' });
    const where = placed(store);
    expect(written.events).toBe(history.length);
    for (const [before, event] of chainPairs()) {
      if (before.stream !== event.stream) continue;
      expect(where.get(event.id)?.revision).toBeGreaterThan(where.get(before.id)?.revision ?? -1);
    }
    for (const event of history) {
      if (event.revision !== undefined) expect(where.get(event.id)?.revision).toBe(event.revision);
    }
  });
});
