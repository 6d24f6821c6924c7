import { describe, expect, it } from 'vitest';
import { foldInto } from '../fold.ts';
import { orderHistory } from '../testing/orders.ts';
import { deliveredTwice, interleave, record, type Written } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { analyticsCustomers } from './customers.ts';
import type { CustomersDoc } from './customers-documents.ts';
import { history } from './testing/history.ts';

const day = 1_440;
/** A placed order of `customerId` on day `d` after 1 March 2025 (5248 cents). */
const order = (orderId: string, customerId: string, d: number): Written[] =>
  orderHistory({ orderId, customerId, minute: d * day, outcome: 'placed' });
const customersOf = (written: readonly Written[]) => project(analyticsCustomers, record(written));
const docOf = <K extends CustomersDoc['kind']>(
  docs: Map<string, CustomersDoc>,
  id: string,
  kind: K,
) => {
  const doc = docs.get(id);
  return doc?.kind === kind ? (doc as Extract<CustomersDoc, { kind: K }>) : undefined;
};

describe('analytics_customers: given orders placed, then new and returning customers and cohorts', () => {
  it('a customer’s first order is new, the next ones returning, each on its own day', () => {
    const docs = customersOf([
      ...order('a', 'c1', 0),
      ...order('b', 'c1', 0),
      ...order('c', 'c2', 1),
      ...order('d', 'c1', 1),
    ]);
    expect(docOf(docs, 'day:2025-03-01', 'day')).toMatchObject({
      newCustomers: 1,
      ordersFromNew: 1,
      ordersFromReturning: 1,
      revenueFromNew: 5248,
      revenueFromReturning: 5248,
    });
    expect(docOf(docs, 'day:2025-03-02', 'day')).toMatchObject({
      newCustomers: 1,
      ordersFromReturning: 1,
    });
  });

  it('a cohort counts each customer once a month, with every order and its value', () => {
    // c1 joins in March and orders twice in April; c2 joins in April.
    const docs = customersOf([
      ...order('a', 'c1', 0),
      ...order('b', 'c1', 31),
      ...order('c', 'c1', 32),
      ...order('d', 'c2', 33),
    ]);
    expect(docOf(docs, 'month:2025-03', 'month')?.cohorts).toEqual({
      '2025-03': { active: 1, orders: 1, revenue: 5248 },
    });
    expect(docOf(docs, 'month:2025-04', 'month')?.cohorts).toEqual({
      '2025-03': { active: 1, orders: 2, revenue: 10496 },
      '2025-04': { active: 1, orders: 1, revenue: 5248 },
    });
  });

  it('lifetime value: each order moves its customer up the histogram, summed over months', () => {
    // 52.48 → bucket 50–100 €; 104.96 → 100–200 €; 157.44 → 100–200 €.
    const docs = customersOf([
      ...order('a', 'c1', 0),
      ...order('b', 'c1', 31),
      ...order('c', 'c1', 32),
    ]);
    const march = docOf(docs, 'month:2025-03', 'month')?.lifetimeValue['2025-03'] ?? [];
    const april = docOf(docs, 'month:2025-04', 'month')?.lifetimeValue['2025-03'] ?? [];
    const now = march.map((n, i) => n + (april[i] ?? 0));
    expect(now).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('analytics_customers: delivered twice, replayed, interleaved', () => {
  it('every event delivered twice: the same documents', () => {
    const events = record(history(40).written);
    expect(project(analyticsCustomers, deliveredTwice(events))).toEqual(
      project(analyticsCustomers, events),
    );
  });

  it('a batch replayed after only the customer’s document was written counts the order once', () => {
    const events = record([...order('a', 'c1', 0), ...order('b', 'c1', 0)]);
    const before = project(analyticsCustomers, events.slice(0, 1));
    const crashed = project(analyticsCustomers, events.slice(1), { into: new Map(before) });
    const store = new Map(before);
    const written = crashed.get('customer:c1');
    if (written !== undefined) store.set('customer:c1', written);

    foldInto(analyticsCustomers, store, events.slice(1));

    expect(positionFree([...store].sort())).toEqual(
      positionFree([...project(analyticsCustomers, events)].sort()),
    );
  });

  it('orders of many customers interleaved: the same documents as in a row', () => {
    const histories = Array.from({ length: 30 }, (_, n) => order(`o-${n}`, `c-${n % 4}`, n % 3));
    // Interleaving keeps each order's events in order; a customer's orders may swap, so compare
    // what does not depend on which of them came first.
    const inRow = project(analyticsCustomers, record(histories.flat()));
    const mixed = project(analyticsCustomers, record(interleave(histories, 3)), { batch: 11 });
    const days = (docs: Map<string, CustomersDoc>) =>
      [...docs.values()].filter((d) => d.kind === 'day').map((d) => positionFree(d));
    expect(days(mixed).length).toBe(3);
    const newOf = (docs: Map<string, CustomersDoc>) =>
      [...docs.values()].reduce((sum, d) => sum + (d.kind === 'day' ? d.newCustomers : 0), 0);
    expect(newOf(mixed)).toBe(newOf(inRow));
    expect(newOf(mixed)).toBe(4);
  });
});
