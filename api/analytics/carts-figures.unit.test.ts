import { describe, expect, it } from 'vitest';
import { cartEvents } from '../../domain/cart/events.ts';
import { createMemoryStore } from '../../infra/readmodels/memory-store.ts';
import { analyticsCarts } from '../../projections/analytics/index.ts';
import {
  added,
  cartEvent,
  cartHistory,
  catalog,
  prices,
} from '../../projections/analytics/testing/carts.ts';
import { interleave, record, type Written } from '../../projections/testing/recorded.ts';
import { project } from '../../projections/testing/spec.ts';
import { loadCarts } from './load.ts';
import { daysOf } from './query.ts';

// Given a generated history of carts, figures computed here straight from its events must equal
// what GET /api/analytics/carts answers from the projection's documents.

const hourMs = 3_600_000;
const day = (iso: string) => iso.slice(0, 10);

const collectionOf = async (written: readonly Written[]) => {
  const store = createMemoryStore();
  const carts = store.collection('analytics_carts', analyticsCarts.schema);
  await carts.ensureIndexes(analyticsCarts.indexes);
  const events = record([...catalog(), ...written]);
  await carts.bulkPut([...project(analyticsCarts, events, { batch: 50 }).values()], 'none');
  return carts;
};

interface Counted {
  started: string[];
  checkedOut: string[];
  emptied: string[];
  recovered: string[];
  abandoned: { day: string; value: number }[];
}

/** A plain walk over each cart's events: what was started, checked out, emptied, left. */
const countFromEvents = (written: readonly Written[], now: Date): Counted => {
  const counted: Counted = {
    started: [],
    checkedOut: [],
    emptied: [],
    recovered: [],
    abandoned: [],
  };
  const carts = new Map<string, { lines: Map<string, number>; lastAt: number; left: boolean }>();
  const valueOf = (lines: Map<string, number>) =>
    [...lines].reduce((sum, [sku, quantity]) => sum + quantity * (prices[sku] ?? 0), 0);
  const leftSince = (
    cart: { lines: Map<string, number>; lastAt: number; left: boolean },
    at: number,
  ) => {
    if (cart.lines.size === 0 || cart.left || at - cart.lastAt < 24 * hourMs) return false;
    counted.abandoned.push({
      day: day(new Date(cart.lastAt).toISOString()),
      value: valueOf(cart.lines),
    });
    return true;
  };
  for (const { stream, event: raw, at } of written) {
    const event = cartEvents.schema.parse(raw);
    const cart = carts.get(stream) ?? {
      lines: new Map<string, number>(),
      lastAt: Date.parse(at),
      left: false,
    };
    const time = Date.parse(at);
    const held = cart.lines.size > 0;
    const left = leftSince(cart, time) || cart.left;
    if (event.type === 'CartItemAdded' && !cart.lines.has(event.data.sku))
      cart.lines.set(event.data.sku, event.data.quantity);
    if (event.type === 'CartItemQuantityChanged')
      cart.lines.set(event.data.sku, event.data.quantity);
    if (event.type === 'CartItemRemoved') cart.lines.delete(event.data.sku);
    if (event.type === 'CartCheckedOut') {
      for (const line of event.data.lines) cart.lines.delete(line.sku);
      counted.checkedOut.push(day(at));
      if (left) counted.recovered.push(day(at));
    }
    const started = cart.lines.size > 0 && (!held || event.type === 'CartCheckedOut');
    if (started) counted.started.push(day(at));
    if (held && cart.lines.size === 0 && event.type !== 'CartCheckedOut')
      counted.emptied.push(day(at));
    carts.set(stream, {
      lines: cart.lines,
      lastAt: time,
      left: cart.lines.size > 0 && !started && left,
    });
  }
  for (const cart of carts.values()) leftSince(cart, now.getTime());
  return counted;
};

describe('carts figures equal figures computed from the raw events', () => {
  const written = interleave(cartHistory(11, { customers: 9, days: 20 }), 11);
  const now = new Date('2025-03-28T12:00:00Z');

  it.each([
    { from: '2025-03-01', to: '2025-03-31' },
    { from: '2025-03-08', to: '2025-03-14' },
  ])('from $from to $to, compared with the period before', async ({ from, to }) => {
    const carts = await loadCarts(
      await collectionOf(written),
      { from, to, compare: 'previous' },
      now,
    );
    for (const [range, figures] of [
      [carts.range, carts.current],
      [carts.compareRange, carts.previous],
    ] as const) {
      if (range === null || figures === null) throw new Error('compared figures expected');
      const inRange = (d: string) => d >= range.from && d <= range.to;
      const counted = countFromEvents(written, now);
      const abandoned = counted.abandoned.filter((a) => inRange(a.day));
      const checkedOut = counted.checkedOut.filter(inRange).length;
      expect(figures).toEqual({
        started: counted.started.filter(inRange).length,
        checkedOut,
        emptied: counted.emptied.filter(inRange).length,
        abandoned: abandoned.length,
        abandonedValue: abandoned.reduce((sum, a) => sum + a.value, 0),
        recovered: counted.recovered.filter(inRange).length,
        abandonmentRate:
          abandoned.length + checkedOut === 0
            ? null
            : abandoned.length / (abandoned.length + checkedOut),
        abandonedAfterHours: 24,
        series: daysOf(range).map((d) => ({
          day: d,
          started: counted.started.filter((s) => s === d).length,
          checkedOut: counted.checkedOut.filter((s) => s === d).length,
          abandoned: abandoned.filter((a) => a.day === d).length,
          abandonedValue: abandoned.filter((a) => a.day === d).reduce((sum, a) => sum + a.value, 0),
        })),
      });
    }
    expect(carts.current.abandoned).toBeGreaterThan(0);
    expect(carts.current.checkedOut).toBeGreaterThan(0);
  });
});

describe('a cart still untouched counts abandoned once the threshold has passed as of now', () => {
  const march = { from: '2025-03-01', to: '2025-03-02', compare: 'none' as const };
  // One line of 19.99 added on 1 March at 10:00, nothing since.
  const left = [cartEvent('c1', 10, added('c1', 'SKU-1', 1))];

  it('not yet, 23 hours on', async () => {
    const carts = await loadCarts(
      await collectionOf(left),
      march,
      new Date('2025-03-02T09:00:00Z'),
    );
    expect(carts.current).toMatchObject({ started: 1, abandoned: 0, abandonmentRate: null });
  });

  it('abandoned on the day it was left, 24 hours on', async () => {
    const carts = await loadCarts(
      await collectionOf(left),
      march,
      new Date('2025-03-02T10:00:00Z'),
    );
    expect(carts.current).toMatchObject({ abandoned: 1, abandonedValue: 1999, abandonmentRate: 1 });
    expect(carts.current.series[0]).toMatchObject({ day: '2025-03-01', abandoned: 1 });
  });
});
