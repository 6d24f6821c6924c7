import { createHash } from 'node:crypto';
import type { ServiceLevel, ShipRequest } from './carrier.ts';

// The simulated carrier's delivery promise: a distance class from where the parcel goes, relative
// to the warehouse, and the service level bought.

export const distanceClasses = ['near', 'regional', 'far'] as const;
export type DistanceClass = (typeof distanceClasses)[number];

const businessDays: Record<ServiceLevel, Record<DistanceClass, number>> = {
  standard: { near: 3, regional: 5, far: 7 },
  express: { near: 1, regional: 2, far: 3 },
};

/** Where parcels leave from: a country and a postal code. */
export type Warehouse = { readonly country: string; readonly postalCode: string };
export const defaultWarehouse: Warehouse = { country: 'FR', postalCode: '75001' };

// The first two characters of a postal code name its region in most postal systems (a French
// département, a German Leitzone, a UK postcode area's start), which is as close as a
// simulation needs to get.
const regionOf = (postalCode: string): string =>
  postalCode.replace(/\s+/g, '').toUpperCase().slice(0, 2);

/**
 * Same country and postal region as the warehouse: near; same country: regional; abroad: far.
 * An order with no address (only its customer's id) gets a class hashed from that id: stable for
 * one customer, spread evenly over many.
 */
export const distanceClassOf = (
  destination: ShipRequest['destination'],
  warehouse: Warehouse = defaultWarehouse,
): DistanceClass => {
  if ('customerId' in destination) {
    const byte = createHash('sha256').update(destination.customerId).digest()[0] ?? 0;
    return distanceClasses[byte % distanceClasses.length] ?? 'far';
  }
  if (destination.country.toUpperCase() !== warehouse.country.toUpperCase()) return 'far';
  return regionOf(destination.postalCode) === regionOf(warehouse.postalCode) ? 'near' : 'regional';
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
  destination: ShipRequest['destination'],
  serviceLevel: ServiceLevel,
  warehouse: Warehouse = defaultWarehouse,
): Date =>
  addBusinessDays(shippedAt, businessDays[serviceLevel][distanceClassOf(destination, warehouse)]);
