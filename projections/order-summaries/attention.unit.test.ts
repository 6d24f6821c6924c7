import { describe, expect, it } from 'vitest';
import { at, orderHistory } from '../testing/orders.ts';
import { deliveredTwice, record } from '../testing/recorded.ts';
import { project } from '../testing/spec.ts';
import { orderSummaries } from './index.ts';

// "Needs attention": an open order that ends badly unless an operator steps in — a declined
// payment waiting for a retry, or a shipment the carrier refused.

const upTo = (type: string, outcome: 'declined' | 'delivered') => {
  const history = orderHistory({ orderId: 'ord-1', outcome });
  const cut = history.findIndex((written) => written.event.type === type);
  return history.slice(0, cut + 1);
};
const refused = {
  stream: 'fulfilment-ord-1',
  event: { type: 'ShipmentFailed', data: { attempt: 1, reason: 'address_unreachable' } },
  actor: 'fulfilment-saga',
  at: at(1, 30),
};

describe('order_summaries: needs attention', () => {
  it('given a declined payment on a placed order, then it needs attention since the decline', () => {
    const doc = project(orderSummaries, record(upTo('PaymentDeclined', 'declined'))).get('ord-1');
    expect(doc).toMatchObject({
      needsAttention: true,
      attention: { kind: 'payment_declined', since: at(0, 4) },
    });
  });

  it('given the rejection that follows, then it no longer does', () => {
    const doc = project(
      orderSummaries,
      record(orderHistory({ orderId: 'ord-1', outcome: 'declined' })),
    );
    expect(doc.get('ord-1')).toMatchObject({ status: 'rejected', needsAttention: false });
    expect(doc.get('ord-1')?.attention).toBeUndefined();
  });

  it('given a refused shipment of a confirmed order, then it needs attention until it ships; each event delivered twice changes nothing', () => {
    const confirmed = upTo('PaymentCaptured', 'delivered');
    const waiting = record([...confirmed, refused]);
    expect(project(orderSummaries, deliveredTwice(waiting)).get('ord-1')).toMatchObject({
      needsAttention: true,
      attention: { kind: 'shipping_refused', since: at(1, 30) },
    });
    const rest = orderHistory({ orderId: 'ord-1', outcome: 'delivered' }).slice(confirmed.length);
    const shipped = project(
      orderSummaries,
      deliveredTwice(record([...confirmed, refused, ...rest])),
    );
    expect(shipped.get('ord-1')).toMatchObject({ status: 'delivered', needsAttention: false });
  });
});
