import { happens } from './seeded.ts';
import { addBusinessDays } from './simulated-carrier-estimate.ts';

// The simulated carrier's second thoughts: a share of parcels slips by one or two business days,
// which the carrier tells at the first tracking after the hand-over. Decided per tracking id, so
// one parcel always slips the same way, whatever order the calls come in.

/** Orders whose id contains it are always delayed (tests choose it, as with `fail-ship`). */
export const delayedOrderMarker = 'carrier-delay';

/** Business days the parcel's estimate slips: 0 for most, 1 or 2 for `rate` of them. */
export const delayDaysOf = (
  trackingId: string,
  orderId: string,
  rate: number,
  seed: number,
): number => {
  const delayed =
    orderId.includes(delayedOrderMarker) || happens(rate, seed, `delay:${trackingId}`);
  if (!delayed) return 0;
  return happens(0.5, seed, `delay-days:${trackingId}`) ? 2 : 1;
};

/** The carrier's estimate once the delay is known: the promise, `days` business days later. */
export const revisedEstimate = (promised: Date, days: number): Date =>
  addBusinessDays(promised, days);

/**
 * How long after the hand-over the parcel is delivered in simulated time: the delivery delay,
 * once more for each business day it slipped (so the first check finds it still in transit).
 */
export const deliveryAfterMs = (deliveryDelayMs: number, days: number): number =>
  deliveryDelayMs * (1 + days);
