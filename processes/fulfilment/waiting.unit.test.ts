import { describe, expect, it } from 'vitest';
import {
  authorized,
  captured,
  cancelled,
  confirmed,
  declined,
  minutes,
  placed,
  policy,
  reserved,
  shipmentFailed,
  shipped,
  stateAfter,
} from './testing/fixtures.ts';
import type { FulfilmentInput } from './inputs.ts';
import { allowedRequests, waitingOf } from './waiting.ts';

const plus = (input: FulfilmentInput, ms: number) =>
  new Date(Date.parse(input.at) + ms).toISOString();
const reservedAll = [placed, reserved('SKU-1'), reserved('SKU-2')] as const;
const withPicking = { ...policy, warehouseMs: minutes(10) };

describe('what an order waits for, and until when', () => {
  it('given lines not yet reserved, then it waits for stock, with no deadline', () => {
    expect(waitingOf(stateAfter([placed, reserved('SKU-1')]), policy)).toEqual({
      for: 'stock',
      until: null,
      then: null,
      needsAttention: false,
    });
  });

  it('given every line reserved, then it waits for the payment until the reservation times out', () => {
    const last = reserved('SKU-2');
    expect(waitingOf(stateAfter([placed, reserved('SKU-1'), last]), policy)).toMatchObject({
      for: 'payment',
      until: plus(last, policy.reservationTimeoutMs),
      needsAttention: false,
    });
  });

  it('given a declined payment, then it waits for a retry until the grace ends, and needs attention', () => {
    const decline = declined();
    expect(waitingOf(stateAfter([...reservedAll, decline]), policy)).toEqual({
      for: 'payment_retry',
      until: plus(decline, policy.paymentDeclineGraceMs),
      then: 'rejected: payment declined',
      needsAttention: true,
    });
  });

  it('given a confirmed order, then it waits for picking and packing until the hand-over', () => {
    expect(
      waitingOf(stateAfter([...reservedAll, authorized, confirmed]), withPicking),
    ).toMatchObject({ for: 'picking', until: plus(confirmed, minutes(10)) });
  });

  it('given a refused shipment, then it waits for the retry, and needs attention', () => {
    const failure = shipmentFailed(1);
    expect(
      waitingOf(stateAfter([...reservedAll, authorized, confirmed, captured, failure]), policy),
    ).toMatchObject({
      for: 'shipping_retry',
      until: plus(failure, policy.shippingRetryBaseMs),
      needsAttention: true,
    });
  });

  it('given a shipped order, then it waits for delivery; a cancelled one for its compensation', () => {
    const shippedOrder = [...reservedAll, authorized, confirmed, captured, shipped];
    expect(waitingOf(stateAfter(shippedOrder), policy)).toMatchObject({ for: 'delivery' });
    expect(waitingOf(stateAfter([...reservedAll, cancelled()]), policy)).toMatchObject({
      for: 'compensation',
    });
  });
});

describe('what an operator is offered', () => {
  it('given a declined payment, then only the payment may be retried', () => {
    expect(allowedRequests(stateAfter([...reservedAll, declined()]))).toEqual({
      retry: ['payment'],
      compensate: ['releaseStock'],
      review: false,
    });
  });

  it('given a captured, confirmed order, then shipping may be retried and the payment refunded', () => {
    expect(allowedRequests(stateAfter([...reservedAll, authorized, confirmed, captured]))).toEqual({
      retry: ['shipping'],
      compensate: ['releaseStock', 'refundPayment'],
      review: false,
    });
  });

  it('given no fulfilment, then nothing is offered', () => {
    expect(allowedRequests(stateAfter([]))).toEqual({
      retry: [],
      compensate: [],
      review: false,
    });
  });
});
