import { describe, expect, it } from 'vitest';
import type { FulfilmentCommand } from './commands.ts';
import type { SagaEvent } from './events.ts';
import {
  at,
  authorized,
  by,
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
  shipmentFailed,
  stateAfter,
  timerFired,
  total,
} from './fixtures.ts';

const readyToShip = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized, confirmed, captured];
const failedEvent = (attempt: number): SagaEvent => ({
  type: 'ShipmentFailed',
  data: { attempt, reason: 'address_unreachable' },
});
const fire = (timerId: string): SagaEvent => ({ type: 'TimerFired', data: { timerId } });
const recordFailure = (attempt: number): FulfilmentCommand => ({
  type: 'RecordShipmentFailure',
  data: { attempt, reason: 'address_unreachable' },
  metadata: by({ id: 'fulfilment-saga', roles: ['process'] }, 6),
});

describe('a carrier refusal', () => {
  it('is recorded for the attempt in flight, and only once', () => {
    saga
      .given(history(...readyToShip))
      .when(recordFailure(1))
      .thenEmits([failedEvent(1)]);
    saga
      .given([...history(...readyToShip), failedEvent(1)])
      .when(recordFailure(1))
      .thenNothing();
    saga
      .given(history(...readyToShip))
      .when(recordFailure(2))
      .thenNothing();
  });

  it('is retried after a backoff that doubles', () => {
    const failed = shipmentFailed(1);
    saga
      .given([...history(...readyToShip), failedEvent(1)])
      .when(observe(failed, 7))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: failed.id, request: 'ShipmentFailed', outcome: 'acted' },
        },
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'shipping-retry-1',
            purpose: 'shipping_retry',
            attempt: 1,
            fireAt: at(8),
          },
        },
      ]);
    const second = shipmentFailed(2);
    saga
      .given([
        ...history(...readyToShip),
        failedEvent(1),
        { type: 'ShipmentRequested', data: { attempt: 2, commandId: 'c-2' } },
        failedEvent(2),
      ])
      .when(observe(second, 9))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: second.id, request: 'ShipmentFailed', outcome: 'acted' },
        },
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'shipping-retry-2',
            purpose: 'shipping_retry',
            attempt: 2,
            fireAt: at(11),
          },
        },
      ]);
  });

  it('asks the carrier again when the retry is due', () => {
    const fired = timerFired('shipping-retry-1');
    const given = [
      ...history(...readyToShip),
      failedEvent(1),
      {
        type: 'TimerScheduled' as const,
        data: {
          timerId: 'shipping-retry-1',
          purpose: 'shipping_retry' as const,
          attempt: 1,
          fireAt: at(8),
        },
      },
      fire('shipping-retry-1'),
    ];
    saga
      .given(given)
      .when(observe(fired, 8))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: fired.id, request: 'TimerFired', outcome: 'acted' },
        },
        { type: 'ShipmentRequested', data: { attempt: 2, commandId: commandOf(fired, 'Ship', 2) } },
      ]);
  });

  it('cancels the order after the last attempt, then refunds and releases once it is cancelled', () => {
    const given = [
      ...history(...readyToShip),
      failedEvent(1),
      { type: 'ShipmentRequested' as const, data: { attempt: 2, commandId: 'c-2' } },
      failedEvent(2),
      { type: 'ShipmentRequested' as const, data: { attempt: 3, commandId: 'c-3' } },
      failedEvent(3),
    ];
    const last = shipmentFailed(3);
    saga
      .given(given)
      .when(observe(last, 12))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: last.id, request: 'ShipmentFailed', outcome: 'acted' },
        },
        {
          type: 'CancellationRequested',
          data: {
            reason: 'shipping failed after 3 attempts: address_unreachable',
            commandId: commandOf(last, 'CancelOrder'),
          },
        },
      ]);
    const byTheSaga = cancelled(
      'fulfilment-saga',
      'shipping failed after 3 attempts: address_unreachable',
    );
    const state = stateAfter(given);
    expect(state.stage).toBe('running');
    const refundId = commandOf(byTheSaga, 'RefundPayment');
    const closed = history(...readyToShip, byTheSaga);
    expect(closed).toContainEqual({
      type: 'RefundRequested',
      data: { refundId, amount: total, commandId: refundId },
    });
    const done = history(
      ...readyToShip,
      byTheSaga,
      released('SKU-1'),
      released('SKU-2'),
      refunded(refundId),
    );
    expect(stateAfter(done)).toMatchObject({ stage: 'completed', outcome: 'cancelled' });
  });
});
