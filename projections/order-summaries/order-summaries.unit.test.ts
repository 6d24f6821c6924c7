import { describe, expect, it } from 'vitest';
import { foldInto } from '../fold.ts';
import { at, eur, orderHistory, orderTotal, type Outcome } from '../testing/orders.ts';
import { deliveredTwice, interleave, record } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { detailView, orderSummaries, summaryView, type OrderSummaryDoc } from './index.ts';

const summaryOf = (outcome: Outcome, orderId = 'ord-1') =>
  project(orderSummaries, record(orderHistory({ orderId, outcome }))).get(orderId);

describe('order_summaries: given an order’s events, then its summary', () => {
  it('a placed order: its lines, total, customer and first step', () => {
    const events = record(orderHistory({ orderId: 'ord-1', outcome: 'placed' }));
    const docs = project(orderSummaries, events);

    expect([...docs.keys()]).toEqual(['ord-1']);
    expect(summaryView(docs.get('ord-1') as OrderSummaryDoc)).toEqual({
      orderId: 'ord-1',
      customerId: 'cust-1',
      status: 'placed',
      lineCount: 2,
      skus: ['SKU-1', 'SKU-2'],
      total: orderTotal,
      placedAt: at(0),
      updatedAt: at(0),
      steps: { placedAt: at(0) },
      position: events[0]?.position?.commit,
    });
  });

  it('a delivered order: every step with its time, the shipment, and the last position', () => {
    const events = record(orderHistory({ orderId: 'ord-1', outcome: 'delivered' }));
    const doc = project(orderSummaries, events).get('ord-1');

    expect(doc).toMatchObject({
      status: 'delivered',
      shipment: { carrier: 'SimPost', trackingId: 'TRK-ord-1' },
      updatedAt: at(2),
      steps: {
        placedAt: at(0),
        stockReservedAt: at(0, 3), // when the second of its two skus was reserved
        paymentAuthorizedAt: at(0, 4),
        confirmedAt: at(0, 5),
        shippedAt: at(1),
        deliveredAt: at(2),
      },
    });
    // The saga's own stream is not read; the last event applied is the last stock commit or delivery.
    const applied = events.filter((e) => !e.stream.startsWith('fulfilment-'));
    expect(doc?.position).toBe(applied.at(-1)?.position?.commit);
  });

  it('an order rejected for stock: the reason and detail, and stock never reserved', () => {
    const doc = summaryOf('out_of_stock');
    expect(doc).toMatchObject({ status: 'rejected', reason: 'out_of_stock', detail: 'SKU-2' });
    expect(doc?.steps).toEqual({ placedAt: at(0), rejectedAt: at(0, 4) });
  });

  it('an order cancelled after confirmation: who cancelled it and why', () => {
    const doc = summaryOf('cancelled_after_confirm');
    expect(doc).toMatchObject({
      status: 'cancelled',
      reason: 'changed my mind',
      cancelledBy: 'cust-1',
      steps: { confirmedAt: at(0, 5), cancelledAt: at(1) },
    });
    expect(detailView(doc as OrderSummaryDoc)).toMatchObject({
      lines: [{ sku: 'SKU-1', quantity: 2, lineTotal: eur(3998) }, { sku: 'SKU-2' }],
    });
  });

  it('events of an order it never saw placed make no document', () => {
    const [, ...withoutPlaced] = record(orderHistory({ orderId: 'ord-1', outcome: 'delivered' }));
    expect(project(orderSummaries, withoutPlaced).size).toBe(0);
  });
});

describe('order_summaries: delivered twice, replayed, interleaved', () => {
  const outcomes: Outcome[] = [
    'placed',
    'delivered',
    'out_of_stock',
    'declined',
    'cancelled_after_confirm',
  ];

  it.each(outcomes)('%s: every event delivered twice gives the same document', (outcome) => {
    const events = record(orderHistory({ orderId: 'ord-1', outcome }));
    expect(project(orderSummaries, deliveredTwice(events))).toEqual(
      project(orderSummaries, events),
    );
  });

  it('a whole replay over the documents changes none of them', () => {
    const events = record(
      outcomes.flatMap((outcome, n) => orderHistory({ orderId: `ord-${n}`, outcome })),
    );
    const docs = project(orderSummaries, events);
    const before = structuredClone([...docs]);

    expect(foldInto(orderSummaries, docs, events).size).toBe(0);
    expect([...docs]).toEqual(before);
  });

  it('fifty orders interleaved: each summary is the one its events alone give', () => {
    const specs = Array.from({ length: 50 }, (_, n) => ({
      orderId: `ord-${n}`,
      customerId: `cust-${n % 7}`,
      minute: n % 13,
      outcome: outcomes[n % outcomes.length] ?? 'placed',
    }));
    const docs = project(orderSummaries, record(interleave(specs.map(orderHistory), 42)), {
      batch: 50,
    });

    expect(docs.size).toBe(50);
    for (const spec of specs) {
      const alone = project(orderSummaries, record(orderHistory(spec))).get(spec.orderId);
      expect(positionFree(docs.get(spec.orderId)), spec.orderId).toEqual(positionFree(alone));
    }
  });
});
