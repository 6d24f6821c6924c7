import { describe, it } from 'vitest';
import {
  authorized,
  cancelled,
  captured,
  clock,
  confirmed,
  placed,
  reserved,
  sends,
  shipmentFailed,
  total,
  workflow,
} from './testing/fixtures.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';

// The customer was erased between payment and hand-over: the ship-to no longer opens, so no
// carrier can be given an address. No later attempt can change that.
const paid = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized, confirmed, captured];
const erased = shipmentFailed(1, 4, 'address_erased');

describe('a shipment refused because the address was erased', () => {
  it('given a paid order, when the first attempt is refused as address_erased, then the order is cancelled at once', () => {
    workflow()
      .given(...paid)
      .when(erased)
      .thenSends([
        sends('CancelOrder', erased, {
          reason: 'shipping failed after 1 attempts: address_erased',
        }),
      ]);
  });

  it('is not retried later, as other refusals are: a later tick asks for the same cancel, never a Ship', () => {
    workflow()
      .given(...paid, erased)
      .when(clock(60))
      .thenSends([
        sends('CancelOrder', erased, {
          reason: 'shipping failed after 1 attempts: address_erased',
        }),
      ]);
  });

  it('then releases the stock and refunds, like any cancellation', () => {
    const cancel = cancelled(5);
    workflow()
      .given(...paid, erased)
      .when(cancel)
      .thenSends([
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
        sends(
          'RefundPayment',
          cancel,
          { refundId: deterministicId(cancel.id, 'RefundPayment', 0), amount: total },
          0,
        ),
      ]);
  });
});
