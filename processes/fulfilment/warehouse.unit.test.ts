import { describe, expect, it } from 'vitest';
import { stageOf } from './queries.ts';
import { timersOf } from './timers.ts';
import {
  authorized,
  cancelled,
  clock,
  confirmed,
  minutes,
  placed,
  policy,
  reserved,
  sends,
  stateAfter,
  workflow,
} from './testing/fixtures.ts';

// The warehouse picks and packs between confirmation and the hand-over to the carrier. The payment
// is captured at the hand-over: a customer who cancels while the parcel is being packed has the
// authorization voided and the stock released, and is never charged.

const picking = { warehouseMs: minutes(10) };
const paid = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized] as const;

describe('the warehouse step', () => {
  it('given a confirmed order, when picking takes ten minutes, then nothing is captured or shipped yet', () => {
    workflow(picking)
      .given(...paid)
      .when(confirmed)
      .thenSends([]);
  });

  it('given a confirmed order being packed, then a hand-over timer is due ten minutes after the confirmation and the stage says picking', () => {
    const state = stateAfter([...paid, confirmed]);
    if (state.stage !== 'running') throw new Error('expected a running fulfilment');
    expect(stageOf(state)).toBe('picking');
    expect(timersOf(state, { ...policy, ...picking })).toEqual([
      {
        purpose: 'warehouse_handover',
        dueAt: Date.parse(confirmed.at) + minutes(10),
        cause: { id: confirmed.id, at: confirmed.at },
      },
    ]);
  });

  it('given a confirmed order being packed, when the clock passes the hand-over, then the payment is captured (and the capture ships it)', () => {
    workflow(picking)
      .given(...paid, confirmed)
      .when(clock(3 + 10))
      .thenSends([sends('CapturePayment', confirmed, {})]);
    workflow(picking)
      .given(...paid, confirmed)
      .when(clock(3 + 9))
      .thenSends([]);
  });

  it('given no picking time, when the order is confirmed, then the capture follows at once as before', () => {
    workflow()
      .given(...paid)
      .when(confirmed)
      .thenSends([sends('CapturePayment', confirmed, {})]);
  });

  it('given an order being packed, when the customer cancels, then its stock is released and the authorization voided, never captured', () => {
    const cancel = cancelled(5);
    workflow(picking)
      .given(...paid, confirmed)
      .when(cancel)
      .thenSends([
        sends('ReleaseStock', cancel, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', cancel, { sku: 'SKU-2' }, 'SKU-2', 0),
        sends('VoidAuthorization', cancel, {}),
      ]);
  });

  it('given a cancelled order, when the old hand-over time passes, then the timer is gone and nothing is captured', () => {
    const state = stateAfter([...paid, confirmed, cancelled(5)]);
    if (state.stage !== 'running') throw new Error('expected a running fulfilment');
    expect(timersOf(state, { ...policy, ...picking })).toEqual([]);
  });
});
