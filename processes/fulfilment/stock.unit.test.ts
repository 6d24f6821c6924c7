import { describe, expect, it } from 'vitest';
import {
  commandOf,
  history,
  observe,
  outOfStock,
  placed,
  rejected,
  released,
  reserved,
  saga,
  stateAfter,
} from './fixtures.ts';

const rejectedForSku2 = rejected('out_of_stock', 'SKU-2: 1 requested, 0 available');

describe('a line out of stock', () => {
  it('rejects the order, naming the sku', () => {
    const failed = outOfStock('SKU-2');
    saga
      .given(history(placed, reserved('SKU-1')))
      .when(observe(failed, 2))
      .thenEmits([
        {
          type: 'StockReservationFailed',
          data: { sku: 'SKU-2', requested: 1, available: 0, inputId: failed.id },
        },
        {
          type: 'OrderRejectionRequested',
          data: {
            reason: 'out_of_stock',
            detail: 'SKU-2: 1 requested, 0 available',
            commandId: commandOf(failed, 'RejectOrder'),
          },
        },
      ]);
  });

  it('releases the lines already reserved once the order is rejected', () => {
    saga
      .given(history(placed, reserved('SKU-1'), outOfStock('SKU-2')))
      .when(observe(rejectedForSku2, 3))
      .thenEmits([
        {
          type: 'OrderStatusObserved',
          data: {
            status: 'rejected',
            reason: 'out_of_stock: SKU-2: 1 requested, 0 available',
            shipment: null,
            inputId: rejectedForSku2.id,
          },
        },
        {
          type: 'StockReleaseRequested',
          data: { sku: 'SKU-1', commandId: commandOf(rejectedForSku2, 'ReleaseStock', 'SKU-1') },
        },
        { type: 'TimerCancelled', data: { timerId: 'reservation-timeout' } },
      ]);
  });

  it('completes as rejected once the released stock is back', () => {
    const back = released('SKU-1');
    saga
      .given(history(placed, reserved('SKU-1'), outOfStock('SKU-2'), rejectedForSku2))
      .when(observe(back, 4))
      .thenEmits([
        { type: 'StockReleaseConfirmed', data: { sku: 'SKU-1', quantity: 2, inputId: back.id } },
        { type: 'FulfilmentCompleted', data: { outcome: 'rejected' } },
      ]);
  });

  it('releases a reservation that arrives after the order was rejected', () => {
    const late = reserved('SKU-1');
    saga
      .given(history(placed, outOfStock('SKU-2'), rejectedForSku2))
      .when(observe(late, 3))
      .thenEmits([
        {
          type: 'StockReservationConfirmed',
          data: { sku: 'SKU-1', quantity: 2, inputId: late.id },
        },
        {
          type: 'StockReleaseRequested',
          data: { sku: 'SKU-1', commandId: commandOf(late, 'ReleaseStock', 'SKU-1') },
        },
      ]);
  });

  it('holds back a reservation that arrives while the rejection is in flight, then releases it', () => {
    const events = history(placed, outOfStock('SKU-2'), reserved('SKU-1'));
    expect(events.filter((event) => event.type === 'StockReleaseRequested')).toEqual([]);
    saga
      .given(events)
      .when(observe(rejectedForSku2, 3))
      .thenEmits([
        {
          type: 'OrderStatusObserved',
          data: {
            status: 'rejected',
            reason: 'out_of_stock: SKU-2: 1 requested, 0 available',
            shipment: null,
            inputId: rejectedForSku2.id,
          },
        },
        {
          type: 'StockReleaseRequested',
          data: { sku: 'SKU-1', commandId: commandOf(rejectedForSku2, 'ReleaseStock', 'SKU-1') },
        },
        { type: 'TimerCancelled', data: { timerId: 'reservation-timeout' } },
      ]);
  });

  it('asks for one rejection when two lines fail', () => {
    const second = outOfStock('SKU-1', 1);
    saga
      .given(history(placed, outOfStock('SKU-2')))
      .when(observe(second, 2))
      .thenEmits([
        {
          type: 'StockReservationFailed',
          data: { sku: 'SKU-1', requested: 2, available: 1, inputId: second.id },
        },
      ]);
    const closed = rejected('out_of_stock', 'SKU-2: 1 requested, 0 available');
    const state = stateAfter(history(placed, outOfStock('SKU-2'), second, closed));
    expect(state).toMatchObject({ stage: 'completed', outcome: 'rejected' });
  });

  it('never asks for payment after a line failed, even if the others are reserved', () => {
    const events = history(placed, outOfStock('SKU-2'), reserved('SKU-1'));
    expect(events.map((event) => event.type)).not.toContain('PaymentAuthorizationRequested');
  });
});
