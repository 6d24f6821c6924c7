import { describe, expect, it } from 'vitest';
import { foldInto } from '../fold.ts';
import { at, orderHistory, restock, type Outcome } from '../testing/orders.ts';
import { deliveredTwice, interleave, record, type Written } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { analyticsSales } from './sales.ts';
import { saleDaySkusId, shardOf, type SalesDoc } from './sales-documents.ts';
import { history } from './testing/history.ts';

const outcomes: Outcome[] = [
  'placed',
  'delivered',
  'out_of_stock',
  'declined',
  'cancelled_after_confirm',
];
const salesOf = (written: readonly Written[]) => project(analyticsSales, record(written));
const kindOf = <K extends SalesDoc['kind']>(docs: Map<string, SalesDoc>, id: string, kind: K) => {
  const doc = docs.get(id);
  return doc?.kind === kind ? (doc as Extract<SalesDoc, { kind: K }>) : undefined;
};
/** A sku's figures of a day, out of the shard document that holds them. */
const skuDay = (docs: Map<string, SalesDoc>, day: string, sku: string) => {
  const doc = docs.get(saleDaySkusId(day, shardOf(sku)));
  return doc?.kind === 'day-skus' ? doc.skus[sku] : undefined;
};
const productAdded = (sku: string, name: string, category: string): Written => ({
  stream: `product-${sku}`,
  event: {
    type: 'ProductAdded',
    data: { sku, name, category, description: 'd', unitPrice: { amount: 1999, currency: 'EUR' } },
  },
  actor: 'catalog-seed',
  at: at(-60),
});

describe('analytics_sales: given orders’ events, then the day, day-sku and sku documents', () => {
  it('a delivered order: placed value by category and hour, shipped and delivered with their timing', () => {
    const { written } = history(1);
    const docs = salesOf(written);
    expect(kindOf(docs, 'day:2025-03-01', 'day')).toMatchObject({
      currency: 'EUR',
      placed: 1,
      placedValue: 5248,
      units: 3,
      confirmed: 1,
      shipped: 1,
      delivered: 1,
      cancelled: 0,
      authorized: 1,
      categories: { Coffee: { units: 2, revenue: 3998 }, Kitchen: { units: 1, revenue: 1250 } },
    });
    const day = kindOf(docs, 'day:2025-03-01', 'day');
    expect(day?.hourOrders[10]).toBe(1);
    expect(day?.hourRevenue[10]).toBe(5248);
    // Shipped within the hour: the first bucket, on both histograms.
    expect(day?.toShipped[0]).toBe(1);
    expect(day?.toDelivered[0]).toBe(1);
  });

  it('shipping keyed on its business time: 25 hours later lands on the next day, in the 24–36 h bucket', () => {
    const delivered = orderHistory({ orderId: 'a', outcome: 'delivered' });
    const events = delivered.map((w) =>
      w.event.type === 'OrderShipped' ? { ...w, at: at(25 * 60) } : w,
    );
    const docs = salesOf(events);
    expect(kindOf(docs, 'day:2025-03-02', 'day')).toMatchObject({ shipped: 1, placed: 0 });
    expect(kindOf(docs, 'day:2025-03-02', 'day')?.toShipped[6]).toBe(1);
  });

  it('a sku’s day: units and value ordered, shipped units, restocks', () => {
    const docs = salesOf([restock('SKU-1', 10), ...history(1).written]);
    expect(skuDay(docs, '2025-03-01', 'SKU-1')).toMatchObject({
      category: 'Coffee',
      ordered: 2,
      orderedValue: 3998,
      committed: 2,
      released: 0,
      restocked: 10,
    });
    expect(kindOf(docs, 'sku:SKU-1', 'sku')).toMatchObject({
      name: 'Espresso beans',
      category: 'Coffee',
      available: 8,
      onHand: 8,
    });
  });

  it('a cancelled order: counted with its reason and value, its lines taken out of the categories, its stock released', () => {
    const docs = salesOf(orderHistory({ orderId: 'a', outcome: 'cancelled_after_confirm' }));
    expect(kindOf(docs, 'day:2025-03-01', 'day')).toMatchObject({
      placed: 1,
      cancelled: 1,
      cancelledValue: 5248,
      cancellations: { 'changed my mind': 1 },
      categories: { Uncategorised: { units: 0, revenue: 0 } },
    });
    expect(skuDay(docs, '2025-03-01', 'SKU-2')).toMatchObject({
      ordered: 1,
      released: 1,
      releasedValue: 1250,
    });
  });

  it('an order rejected for stock: the rejection reason, the refused sku counted as a stockout', () => {
    const docs = salesOf(orderHistory({ orderId: 'a', outcome: 'out_of_stock' }));
    expect(kindOf(docs, 'day:2025-03-01', 'day')).toMatchObject({
      rejected: 1,
      rejectedValue: 5248,
      rejections: { out_of_stock: 1 },
    });
    expect(skuDay(docs, '2025-03-01', 'SKU-2')).toMatchObject({
      refused: 1,
      refusedValue: 1250,
      stockouts: 1,
    });
    expect(kindOf(docs, 'sku:SKU-2', 'sku')).toMatchObject({ stockouts: 1 });
  });

  it('a declined payment: the decline and its reason', () => {
    const docs = salesOf(orderHistory({ orderId: 'a', outcome: 'declined' }));
    expect(kindOf(docs, 'day:2025-03-01', 'day')).toMatchObject({
      authorized: 0,
      declined: 1,
      declines: { card_declined: 1 },
    });
  });

  it('the catalog names a sku and its category, over what an order line said', () => {
    const docs = salesOf([
      productAdded('SKU-2', 'Stoneware mug', 'Tableware'),
      ...history(1).written,
    ]);
    expect(kindOf(docs, 'sku:SKU-2', 'sku')).toMatchObject({
      name: 'Stoneware mug',
      category: 'Tableware',
    });
    expect(skuDay(docs, '2025-03-01', 'SKU-2')).toMatchObject({
      category: 'Tableware',
    });
  });

  it('two lines whose skus share a shard: each sku’s figures in the one document', () => {
    const line = (sku: string, quantity: number) => ({
      sku,
      name: sku,
      quantity,
      unitPrice: { amount: 100, currency: 'EUR' },
      lineTotal: { amount: 100 * quantity, currency: 'EUR' },
    });
    expect(shardOf('SKU-19')).toBe(shardOf('SKU-20'));
    const placed: Written = {
      stream: 'order-x',
      event: {
        type: 'OrderPlaced',
        data: {
          orderId: 'x',
          customerId: 'c',
          lines: [line('SKU-19', 2), line('SKU-20', 3)],
          total: { amount: 500, currency: 'EUR' },
          placedAt: at(0),
        },
      },
      actor: 'c',
      at: at(0),
    };
    const docs = salesOf([placed]);
    expect(skuDay(docs, '2025-03-01', 'SKU-19')).toMatchObject({ ordered: 2, orderedValue: 200 });
    expect(skuDay(docs, '2025-03-01', 'SKU-20')).toMatchObject({ ordered: 3, orderedValue: 300 });
  });

  it('events of an order never seen placed count nothing', () => {
    const [, ...rest] = orderHistory({ orderId: 'a', outcome: 'cancelled_after_confirm' });
    const day = kindOf(salesOf(rest), 'day:2025-03-01', 'day');
    expect(day?.cancelled ?? 0).toBe(0);
    expect(day?.confirmed ?? 0).toBe(0);
  });
});

describe('analytics_sales: delivered twice, replayed, interleaved', () => {
  it.each(outcomes)('%s: every event delivered twice gives the same documents', (outcome) => {
    const events = record(orderHistory({ orderId: 'a', outcome }));
    expect(project(analyticsSales, deliveredTwice(events))).toEqual(
      project(analyticsSales, events),
    );
  });

  it('a varied history delivered twice gives the same documents', () => {
    const events = record([restock('SKU-1', 50), ...history(40).written]);
    expect(project(analyticsSales, deliveredTwice(events))).toEqual(
      project(analyticsSales, events),
    );
  });

  it('a whole replay over the documents changes none of them', () => {
    const events = record(history(20).written);
    const docs = project(analyticsSales, events);
    expect(foldInto(analyticsSales, docs, events).size).toBe(0);
  });

  it('a batch replayed after only the order’s document was written counts the cancellation once', () => {
    const events = record(orderHistory({ orderId: 'a', outcome: 'cancelled_after_confirm' }));
    const cancel = events.findIndex((e) => e.event.type === 'OrderCancelled');
    const before = project(analyticsSales, events.slice(0, cancel));
    const crashed = project(analyticsSales, events.slice(cancel, cancel + 1), {
      into: new Map(before),
    });
    const store = new Map(before);
    const written = crashed.get('order:a');
    if (written !== undefined) store.set('order:a', written);

    foldInto(analyticsSales, store, events.slice(cancel));

    expect(positionFree(store.get('day:2025-03-01'))).toEqual(
      positionFree(project(analyticsSales, events).get('day:2025-03-01')),
    );
  });

  it('forty orders interleaved: the same documents as in a row', () => {
    const { written } = history(40);
    const byOrder = new Map<string, Written[]>();
    for (const w of written) {
      const id = w.stream.slice(w.stream.indexOf('-') + 1);
      const orderId = w.stream.startsWith('inventory-')
        ? (w.event.data as { orderId: string }).orderId
        : id;
      byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), w]);
    }
    const inRow = project(analyticsSales, record(written));
    const mixed = project(analyticsSales, record(interleave([...byOrder.values()], 5)), {
      batch: 13,
    });
    expect(positionFree([...mixed].sort())).toEqual(positionFree([...inRow].sort()));
  });
});
