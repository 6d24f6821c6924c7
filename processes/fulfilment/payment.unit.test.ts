import { describe, expect, it } from 'vitest';
import {
  at,
  authorized,
  commandOf,
  declined,
  history,
  observe,
  placed,
  rejected,
  released,
  reserved,
  saga,
  sagaWith,
  stateAfter,
  timerFired,
  voided,
} from './fixtures.ts';
import type { SagaEvent } from './events.ts';

const reservedAll = [placed, reserved('SKU-1'), reserved('SKU-2')] as const;
const fire = (timerId: string): SagaEvent => ({ type: 'TimerFired', data: { timerId } });

describe('a declined payment', () => {
  it('keeps the reservation and gives an operator a grace period to retry', () => {
    const decline = declined();
    saga
      .given(history(...reservedAll))
      .when(observe(decline, 3))
      .thenEmits([
        {
          type: 'PaymentAuthorizationDeclined',
          data: { reason: 'card_declined', inputId: decline.id },
        },
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'decline-grace-1',
            purpose: 'payment_decline_grace',
            attempt: 1,
            fireAt: at(4),
          },
        },
      ]);
  });

  it('rejects the order at once when there is no grace period', () => {
    const decline = declined();
    sagaWith({ paymentDeclineGraceMs: 0 })
      .given(history(...reservedAll))
      .when(observe(decline, 3))
      .thenEmits([
        {
          type: 'PaymentAuthorizationDeclined',
          data: { reason: 'card_declined', inputId: decline.id },
        },
        {
          type: 'OrderRejectionRequested',
          data: {
            reason: 'payment_declined',
            detail: 'card_declined',
            commandId: commandOf(decline, 'RejectOrder'),
          },
        },
      ]);
  });

  it('rejects the order when the grace period ends with the payment still declined', () => {
    const fired = timerFired('decline-grace-1');
    saga
      .given([...history(...reservedAll, declined()), fire('decline-grace-1')])
      .when(observe(fired, 5))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: fired.id, request: 'TimerFired', outcome: 'acted' },
        },
        {
          type: 'OrderRejectionRequested',
          data: {
            reason: 'payment_declined',
            detail: 'card_declined',
            commandId: commandOf(fired, 'RejectOrder'),
          },
        },
      ]);
  });

  it('releases the stock once the order is rejected, and completes', () => {
    const closed = rejected('payment_declined', 'card_declined');
    const events = history(
      ...reservedAll,
      declined(),
      closed,
      released('SKU-1'),
      released('SKU-2'),
    );
    expect(events.filter((event) => event.type === 'StockReleaseRequested')).toHaveLength(2);
    expect(stateAfter(events)).toMatchObject({ stage: 'completed', outcome: 'rejected' });
  });
});

describe('the reservation timeout', () => {
  it('rejects the order when no payment was authorized in time', () => {
    const fired = timerFired('reservation-timeout');
    saga
      .given([...history(...reservedAll), fire('reservation-timeout')])
      .when(observe(fired, 10))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: fired.id, request: 'TimerFired', outcome: 'acted' },
        },
        {
          type: 'OrderRejectionRequested',
          data: {
            reason: 'payment_timeout',
            detail: 'no authorized payment within 600000 ms',
            commandId: commandOf(fired, 'RejectOrder'),
          },
        },
      ]);
  });

  it('still applies while a declined payment waits for its grace period', () => {
    const fired = timerFired('reservation-timeout');
    saga
      .given([...history(...reservedAll, declined()), fire('reservation-timeout')])
      .when(observe(fired, 10))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: fired.id, request: 'TimerFired', outcome: 'acted' },
        },
        {
          type: 'OrderRejectionRequested',
          data: {
            reason: 'payment_timeout',
            detail: 'no authorized payment within 600000 ms',
            commandId: commandOf(fired, 'RejectOrder'),
          },
        },
      ]);
  });

  it('voids an authorization that arrives after the order was rejected for it', () => {
    const closed = rejected('payment_timeout', 'no authorized payment within 600000 ms');
    const given = history(...reservedAll, closed);
    saga
      .given(given)
      .when(observe(authorized, 5))
      .thenEmits([
        {
          type: 'PaymentAuthorizationConfirmed',
          data: {
            authorizationId: 'auth-1',
            amount: { amount: 5248, currency: 'EUR' },
            inputId: authorized.id,
          },
        },
        { type: 'VoidRequested', data: { commandId: commandOf(authorized, 'VoidAuthorization') } },
      ]);
    const done = history(
      ...reservedAll,
      closed,
      authorized,
      released('SKU-1'),
      released('SKU-2'),
      voided,
    );
    expect(stateAfter(done)).toMatchObject({ stage: 'completed', outcome: 'rejected' });
  });

  it('does not complete while the payment it asked for is unanswered', () => {
    const closed = rejected('payment_timeout', 'no authorized payment within 600000 ms');
    const state = stateAfter(history(...reservedAll, closed, released('SKU-1'), released('SKU-2')));
    expect(state.stage).toBe('running');
  });
});
