import { describe, expect, it } from 'vitest';
import type { SagaInput } from './commands.ts';
import type { SagaEvent } from './events.ts';
import {
  authorized,
  cancelled,
  captured,
  commandOf,
  confirmed,
  history,
  observe,
  placed,
  refunded,
  released,
  reserved,
  saga,
  shipped,
  stateAfter,
  total,
  voided,
} from './fixtures.ts';

const cancel = cancelled();
const seen = (reason = 'changed my mind'): SagaEvent => ({
  type: 'OrderStatusObserved',
  data: { status: 'cancelled', reason, shipment: null, inputId: cancel.id },
});
const release = (sku: string, cause: SagaInput = cancel): SagaEvent => ({
  type: 'StockReleaseRequested',
  data: { sku, commandId: commandOf(cause, 'ReleaseStock', sku) },
});
const timerCancelled = (timerId: string): SagaEvent => ({
  type: 'TimerCancelled',
  data: { timerId },
});

describe('a customer’s cancel', () => {
  it('before the saga saw the order: the saga starts closed and completes at once', () => {
    const events = history(cancel, placed);
    expect(events.map((event) => event.type)).toEqual([
      'OrderStatusObserved',
      'FulfilmentStarted',
      'FulfilmentCompleted',
    ]);
    expect(stateAfter(events)).toMatchObject({ stage: 'completed', outcome: 'cancelled' });
  });

  it('while reservations are pending: releases what is reserved, and later what arrives', () => {
    saga
      .given(history(placed, reserved('SKU-1')))
      .when(observe(cancel, 2))
      .thenEmits([seen(), release('SKU-1'), timerCancelled('reservation-timeout')]);
    const late = reserved('SKU-2');
    saga
      .given(history(placed, reserved('SKU-1'), cancel))
      .when(observe(late, 3))
      .thenEmits([
        {
          type: 'StockReservationConfirmed',
          data: { sku: 'SKU-2', quantity: 1, inputId: late.id },
        },
        release('SKU-2', late),
      ]);
  });

  it('while payment is pending: releases the stock and voids an authorization that comes late', () => {
    const pending = [placed, reserved('SKU-1'), reserved('SKU-2')];
    saga
      .given(history(...pending))
      .when(observe(cancel, 3))
      .thenEmits([
        seen(),
        release('SKU-1'),
        release('SKU-2'),
        timerCancelled('reservation-timeout'),
      ]);
    saga
      .given(history(...pending, cancel))
      .when(observe(authorized, 4))
      .thenEmits([
        {
          type: 'PaymentAuthorizationConfirmed',
          data: { authorizationId: 'auth-1', amount: total, inputId: authorized.id },
        },
        { type: 'VoidRequested', data: { commandId: commandOf(authorized, 'VoidAuthorization') } },
      ]);
  });

  it('once authorized (confirmation in flight): voids and releases, and never captures', () => {
    const before = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized];
    saga
      .given(history(...before))
      .when(observe(cancel, 4))
      .thenEmits([
        seen(),
        release('SKU-1'),
        release('SKU-2'),
        { type: 'VoidRequested', data: { commandId: commandOf(cancel, 'VoidAuthorization') } },
      ]);
    const after = history(...before, cancel, released('SKU-1'), released('SKU-2'), voided);
    expect(after.map((event) => event.type)).not.toContain('PaymentCaptureRequested');
    expect(stateAfter(after)).toMatchObject({ stage: 'completed', outcome: 'cancelled' });
  });

  it('once confirmed, with the capture in flight: voids, and refunds if the capture won', () => {
    const before = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized, confirmed];
    saga
      .given(history(...before))
      .when(observe(cancel, 5))
      .thenEmits([
        seen(),
        release('SKU-1'),
        release('SKU-2'),
        { type: 'VoidRequested', data: { commandId: commandOf(cancel, 'VoidAuthorization') } },
      ]);
    saga
      .given(history(...before, cancel))
      .when(observe(captured, 6))
      .thenEmits([
        { type: 'PaymentCaptureConfirmed', data: { amount: total, inputId: captured.id } },
        {
          type: 'RefundRequested',
          data: {
            refundId: commandOf(captured, 'RefundPayment'),
            amount: total,
            commandId: commandOf(captured, 'RefundPayment'),
          },
        },
      ]);
  });

  it('once captured (shipment in flight): refunds and releases, then completes', () => {
    const before = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized, confirmed, captured];
    const refundId = commandOf(cancel, 'RefundPayment');
    saga
      .given(history(...before))
      .when(observe(cancel, 6))
      .thenEmits([
        seen(),
        release('SKU-1'),
        release('SKU-2'),
        { type: 'RefundRequested', data: { refundId, amount: total, commandId: refundId } },
      ]);
    const after = history(
      ...before,
      cancel,
      released('SKU-1'),
      released('SKU-2'),
      refunded(refundId),
    );
    expect(stateAfter(after)).toMatchObject({ stage: 'completed', outcome: 'cancelled' });
  });

  it('once shipped: the order refuses it, so the saga sees no cancel and commits the stock', () => {
    // OrderAlreadyShipped is the order's answer (domain/order); no OrderCancelled is written.
    const events = history(
      placed,
      reserved('SKU-1'),
      reserved('SKU-2'),
      authorized,
      confirmed,
      captured,
      shipped,
    );
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'StockCommitRequested')).toHaveLength(2);
    expect(types).not.toContain('StockReleaseRequested');
    expect(types).not.toContain('RefundRequested');
  });

  it('by an operator reads the same, with the operator’s reason', () => {
    const byOperator = cancelled('op-1', 'fraud suspected');
    const events = history(placed, reserved('SKU-1'), byOperator);
    expect(events).toContainEqual({
      type: 'OrderStatusObserved',
      data: {
        status: 'cancelled',
        reason: 'fraud suspected',
        shipment: null,
        inputId: byOperator.id,
      },
    });
  });
});
