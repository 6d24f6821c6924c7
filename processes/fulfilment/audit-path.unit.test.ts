import { describe, expect, it } from 'vitest';
import {
  authorized,
  cancelled,
  captured,
  commandOf,
  confirmed,
  declined,
  history,
  placed,
  refunded,
  released,
  reserved,
  retry,
  shipmentFailed,
  stateAfter,
  total,
} from './fixtures.ts';

// The path the read side audits end to end: declined, retried by an operator, authorized and
// confirmed (captured), then cancelled by its customer: refunded and stock released.
describe('declined, retried, captured, then cancelled', () => {
  const cancel = cancelled();
  const refundId = commandOf(cancel, 'RefundPayment');
  const inputs = [
    placed,
    reserved('SKU-1'),
    reserved('SKU-2'),
    declined(),
    retry('payment'),
    authorized,
    confirmed,
    captured,
    cancel,
    released('SKU-1'),
    released('SKU-2'),
    refunded(refundId),
  ];

  it('reads, in the saga’s stream, as what it saw and what it decided', () => {
    expect(history(...inputs).map((event) => event.type)).toEqual([
      'FulfilmentStarted',
      'StockReservationRequested',
      'StockReservationRequested',
      'TimerScheduled',
      'StockReservationConfirmed',
      'StockReservationConfirmed',
      'PaymentAuthorizationRequested',
      'PaymentAuthorizationDeclined',
      'TimerScheduled',
      'RetryRequested',
      'InputHandled',
      'TimerCancelled',
      'PaymentAuthorizationRequested',
      'PaymentAuthorizationConfirmed',
      'OrderConfirmationRequested',
      'TimerCancelled',
      'OrderStatusObserved',
      'PaymentCaptureRequested',
      'PaymentCaptureConfirmed',
      'ShipmentRequested',
      'OrderStatusObserved',
      'StockReleaseRequested',
      'StockReleaseRequested',
      'RefundRequested',
      'StockReleaseConfirmed',
      'StockReleaseConfirmed',
      'PaymentRefundConfirmed',
      'FulfilmentCompleted',
    ]);
  });

  it('asks the provider twice, as two attempts, and refunds the whole capture once', () => {
    const events = history(...inputs);
    const attempts = events.flatMap((event) =>
      event.type === 'PaymentAuthorizationRequested' ? [event.data.attempt] : [],
    );
    expect(attempts).toEqual([1, 2]);
    const refunds = events.flatMap((event) =>
      event.type === 'RefundRequested' ? [event.data] : [],
    );
    expect(refunds).toEqual([{ refundId, amount: total, commandId: refundId }]);
    expect(stateAfter(events)).toMatchObject({ stage: 'completed', outcome: 'cancelled' });
  });

  it('a carrier answer that arrives after the cancel leads to nothing', () => {
    const events = history(...inputs.slice(0, 9), shipmentFailed(1));
    expect(events.at(-1)).toEqual({
      type: 'InputHandled',
      data: { inputId: shipmentFailed(1).id, request: 'ShipmentFailed', outcome: 'nothing_to_do' },
    });
  });
});
