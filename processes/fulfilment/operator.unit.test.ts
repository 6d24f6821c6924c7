import { describe, expect, it } from 'vitest';
import { whyNotCompensate, whyNotRetry } from './rules.ts';
import type { Fulfilment, Started } from './state.ts';
import {
  authorized,
  cancelled,
  captured,
  compensation,
  confirmed,
  customer,
  declined,
  eur,
  placed,
  refunded,
  released,
  reserved,
  retry,
  sends,
  shipmentFailed,
  shipped,
  stateAfter,
  total,
  workflow,
} from './testing/fixtures.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { FulfilmentInput } from './inputs.ts';

const started = (...inputs: FulfilmentInput[]): Started => {
  const state: Fulfilment = stateAfter(inputs);
  if (state.stage === 'unstarted') throw new Error('the order was not placed');
  return state;
};
const reservedAll = [placed, reserved('SKU-1'), reserved('SKU-2')];

describe('retry payment', () => {
  it('is allowed after a decline, or while the first attempt is unanswered', () => {
    expect(whyNotRetry(started(...reservedAll, declined()), 'payment')).toBeUndefined();
    expect(whyNotRetry(started(...reservedAll), 'payment')).toBeUndefined();
  });

  it('asks again under the same attempt when the first was never answered', () => {
    const again = retry('payment', 5);
    workflow()
      .given(...reservedAll)
      .when(again)
      .thenSends([
        sends('AuthorizePayment', again, { amount: total, attempt: 1, payer: customer.id }, 1),
      ]);
  });

  it('is refused once the payment is authorized, or the order closed', () => {
    expect(whyNotRetry(started(...reservedAll, authorized), 'payment')).toBe(
      'the payment is authorized',
    );
    expect(whyNotRetry(started(...reservedAll, cancelled()), 'payment')).toBe(
      'the order is cancelled',
    );
  });

  it('does nothing when the payment was authorized between the request and its handling', () => {
    workflow()
      .given(...reservedAll, declined(), authorized)
      .when(retry('payment', 20))
      .thenSends([sends('ConfirmOrder', authorized, {})]);
  });
});

describe('retry inventory', () => {
  it('re-asks a line an operator released from an open order, under a new command id', () => {
    const release = compensation('releaseStock', 5);
    const again = retry('inventory', 8);
    workflow()
      .given(...reservedAll, release, released('SKU-1', 6), released('SKU-2', 6))
      .when(again)
      .thenSends([
        sends('ReserveStock', again, { sku: 'SKU-1', quantity: 2 }, 'SKU-1', 1),
        sends('ReserveStock', again, { sku: 'SKU-2', quantity: 1 }, 'SKU-2', 1),
      ]);
  });

  it('is refused when every line is reserved, and once the order is closed', () => {
    expect(whyNotRetry(started(...reservedAll), 'inventory')).toBe('every line is reserved');
    expect(whyNotRetry(started(placed, cancelled()), 'inventory')).toBe('the order is cancelled');
  });
});

describe('retry shipping', () => {
  const paid = [...reservedAll, authorized, confirmed, captured];
  it('is allowed after a failed attempt while the order is confirmed, as the next attempt', () => {
    const again = retry('shipping', 5);
    expect(whyNotRetry(started(...paid, shipmentFailed(1)), 'shipping')).toBeUndefined();
    workflow()
      .given(...paid, shipmentFailed(1))
      .when(again)
      .thenSends([sends('Ship', again, { attempt: 2 }, 2)]);
  });

  it('is refused before payment is captured and once shipped', () => {
    expect(whyNotRetry(started(...reservedAll, authorized, confirmed), 'shipping')).toBe(
      'the payment is not captured',
    );
    expect(whyNotRetry(started(...paid, shipped), 'shipping')).toBe('the order is shipped');
  });
});

describe('compensation', () => {
  it('releases the stock the order holds, unless it shipped', () => {
    const release = compensation('releaseStock', 5);
    const last = reserved('SKU-2');
    workflow()
      .given(...reservedAll)
      .when(release)
      .thenSends([
        // The payment asked for is still unanswered: asked again under its id, which is a no-op.
        sends('AuthorizePayment', last, { amount: total, attempt: 1, payer: customer.id }, 1),
        sends('ReleaseStock', release, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', release, { sku: 'SKU-2' }, 'SKU-2', 0),
      ]);
    const paid = [...reservedAll, authorized, confirmed, captured, shipped];
    expect(whyNotCompensate(started(...paid), 'releaseStock')).toBe('the order is shipped');
  });

  it('refunds what is left of a captured payment, then nothing more', () => {
    const refund = compensation('refundPayment');
    const paid = [...reservedAll, authorized, confirmed, captured];
    workflow()
      .given(...paid, refunded('r-0', 1000))
      .when(refund)
      .thenSends([
        // The shipment, still unanswered, is asked for under its own id (a no-op at the carrier).
        sends('Ship', captured, { attempt: 1 }, 1),
        sends(
          'RefundPayment',
          refund,
          {
            refundId: deterministicId(refund.id, 'RefundPayment', 1000),
            amount: eur(total.amount - 1000),
          },
          1000,
        ),
      ]);
    expect(whyNotCompensate(started(...paid, refunded('r-0')), 'refundPayment')).toBe(
      'the payment is fully refunded',
    );
    expect(whyNotCompensate(started(...reservedAll, authorized), 'refundPayment')).toBe(
      'the payment is authorized',
    );
  });
});
