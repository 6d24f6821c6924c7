import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { createSimulatedCarrier } from './simulated-carrier.ts';
import {
  addBusinessDays,
  distanceClassOf,
  distanceClasses,
  estimateDelivery,
} from './simulated-carrier-estimate.ts';

// Monday 2 June 2025, 10:00 UTC.
const monday = new Date('2025-06-02T10:00:00Z');

const paris = { recipient: 'R', line1: '1 rue', postalCode: '75011', city: 'Paris', country: 'FR' };
/** One destination in each class, relative to the default warehouse (FR, 75001). */
const destinations = {
  near: paris,
  regional: { ...paris, postalCode: '69003', city: 'Lyon' },
  far: { ...paris, postalCode: '10115', city: 'Berlin', country: 'DE' },
} as const;
const destinationIn = (wanted: keyof typeof destinations) => destinations[wanted];

describe('the simulated carrier’s delivery estimate', () => {
  it('counts business days: Monday + 5 is next Monday, Friday + 1 is Monday', () => {
    expect(addBusinessDays(monday, 5).toISOString()).toBe('2025-06-09T10:00:00.000Z');
    expect(addBusinessDays(new Date('2025-06-06T10:00:00Z'), 1).toISOString()).toBe(
      '2025-06-09T10:00:00.000Z',
    );
  });

  it('promises 3/5/7 business days standard and 1/2/3 express for near/regional/far', () => {
    const days = (level: 'standard' | 'express') =>
      distanceClasses.map((distance) => {
        const at = estimateDelivery(monday, destinationIn(distance), level);
        return Math.round((at.getTime() - monday.getTime()) / 86_400_000);
      });
    // Calendar days from a Monday: 3 → Thu (3), 5 → Mon (7), 7 → Wed (9); 1, 2, 3 → 1, 2, 3.
    expect(days('standard')).toEqual([3, 7, 9]);
    expect(days('express')).toEqual([1, 2, 3]);
  });

  it('classes an address by the warehouse: same postal region near, same country regional, abroad far', () => {
    expect(distanceClassOf(paris)).toBe('near');
    expect(distanceClassOf({ ...paris, postalCode: ' 75 020' })).toBe('near');
    expect(distanceClassOf(destinations.regional)).toBe('regional');
    expect(distanceClassOf(destinations.far)).toBe('far');
    const lyonWarehouse = { country: 'FR', postalCode: '69001' };
    expect(distanceClassOf(destinations.regional, lyonWarehouse)).toBe('near');
    expect(distanceClassOf(paris, lyonWarehouse)).toBe('regional');
  });

  it('spreads orders without an address over all three classes by customer, each always in the same one', () => {
    const classes = Array.from({ length: 300 }, (_, n) =>
      distanceClassOf({ customerId: `c-${String(n)}` }),
    );
    for (const distance of distanceClasses)
      expect(classes.filter((c) => c === distance).length).toBeGreaterThan(60);
    expect(distanceClassOf({ customerId: 'c-7' })).toBe(classes[7]);
  });

  it('answers an accepted shipment with its estimate, the same on a repeated request', async () => {
    const carrier = createSimulatedCarrier({ clock: manualClock(monday), deliveryDelayMs: 0 });
    const request = {
      orderId: 'o-1',
      idempotencyKey: 'o-1:ship:1',
      destination: destinationIn('far'),
      serviceLevel: 'express',
    } as const;
    const answer = await carrier.ship(request);
    expect(answer).toMatchObject({ estimatedDeliveryAt: '2025-06-05T10:00:00.000Z' });
    expect(await carrier.ship(request)).toEqual(answer);
  });
});
