import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { orderDecider } from './decide.ts';
import type { OrderEvent } from './events.ts';
import { at, cancelled, customer, histories, orderId, placed, shipped } from './fixtures.ts';
import { orderView } from './view.ts';

const viewAfter = (events: readonly OrderEvent[]) => orderView(fold(orderDecider, events));

const placedView = {
  orderId,
  customerId: customer.id,
  lines: placed.data.lines,
  total: placed.data.total,
  placedAt: at(0),
};

describe('orderView (GET /api/orders/:id)', () => {
  it('has nothing to show for an order that does not exist', () => {
    expect(viewAfter(histories.none)).toBeNull();
  });

  it('shows a placed order', () => {
    expect(viewAfter(histories.placed)).toEqual({
      ...placedView,
      status: 'placed',
      updatedAt: at(0),
    });
  });

  it('moves updatedAt with each event', () => {
    expect(viewAfter(histories.confirmed)).toEqual({
      ...placedView,
      status: 'confirmed',
      updatedAt: at(1),
    });
  });

  it('shows the shipment once shipped and delivered', () => {
    const shipment = { carrier: 'DHL', trackingId: 'TRK-1' };
    expect(viewAfter(histories.shipped)).toEqual({
      ...placedView,
      status: 'shipped',
      shipment,
      updatedAt: at(2),
    });
    expect(viewAfter(histories.delivered)).toEqual({
      ...placedView,
      status: 'delivered',
      shipment,
      updatedAt: at(3),
    });
  });

  it('gives the reason, and who cancelled', () => {
    expect(viewAfter(histories.cancelled)).toEqual({
      ...placedView,
      status: 'cancelled',
      reason: 'changed my mind',
      cancelledBy: customer.id,
      updatedAt: at(2),
    });
  });

  it('gives the reason and detail of a rejection', () => {
    expect(viewAfter(histories.rejected)).toEqual({
      ...placedView,
      status: 'rejected',
      reason: 'out_of_stock',
      detail: 'SKU-1',
      updatedAt: at(1),
    });
  });
});

describe('evolve', () => {
  it('ignores an event that cannot follow the current status, so history stays readable', () => {
    const placedOnly = fold(orderDecider, histories.placed);
    expect(orderDecider.evolve(placedOnly, shipped)).toEqual(placedOnly);
    const gone = fold(orderDecider, histories.cancelled);
    expect(orderDecider.evolve(gone, placed)).toEqual(gone);
    expect(orderDecider.evolve(orderDecider.initialState, cancelled)).toEqual({ status: 'none' });
  });
});
