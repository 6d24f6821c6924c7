import { describe, expect, it } from 'vitest';
import { UnknownShipment } from './carrier.ts';
import type { ShipRequest } from './carrier.ts';
import { manualClock } from './clock.ts';
import { createSimulatedCarrier } from './simulated-carrier.ts';

const start = new Date('2025-03-01T10:00:00Z');

const shipment = (orderId: string, idempotencyKey: string): ShipRequest => ({
  orderId,
  idempotencyKey,
  destination: { customerId: 'customer-1' },
  serviceLevel: 'standard',
});

describe('the simulated carrier', () => {
  it('ships one parcel per key and delivers it after the delay', async () => {
    const clock = manualClock(start);
    const carrier = createSimulatedCarrier({ clock, deliveryDelayMs: 5000 });
    const answer = await carrier.ship(shipment('o-1', 'o-1:ship:1'));
    expect(answer).toMatchObject({ outcome: 'accepted', carrier: 'SimPost' });
    expect(await carrier.ship(shipment('o-1', 'o-1:ship:1'))).toEqual(answer);
    expect(carrier.counts().shipments).toBe(1);
    if (answer.outcome !== 'accepted') return;
    clock.advance(4999);
    const estimatedDeliveryAt = answer.estimatedDeliveryAt;
    expect(await carrier.track(answer.trackingId)).toEqual({
      status: 'in_transit',
      estimatedDeliveryAt,
    });
    clock.advance(1);
    expect(await carrier.track(answer.trackingId)).toEqual({
      status: 'delivered',
      estimatedDeliveryAt,
    });
  });

  it('refuses fail-ship orders always, and fail-ship-once orders on the first request', async () => {
    const carrier = createSimulatedCarrier({ clock: manualClock(start), deliveryDelayMs: 0 });
    for (const attempt of [1, 2, 3]) {
      expect(await carrier.ship(shipment('fail-ship-7', `k${String(attempt)}`))).toEqual({
        outcome: 'refused',
        reason: 'address_unreachable',
      });
    }
    expect((await carrier.ship(shipment('fail-ship-once-1', 'a'))).outcome).toBe('refused');
    expect((await carrier.ship(shipment('fail-ship-once-1', 'b'))).outcome).toBe('accepted');
    expect(carrier.counts()).toEqual({ shipments: 1, refusals: 4, recalls: 0 });
  });

  it('refuses a seeded share of requests, the same ones every time', async () => {
    const refusals = async () => {
      const carrier = createSimulatedCarrier({
        clock: manualClock(start),
        deliveryDelayMs: 0,
        failureRate: 0.5,
        seed: 3,
      });
      const outcomes = [];
      for (let n = 0; n < 100; n += 1)
        outcomes.push((await carrier.ship(shipment(`o-${String(n)}`, `o-${String(n)}:1`))).outcome);
      return outcomes;
    };
    const first = await refusals();
    expect(await refusals()).toEqual(first);
    expect(first.filter((outcome) => outcome === 'refused').length).toBeGreaterThan(30);
    expect(first.filter((outcome) => outcome === 'refused').length).toBeLessThan(70);
  });

  it('recalls a parcel, which then cannot be tracked', async () => {
    const carrier = createSimulatedCarrier({ clock: manualClock(start), deliveryDelayMs: 0 });
    const answer = await carrier.ship(shipment('o-1', 'k'));
    if (answer.outcome !== 'accepted') throw new Error('expected a shipment');
    await carrier.recall(answer.trackingId);
    await carrier.recall(answer.trackingId);
    expect(carrier.counts().recalls).toBe(1);
    expect(carrier.shipmentsOf('o-1')).toBe(0);
    await expect(carrier.track(answer.trackingId)).rejects.toThrow(UnknownShipment);
  });

  it('tracks a parcel a sibling instance shipped, delivering it one delay after first hearing of it', async () => {
    const clock = manualClock(start);
    const shipper = createSimulatedCarrier({ clock, deliveryDelayMs: 5000 });
    const tracker = createSimulatedCarrier({ clock, deliveryDelayMs: 5000 });
    const answer = await shipper.ship(shipment('o-1', 'o-1:ship:1'));
    if (answer.outcome !== 'accepted') throw new Error('expected a shipment');
    clock.advance(3000);
    // It knows no promise for a parcel it did not take, so it tells no estimate.
    expect(await tracker.track(answer.trackingId)).toEqual({ status: 'in_transit' });
    clock.advance(5000);
    expect(await tracker.track(answer.trackingId)).toEqual({ status: 'delivered' });
    await expect(tracker.track('FEDEX-1')).rejects.toThrow(UnknownShipment);
  });
});
