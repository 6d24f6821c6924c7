import { describe, expect, it } from 'vitest';
import { spec } from '../shared/spec.ts';
import type { ReviseDeliveryEstimate } from './commands.ts';
import { orderDecider } from './decide.ts';
import { InvalidOrderTransition } from './errors.ts';
import { orderEvents } from './events.ts';
import type { OrderEvent } from './events.ts';
import { at, by, confirmed, delivered, histories, orderId, placed, saga } from './fixtures.ts';
import { orderView } from './view.ts';

const order = spec(orderDecider, orderEvents);

const promised = '2025-03-10T10:00:00.000Z';
const later = '2025-03-12T10:00:00.000Z';

const shippedWithEstimate: OrderEvent = {
  type: 'OrderShipped',
  data: {
    orderId,
    carrier: 'SimPost',
    trackingId: 'TRK-1',
    shippedAt: at(2),
    estimatedDeliveryAt: promised,
  },
};
const onTheWay = [placed, confirmed, shippedWithEstimate];
const revise = (estimatedDeliveryAt: string, trackingId = 'TRK-1'): ReviseDeliveryEstimate => ({
  type: 'ReviseDeliveryEstimate',
  data: { orderId, trackingId, estimatedDeliveryAt },
  metadata: by(saga, 5),
});
const revised = (estimatedDeliveryAt: string, previous: string | null): OrderEvent => ({
  type: 'OrderDeliveryEstimateRevised',
  data: {
    orderId,
    trackingId: 'TRK-1',
    estimatedDeliveryAt,
    previousEstimatedDeliveryAt: previous,
    revisedAt: at(5),
  },
});

describe('ReviseDeliveryEstimate', () => {
  it('given a parcel on its way, when the carrier names a later date, then the order records it with the date it replaces', () => {
    order
      .given(onTheWay)
      .when(revise(later))
      .thenEmits([revised(later, promised)]);
  });

  it('given a parcel shipped without an estimate, then the first one is recorded with none before it', () => {
    order
      .given(histories.shipped)
      .when(revise(later))
      .thenEmits([revised(later, null)]);
  });

  it('given the same date told again (in another notation), then nothing is recorded', () => {
    order.given(onTheWay).when(revise(promised)).thenNothing();
    order.given(onTheWay).when(revise('2025-03-10T11:00:00+01:00')).thenNothing();
    order
      .given([...onTheWay, revised(later, promised)])
      .when(revise(later))
      .thenNothing();
  });

  it('given the command delivered three times, then the change is recorded once', () => {
    let state = onTheWay.reduce(orderDecider.evolve, orderDecider.initialState);
    const recorded: OrderEvent[] = [];
    for (let delivery = 0; delivery < 3; delivery += 1) {
      const events = orderDecider.decide(revise(later), state);
      recorded.push(...events);
      state = events.reduce(orderDecider.evolve, state);
    }
    expect(recorded).toEqual([revised(later, promised)]);
  });

  it('given a delivered order, then a late estimate records nothing', () => {
    order
      .given([...onTheWay, delivered])
      .when(revise(later))
      .thenNothing();
  });

  it('given a parcel the order does not carry, then nothing is recorded', () => {
    order.given(onTheWay).when(revise(later, 'TRK-OTHER')).thenNothing();
  });

  it.each(['confirmed', 'cancelled', 'rejected'] as const)(
    'given a %s order (nothing shipped), then it is refused',
    (status) => {
      order
        .given(histories[status])
        .when(revise(later))
        .thenThrows(InvalidOrderTransition, { orderId, status, command: 'ReviseDeliveryEstimate' });
    },
  );
});

describe('the order view after a revision', () => {
  it('shows the latest estimate and the one it replaced', () => {
    const state = [...onTheWay, revised(later, promised)].reduce(
      orderDecider.evolve,
      orderDecider.initialState,
    );
    expect(orderView(state)?.shipment).toEqual({
      carrier: 'SimPost',
      trackingId: 'TRK-1',
      estimatedDeliveryAt: later,
      previousEstimatedDeliveryAt: promised,
    });
    expect(orderView(state)?.updatedAt).toBe(at(5));
  });
});
