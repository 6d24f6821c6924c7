import { describe, expect, it } from 'vitest';
import type { ShipRequest } from './carrier.ts';
import { manualClock } from './clock.ts';
import { createSimulatedCarrier } from './simulated-carrier.ts';
import { delayDaysOf } from './simulated-carrier-delay.ts';
import { addBusinessDays } from './simulated-carrier-estimate.ts';

// Monday 10:00 UTC: a standard parcel is promised three to seven business days later.
const start = new Date('2025-03-03T10:00:00Z');
const delayMs = 5000;

const shipment = (orderId: string): ShipRequest => ({
  orderId,
  idempotencyKey: `${orderId}:ship:1`,
  destination: { customerId: 'customer-1' },
  serviceLevel: 'standard',
});

const shipped = async (orderId: string, delayRate = 0) => {
  const clock = manualClock(start);
  const carrier = createSimulatedCarrier({ clock, deliveryDelayMs: delayMs, delayRate, seed: 7 });
  const answer = await carrier.ship(shipment(orderId));
  if (answer.outcome !== 'accepted') throw new Error('expected a shipment');
  return { clock, carrier, answer };
};

describe('the simulated carrier revising its estimate', () => {
  it('given a carrier-delay order, when it is first tracked, then the estimate is 1 or 2 business days later', async () => {
    const { carrier, clock, answer } = await shipped('o-carrier-delay-1');
    const days = delayDaysOf(answer.trackingId, 'o-carrier-delay-1', 0, 7);
    expect([1, 2]).toContain(days);
    clock.advance(delayMs);
    const promised = new Date(answer.estimatedDeliveryAt);
    expect(await carrier.track(answer.trackingId)).toEqual({
      status: 'in_transit',
      estimatedDeliveryAt: addBusinessDays(promised, days).toISOString(),
    });
  });

  it('given a delayed parcel, then it is delivered one delivery delay later per day it slipped', async () => {
    const { carrier, clock, answer } = await shipped('o-carrier-delay-2');
    const days = delayDaysOf(answer.trackingId, 'o-carrier-delay-2', 0, 7);
    clock.advance(delayMs * (1 + days) - 1);
    expect((await carrier.track(answer.trackingId)).status).toBe('in_transit');
    clock.advance(1);
    const delivered = await carrier.track(answer.trackingId);
    expect(delivered.status).toBe('delivered');
    expect(delivered.estimatedDeliveryAt).not.toBe(answer.estimatedDeliveryAt);
  });

  it('given no delay rate, then an ordinary parcel keeps the estimate it was given', async () => {
    const { carrier, clock, answer } = await shipped('o-3');
    clock.advance(delayMs);
    expect(await carrier.track(answer.trackingId)).toEqual({
      status: 'delivered',
      estimatedDeliveryAt: answer.estimatedDeliveryAt,
    });
  });

  it('given a delay rate, then that share of parcels slips, the same ones every time', () => {
    const slips = (rate: number) =>
      Array.from({ length: 400 }, (_, n) =>
        delayDaysOf(`SIM-${String(n)}`, `o-${String(n)}`, rate, 7),
      );
    const first = slips(0.25);
    expect(slips(0.25)).toEqual(first);
    const delayed = first.filter((days) => days > 0);
    expect(delayed.length).toBeGreaterThan(60);
    expect(delayed.length).toBeLessThan(140);
    expect(new Set(delayed)).toEqual(new Set([1, 2]));
    expect(slips(0).every((days) => days === 0)).toBe(true);
  });
});
