import { describe, expect, it } from 'vitest';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import {
  authorized,
  cancelled,
  captured,
  clock,
  completed,
  confirmed,
  customer,
  declined,
  eur,
  outOfStock,
  placed,
  refunded,
  rejected,
  released,
  reserved,
  retry,
  sends,
  shipmentFailed,
  shipped,
  stateAfter,
  total,
  voided,
  workflow,
} from './testing/fixtures.ts';

const reservedAll = [placed, reserved('SKU-1'), reserved('SKU-2')];
/** The refund's id at the provider is its command id: refunded once however often sent. */
const refundOf = (cause: { id: string }, amount: number, refundedBefore = 0) =>
  sends(
    'RefundPayment',
    cause,
    { refundId: deterministicId(cause.id, 'RefundPayment', refundedBefore), amount: eur(amount) },
    refundedBefore,
  );

describe('a line out of stock', () => {
  it('rejects the order, naming the sku, and never asks for payment', () => {
    const failed = outOfStock('SKU-2', 0);
    workflow()
      .given(placed, reserved('SKU-1'))
      .when(failed)
      .thenSends([
        sends('RejectOrder', failed, {
          reason: 'out_of_stock',
          detail: 'SKU-2: 1 requested, 0 available',
        }),
      ]);
  });

  it('releases the lines reserved once the order is rejected, then completes', () => {
    const closed = rejected('out_of_stock', 'SKU-2: 1 requested, 0 available');
    const given = [placed, reserved('SKU-1'), outOfStock('SKU-2')];
    workflow()
      .given(...given)
      .when(closed)
      .thenSends([sends('ReleaseStock', closed, { sku: 'SKU-1' }, 'SKU-1', 0)]);
    workflow()
      .given(...given, closed)
      .when(released('SKU-1'))
      .thenSends([sends('CompleteFulfilment', closed, { outcome: 'rejected' })]);
  });
});

describe('a customer’s cancel', () => {
  it('while a reservation is unanswered: asks it again under its own id, releases what is held', () => {
    const cancel = cancelled(2);
    workflow()
      .given(placed, reserved('SKU-1'))
      .when(cancel)
      .thenSends([
        sends('ReserveStock', placed, { sku: 'SKU-2', quantity: 1 }, 'SKU-2', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
      ]);
  });

  it('while the payment is unanswered: waits for its answer, and voids it', () => {
    const cancel = cancelled(3);
    const last = reserved('SKU-2');
    const asked = sends(
      'AuthorizePayment',
      last,
      { amount: total, attempt: 1, payer: customer.id },
      1,
    );
    workflow()
      .given(...reservedAll)
      .when(cancel)
      .thenSends([
        asked,
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
      ]);
    const releasedAll = [...reservedAll, cancel, released('SKU-1'), released('SKU-2')];
    workflow()
      .given(...releasedAll.slice(0, -1))
      .when(released('SKU-2'))
      .thenSends([asked]);
    workflow()
      .given(...releasedAll)
      .when(authorized)
      .thenSends([sends('VoidAuthorization', cancel, {})]);
    workflow()
      .given(...releasedAll, authorized)
      .when(voided)
      .thenSends([sends('CompleteFulfilment', cancel, { outcome: 'cancelled' })]);
  });

  it('once authorized: voids and releases, and never captures', () => {
    const cancel = cancelled();
    workflow()
      .given(...reservedAll, authorized)
      .when(cancel)
      .thenSends([
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
        sends('VoidAuthorization', cancel, {}),
      ]);
  });

  it('once captured: refunds the capture and releases, then completes', () => {
    const cancel = cancelled();
    const given = [...reservedAll, authorized, confirmed, captured];
    workflow()
      .given(...given)
      .when(cancel)
      .thenSends([
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
        refundOf(cancel, total.amount),
      ]);
    workflow()
      .given(...given, cancel, released('SKU-1'), released('SKU-2'))
      .when(refunded('r-1'))
      .thenSends([sends('CompleteFulfilment', cancel, { outcome: 'cancelled' })]);
  });

  it('while another process captures: the capture that beat the void is refunded, then completes', () => {
    // Competing consumers: one decides the capture on OrderConfirmed, the other the void on the
    // cancel; the payment takes whichever comes first, and the workflow follows what it took.
    const cancel = cancelled();
    const given = [...reservedAll, authorized, confirmed];
    workflow()
      .given(...given)
      .when(cancel)
      .thenSends([
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
        sends('VoidAuthorization', cancel, {}),
      ]);
    const settledStock = [cancel, released('SKU-1'), released('SKU-2')];
    workflow()
      .given(...given, ...settledStock)
      .when(captured)
      .thenSends([refundOf(cancel, total.amount)]);
    workflow()
      .given(...given, ...settledStock, captured)
      .when(refunded('r-1'))
      .thenSends([sends('CompleteFulfilment', cancel, { outcome: 'cancelled' })]);
  });

  it('is not seen once shipped (the order refuses it): the stock is committed', () => {
    workflow()
      .given(...reservedAll, authorized, confirmed, captured)
      .when(shipped)
      .thenSends([
        sends('CommitStock', shipped, { sku: 'SKU-1' }, 'SKU-1'),
        sends('CommitStock', shipped, { sku: 'SKU-2' }, 'SKU-2'),
      ]);
  });
});

describe('a declined payment', () => {
  it('keeps the reservation for a grace period, then rejects the order', () => {
    const decline = declined();
    workflow()
      .given(...reservedAll)
      .when(decline)
      .thenNothing();
    workflow()
      .given(...reservedAll, decline)
      .when(clock(2, 59_999))
      .thenNothing();
    workflow()
      .given(...reservedAll, decline)
      .when(clock(3))
      .thenSends([
        sends('RejectOrder', decline, { reason: 'payment_declined', detail: 'card_declined' }),
      ]);
  });

  it('rejects at once when there is no grace period', () => {
    const decline = declined();
    workflow({ paymentDeclineGraceMs: 0 })
      .given(...reservedAll)
      .when(decline)
      .thenSends([
        sends('RejectOrder', decline, { reason: 'payment_declined', detail: 'card_declined' }),
      ]);
  });

  it('is tried again as the next attempt when an operator asks, which stops the grace clock', () => {
    const again = retry('payment', 2);
    workflow()
      .given(...reservedAll, declined())
      .when(again)
      .thenSends([
        sends('AuthorizePayment', again, { amount: total, attempt: 2, payer: customer.id }, 2),
      ]);
    workflow()
      .given(...reservedAll, declined(), again)
      .when(clock(5))
      .thenSends([
        sends('AuthorizePayment', again, { amount: total, attempt: 2, payer: customer.id }, 2),
      ]);
  });
});

describe('the reservation timeout', () => {
  it('rejects the order when no payment was authorized in time, counted from the last reservation', () => {
    const last = reserved('SKU-2', 3);
    const given = [placed, reserved('SKU-1', 1), last];
    workflow()
      .given(...given)
      .when(clock(12, 59_999))
      .thenSends([
        sends('AuthorizePayment', last, { amount: total, attempt: 1, payer: customer.id }, 1),
      ]);
    workflow()
      .given(...given)
      .when(clock(13))
      .thenSends([
        sends('AuthorizePayment', last, { amount: total, attempt: 1, payer: customer.id }, 1),
        sends('RejectOrder', last, {
          reason: 'payment_timeout',
          detail: 'no authorized payment within 600000 ms',
        }),
      ]);
  });

  it('does not run once the payment is authorized', () => {
    workflow()
      .given(...reservedAll, authorized)
      .when(clock(60))
      .thenSends([sends('ConfirmOrder', authorized, {})]);
  });

  it('voids an authorization that arrives after the order was rejected for it', () => {
    const closed = rejected('payment_timeout', 'late', 11);
    workflow()
      .given(...reservedAll, closed, released('SKU-1', 12), released('SKU-2', 12))
      .when(authorized)
      .thenSends([sends('VoidAuthorization', closed, {})]);
    workflow()
      .given(...reservedAll, closed, released('SKU-1', 12), released('SKU-2', 12), authorized)
      .when(voided)
      .thenSends([sends('CompleteFulfilment', closed, { outcome: 'rejected' })]);
  });
});

describe('a carrier refusal', () => {
  const paid = [...reservedAll, authorized, confirmed, captured];

  it('is retried after a backoff that doubles', () => {
    const first = shipmentFailed(1, 4);
    workflow()
      .given(...paid)
      .when(first)
      .thenNothing();
    workflow()
      .given(...paid, first)
      .when(clock(4, 59_999))
      .thenNothing();
    workflow()
      .given(...paid, first)
      .when(clock(5))
      .thenSends([sends('Ship', first, { attempt: 2 }, 2)]);
    const second = shipmentFailed(2, 5);
    workflow()
      .given(...paid, first, second)
      .when(clock(6, 59_999))
      .thenNothing();
    workflow()
      .given(...paid, first, second)
      .when(clock(7))
      .thenSends([sends('Ship', second, { attempt: 3 }, 3)]);
  });

  it('cancels the order after the last attempt; an operator may still ask for another', () => {
    const failures = [shipmentFailed(1, 4), shipmentFailed(2, 5), shipmentFailed(3, 7)];
    const last = failures[2] ?? shipmentFailed(3, 7);
    workflow()
      .given(...paid, ...failures.slice(0, 2))
      .when(last)
      .thenSends([
        sends('CancelOrder', last, {
          reason: 'shipping failed after 3 attempts: address_unreachable',
        }),
      ]);
    const again = retry('shipping', 8);
    workflow()
      .given(...paid, ...failures)
      .when(again)
      .thenSends([sends('Ship', again, { attempt: 4 }, 4)]);
  });

  it('after the cancel refunds and releases like any cancellation', () => {
    const cancel = cancelled(8);
    workflow()
      .given(...paid, shipmentFailed(1, 4), shipmentFailed(2, 5), shipmentFailed(3, 7))
      .when(cancel)
      .thenSends([
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
        refundOf(cancel, total.amount),
      ]);
  });
});

describe('a completed fulfilment', () => {
  it('decides nothing more, whatever arrives', () => {
    const state = stateAfter([placed, outOfStock('SKU-1'), completed('rejected')]);
    expect(state.stage).toBe('completed');
    workflow()
      .given(placed, outOfStock('SKU-1'), completed('rejected'))
      .when(clock(600))
      .thenNothing();
  });
});
