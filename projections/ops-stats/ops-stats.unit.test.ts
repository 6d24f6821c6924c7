import { describe, expect, it } from 'vitest';
import { foldInto } from '../fold.ts';
import { orderHistory, type OrderSpec, type Outcome } from '../testing/orders.ts';
import { deliveredTwice, interleave, record } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { byStatusId, opsStats, type OpsStatsDoc } from './index.ts';

const outcomes: Outcome[] = [
  'placed',
  'delivered',
  'out_of_stock',
  'declined',
  'cancelled_after_confirm',
];
const orders = (count: number): OrderSpec[] =>
  Array.from({ length: count }, (_, n) => ({
    orderId: `o-${n}`,
    minute: n % 3,
    outcome: outcomes[n % outcomes.length] ?? 'placed',
  }));
const stats = (specs: readonly OrderSpec[]) =>
  project(opsStats, record(specs.flatMap(orderHistory)));
const countsOf = (docs: Map<string, OpsStatsDoc>) => {
  const doc = docs.get(byStatusId);
  return doc?.kind === 'by-status' ? doc.counts : undefined;
};

describe('ops_stats: given orders’ events, then the counts', () => {
  it('orders by status: each order counted once, in the status it reached', () => {
    expect(countsOf(stats(orders(5)))).toEqual({
      placed: 1,
      confirmed: 0,
      shipped: 0,
      delivered: 1,
      cancelled: 1,
      rejected: 2,
    });
  });

  it('revenue per day is captured minus refunded, with the orders placed that day', () => {
    const docs = stats([
      { orderId: 'a', outcome: 'delivered' },
      { orderId: 'b', outcome: 'cancelled_after_confirm' },
      { orderId: 'c', outcome: 'declined' },
    ]);
    expect(docs.get('revenue:2025-03-01')).toMatchObject({
      kind: 'revenue',
      key: '2025-03-01',
      revenue: [{ currency: 'EUR', amount: 5248 }],
      orders: 3,
    });
  });

  it('orders per minute: placed, confirmed, rejected, cancelled and delivered by the minute they happened', () => {
    const docs = stats(orders(5));
    const minute = (key: string) => positionFree(docs.get(`minute:2025-03-01T10:${key}`));
    expect(minute('00')).toMatchObject({
      placed: 2,
      confirmed: 0,
      rejected: 1,
      cancelled: 0,
      delivered: 0,
    });
    expect(minute('01')).toMatchObject({
      placed: 2,
      confirmed: 2,
      rejected: 0,
      cancelled: 0,
      delivered: 0,
    });
    expect(minute('02')).toMatchObject({
      placed: 1,
      confirmed: 0,
      rejected: 1,
      cancelled: 1,
      delivered: 0,
    });
    expect(minute('03')).toMatchObject({
      placed: 0,
      confirmed: 0,
      rejected: 0,
      cancelled: 0,
      delivered: 1,
    });
  });

  it('a cancellation moves the order out of the status it really left', () => {
    const docs = stats([{ orderId: 'a', outcome: 'cancelled_after_confirm' }]);
    expect(countsOf(docs)).toMatchObject({ placed: 0, confirmed: 0, cancelled: 1 });
  });
});

describe('ops_stats: delivered twice, replayed after a partial write, interleaved', () => {
  it('every event delivered twice: the same counts', () => {
    const events = record(orders(10).flatMap(orderHistory));
    expect(project(opsStats, deliveredTwice(events))).toEqual(project(opsStats, events));
  });

  it('a batch replayed after only the order’s own document was written counts the cancellation from confirmed', () => {
    const events = record(orderHistory({ orderId: 'a', outcome: 'cancelled_after_confirm' }));
    const cancel = events.findIndex((e) => e.event.type === 'OrderCancelled');
    const before = project(opsStats, events.slice(0, cancel));
    const crashed = project(opsStats, events.slice(cancel, cancel + 1), { into: new Map(before) });
    // What the store holds if the process died between writing the order's document and the counts.
    const store = new Map(before);
    const written = crashed.get('order:a');
    if (written !== undefined) store.set('order:a', written);

    foldInto(opsStats, store, events.slice(cancel));

    expect(countsOf(store)).toEqual(countsOf(project(opsStats, events)));
    expect(countsOf(store)).toMatchObject({ confirmed: 0, cancelled: 1 });
  });

  it('sixty orders interleaved: the same counts, days and minutes as in a row', () => {
    const specs = orders(60);
    const inRow = stats(specs);
    const mixed = project(opsStats, record(interleave(specs.map(orderHistory), 11)), { batch: 31 });
    expect(positionFree([...mixed].sort())).toEqual(positionFree([...inRow].sort()));
  });
});
