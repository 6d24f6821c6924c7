import { describe, expect, it } from 'vitest';
import { at, orderHistory, restock, type Outcome } from '../testing/orders.ts';
import { deliveredTwice, interleave, record } from '../testing/recorded.ts';
import { project } from '../testing/spec.ts';
import { orderTimelines, type TimelineEntry } from './index.ts';

const brief = ({ stream, type, actor, summary }: TimelineEntry) => ({
  stream,
  type,
  actor,
  summary,
});

describe('order_timelines: given an order’s events, then its timeline', () => {
  it('every event across the order, saga, inventory and payment streams, with actor, causation and time', () => {
    const events = record([
      restock('SKU-1', 50),
      ...orderHistory({ orderId: 'ord-1', outcome: 'delivered' }),
    ]);
    const timeline = project(orderTimelines, events).get('ord-1');

    expect(timeline?.customerId).toBe('cust-1');
    expect(timeline?.entries.map(brief)).toEqual([
      {
        stream: 'order-ord-1',
        type: 'OrderPlaced',
        actor: 'cust-1',
        summary: 'Order placed: 3 items, EUR 52.48',
      },
      {
        stream: 'inventory-SKU-1',
        type: 'StockReserved',
        actor: 'fulfilment-saga',
        summary: 'Stock reserved: 2 × SKU-1',
      },
      {
        stream: 'inventory-SKU-2',
        type: 'StockReserved',
        actor: 'fulfilment-saga',
        summary: 'Stock reserved: 1 × SKU-2',
      },
      {
        stream: 'payment-ord-1',
        type: 'PaymentAuthorized',
        actor: 'fulfilment-saga',
        summary: 'Payment authorized: EUR 52.48',
      },
      {
        stream: 'order-ord-1',
        type: 'OrderConfirmed',
        actor: 'fulfilment-saga',
        summary: 'Order confirmed',
      },
      {
        stream: 'payment-ord-1',
        type: 'PaymentCaptured',
        actor: 'fulfilment-saga',
        summary: 'Payment captured: EUR 52.48',
      },
      {
        stream: 'order-ord-1',
        type: 'OrderShipped',
        actor: 'fulfilment-saga',
        summary: 'Shipped with SimPost, tracking TRK-ord-1',
      },
      {
        stream: 'inventory-SKU-1',
        type: 'StockCommitted',
        actor: 'fulfilment-saga',
        summary: 'Stock committed: 2 × SKU-1',
      },
      {
        stream: 'inventory-SKU-2',
        type: 'StockCommitted',
        actor: 'fulfilment-saga',
        summary: 'Stock committed: 1 × SKU-2',
      },
      { stream: 'order-ord-1', type: 'OrderDelivered', actor: 'carrier', summary: 'Delivered' },
      {
        stream: 'fulfilment-ord-1',
        type: 'FulfilmentCompleted',
        actor: 'fulfilment-saga',
        summary: 'Fulfilment completed: delivered',
      },
    ]);
    const reserved = events.find((e) => e.event.type === 'StockReserved');
    expect(timeline?.entries[1]).toEqual({
      eventId: reserved?.id,
      stream: 'inventory-SKU-1',
      revision: 1,
      type: 'StockReserved',
      actor: 'fulfilment-saga',
      causationId: `cause-of-${reserved?.id ?? ''}`,
      occurredAt: at(0, 2),
      recordedAt: at(0, 2),
      position: reserved?.position?.commit,
      summary: 'Stock reserved: 2 × SKU-1',
    });
  });

  it('says why an order was rejected or cancelled', () => {
    const summaries = (outcome: Outcome) =>
      project(orderTimelines, record(orderHistory({ orderId: 'o', outcome })))
        .get('o')
        ?.entries.map((e) => e.summary);
    expect(summaries('out_of_stock')).toContain(
      'Stock not available: 1 × SKU-2 requested, 0 available',
    );
    expect(summaries('out_of_stock')).toContain('Order rejected: out of stock (SKU-2)');
    expect(summaries('declined')).toContain('Payment declined: card declined');
    expect(summaries('cancelled_after_confirm')).toEqual(
      expect.arrayContaining([
        'Order cancelled by cust-1: changed my mind',
        'Refunded EUR 52.48',
        'Fulfilment completed: cancelled',
      ]),
    );
  });

  it('a restock concerns no order, and events of an order never placed make no timeline', () => {
    const [, ...rest] = orderHistory({ orderId: 'ord-1', outcome: 'delivered' });
    expect(project(orderTimelines, record([restock('SKU-1', 5), ...rest])).size).toBe(0);
  });
});

describe('order_timelines: delivered twice, interleaved', () => {
  it('every event delivered twice: each entry once', () => {
    const events = record(orderHistory({ orderId: 'ord-1', outcome: 'cancelled_after_confirm' }));
    expect(project(orderTimelines, deliveredTwice(events))).toEqual(
      project(orderTimelines, events),
    );
  });

  it('thirty orders interleaved: each timeline lists its own events, in order', () => {
    const specs = Array.from({ length: 30 }, (_, n) => ({
      orderId: `ord-${n}`,
      outcome: (['delivered', 'declined', 'out_of_stock'] as const)[n % 3] ?? 'delivered',
    }));
    const timelines = project(orderTimelines, record(interleave(specs.map(orderHistory), 7)));
    for (const spec of specs) {
      const alone = project(orderTimelines, record(orderHistory(spec))).get(spec.orderId);
      const entries = timelines.get(spec.orderId)?.entries ?? [];
      expect(entries.map(brief), spec.orderId).toEqual(alone?.entries.map(brief));
      const positions = entries.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});
