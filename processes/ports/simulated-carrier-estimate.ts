import { createHash } from 'node:crypto';
import type { ServiceLevel } from './carrier.ts';

// The simulated carrier's delivery promise: a distance class drawn from where the parcel goes
// (stable for one destination, spread evenly over many) and the service level bought.

export const distanceClasses = ['near', 'regional', 'far'] as const;
export type DistanceClass = (typeof distanceClasses)[number];

const businessDays: Record<ServiceLevel, Record<DistanceClass, number>> = {
  standard: { near: 3, regional: 5, far: 7 },
  express: { near: 1, regional: 2, far: 3 },
};

/** The destination's class: a hash of its id (an address id, or the customer id without one). */
export const distanceClassOf = (destination: string): DistanceClass => {
  const byte = createHash('sha256').update(destination).digest()[0] ?? 0;
  return distanceClasses[byte % distanceClasses.length] ?? 'far';
};

/** `days` business days after `from` (Saturdays and Sundays skipped, UTC), at the same time. */
export const addBusinessDays = (from: Date, days: number): Date => {
  const at = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return at;
};

export const estimateDelivery = (
  shippedAt: Date,
  destination: string,
  serviceLevel: ServiceLevel,
): Date => addBusinessDays(shippedAt, businessDays[serviceLevel][distanceClassOf(destination)]);
