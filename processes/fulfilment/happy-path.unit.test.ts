import { describe, expect, it } from 'vitest';
import {
  at,
  authorized,
  captured,
  commandOf,
  committed,
  confirmed,
  delivered,
  deliveryPending,
  happyPath,
  history,
  observe,
  orderId,
  placed,
  reserved,
  saga,
  shipped,
  stateAfter,
  timerFired,
  total,
} from './fixtures.ts';

describe('an order carried through', () => {
  it('starts on OrderPlaced: reserves every line and holds the reservation for a while', () => {
    saga
      .given([])
      .when(observe(placed, 0))
      .thenEmits([
        {
          type: 'FulfilmentStarted',
          data: {
            orderId,
            customerId: 'cust-1',
            lines: [
              { sku: 'SKU-1', quantity: 2 },
              { sku: 'SKU-2', quantity: 1 },
            ],
            amount: total,
            inputId: placed.id,
          },
        },
        {
          type: 'StockReservationRequested',
          data: {
            sku: 'SKU-1',
            quantity: 2,
            commandId: commandOf(placed, 'ReserveStock', 'SKU-1'),
          },
        },
        {
          type: 'StockReservationRequested',
          data: {
            sku: 'SKU-2',
            quantity: 1,
            commandId: commandOf(placed, 'ReserveStock', 'SKU-2'),
          },
        },
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'reservation-timeout',
            purpose: 'reservation_timeout',
            attempt: 1,
            fireAt: at(10),
          },
        },
      ]);
  });

  it('waits for every line before asking for payment', () => {
    saga
      .given(history(placed))
      .when(observe(reserved('SKU-1'), 1))
      .thenEmits([
        {
          type: 'StockReservationConfirmed',
          data: { sku: 'SKU-1', quantity: 2, inputId: reserved('SKU-1').id },
        },
      ]);
  });

  it('asks for the payment once all lines are reserved', () => {
    const last = reserved('SKU-2');
    saga
      .given(history(placed, reserved('SKU-1')))
      .when(observe(last, 2))
      .thenEmits([
        {
          type: 'StockReservationConfirmed',
          data: { sku: 'SKU-2', quantity: 1, inputId: last.id },
        },
        {
          type: 'PaymentAuthorizationRequested',
          data: { amount: total, attempt: 1, commandId: commandOf(last, 'AuthorizePayment', 1) },
        },
      ]);
  });

  it('confirms the order once the payment is authorized, and stops the reservation clock', () => {
    saga
      .given(history(placed, reserved('SKU-1'), reserved('SKU-2')))
      .when(observe(authorized, 3))
      .thenEmits([
        {
          type: 'PaymentAuthorizationConfirmed',
          data: { authorizationId: 'auth-1', amount: total, inputId: authorized.id },
        },
        {
          type: 'OrderConfirmationRequested',
          data: { commandId: commandOf(authorized, 'ConfirmOrder') },
        },
        { type: 'TimerCancelled', data: { timerId: 'reservation-timeout' } },
      ]);
  });

  it('captures the payment once the order is confirmed', () => {
    saga
      .given(history(...happyPath.slice(0, 4)))
      .when(observe(confirmed, 4))
      .thenEmits([
        {
          type: 'OrderStatusObserved',
          data: { status: 'confirmed', reason: null, shipment: null, inputId: confirmed.id },
        },
        {
          type: 'PaymentCaptureRequested',
          data: { amount: total, commandId: commandOf(confirmed, 'CapturePayment') },
        },
      ]);
  });

  it('ships once the payment is captured', () => {
    saga
      .given(history(...happyPath.slice(0, 5)))
      .when(observe(captured, 5))
      .thenEmits([
        { type: 'PaymentCaptureConfirmed', data: { amount: total, inputId: captured.id } },
        {
          type: 'ShipmentRequested',
          data: { attempt: 1, commandId: commandOf(captured, 'Ship', 1) },
        },
      ]);
  });

  it('commits the stock once shipped, and schedules a delivery check', () => {
    saga
      .given(history(...happyPath.slice(0, 6)))
      .when(observe(shipped, 6))
      .thenEmits([
        {
          type: 'OrderStatusObserved',
          data: {
            status: 'shipped',
            reason: null,
            shipment: { carrier: 'SimPost', trackingId: 'TRK-1' },
            inputId: shipped.id,
          },
        },
        {
          type: 'StockCommitRequested',
          data: { sku: 'SKU-1', commandId: commandOf(shipped, 'CommitStock', 'SKU-1') },
        },
        {
          type: 'StockCommitRequested',
          data: { sku: 'SKU-2', commandId: commandOf(shipped, 'CommitStock', 'SKU-2') },
        },
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'delivery-check-1',
            purpose: 'delivery_check',
            attempt: 1,
            fireAt: at(11),
          },
        },
      ]);
  });

  it('asks the carrier when the delivery check is due, and checks again while in transit', () => {
    const fired = timerFired('delivery-check-1');
    const due = [
      ...history(...happyPath.slice(0, 7)),
      { type: 'TimerFired' as const, data: { timerId: 'delivery-check-1' } },
    ];
    const asked = {
      type: 'DeliveryCheckRequested' as const,
      data: { trackingId: 'TRK-1', check: 1, commandId: commandOf(fired, 'TrackShipment', 1) },
    };
    saga
      .given(due)
      .when(observe(fired, 11))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: fired.id, request: 'TimerFired', outcome: 'acted' },
        },
        asked,
      ]);
    const inTransit = deliveryPending(1);
    saga
      .given([
        ...due,
        {
          type: 'InputHandled',
          data: { inputId: fired.id, request: 'TimerFired', outcome: 'acted' },
        },
        asked,
        { type: 'DeliveryPending', data: { check: 1 } },
      ])
      .when(observe(inTransit, 12))
      .thenEmits([
        {
          type: 'InputHandled',
          data: { inputId: inTransit.id, request: 'DeliveryPending', outcome: 'acted' },
        },
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'delivery-check-2',
            purpose: 'delivery_check',
            attempt: 2,
            fireAt: at(14),
          },
        },
      ]);
  });

  it('completes once delivered with every line committed', () => {
    saga
      .given(history(...happyPath.slice(0, 9)))
      .when(observe(delivered, 9))
      .thenEmits([
        {
          type: 'OrderStatusObserved',
          data: { status: 'delivered', reason: null, shipment: null, inputId: delivered.id },
        },
        { type: 'TimerCancelled', data: { timerId: 'delivery-check-1' } },
        { type: 'FulfilmentCompleted', data: { outcome: 'delivered' } },
      ]);
  });

  it('waits for the last commit when the delivery is seen first', () => {
    const early = [...happyPath.slice(0, 8), delivered];
    const state = stateAfter(history(...early));
    expect(state.stage).toBe('running');
    const last = committed('SKU-2');
    saga
      .given(history(...early))
      .when(observe(last, 10))
      .thenEmits([
        { type: 'StockCommitConfirmed', data: { sku: 'SKU-2', quantity: 1, inputId: last.id } },
        { type: 'FulfilmentCompleted', data: { outcome: 'delivered' } },
      ]);
  });
});
