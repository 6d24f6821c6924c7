import { deterministicId } from '../../infra/eventstore/ids.ts';
import { UnknownShipment } from './carrier.ts';
import type { Carrier, ShipAnswer, ShipRequest } from './carrier.ts';
import type { Clock } from './clock.ts';
import { happens } from './seeded.ts';
import { deliveryAfterMs, delayDaysOf, revisedEstimate } from './simulated-carrier-delay.ts';
import { estimateDelivery } from './simulated-carrier-estimate.ts';

export interface SimulatedCarrierOptions {
  readonly clock: Clock;
  /** A parcel is delivered this long after it shipped (CARRIER_DELIVERY_DELAY_MS). */
  readonly deliveryDelayMs: number;
  /** Share of shipment requests refused at random, decided per idempotency key (CARRIER_FAILURE_RATE). */
  readonly failureRate?: number;
  /** Share of parcels whose estimate slips by 1–2 business days, per tracking id (CARRIER_DELAY_RATE). */
  readonly delayRate?: number;
  readonly seed?: number;
}

export interface CarrierCounts {
  readonly shipments: number;
  readonly refusals: number;
  readonly recalls: number;
}

export interface SimulatedCarrier extends Carrier {
  counts(): CarrierCounts;
  /** Parcels on their way or delivered for the order (recalled ones not counted). */
  shipmentsOf(orderId: string): number;
}

type Parcel = { orderId: string; shippedAt: number; recalled: boolean };

export const carrierName = 'SimPost';
const trackingPrefix = 'SIM-';

/**
 * A deterministic carrier for tests and demos. Orders whose id contains `fail-ship-once` are
 * refused on their first request only, those containing `fail-ship` always ('address
 * unreachable'); others are refused at `failureRate`. Idempotent by key: the same key ships one
 * parcel and gets the same tracking id. Tracking answers the carrier's current estimate: parcels
 * of orders whose id contains `carrier-delay`, and `delayRate` of the others, slip by 1–2
 * business days (simulated-carrier-delay.ts).
 */
export const createSimulatedCarrier = (options: SimulatedCarrierOptions): SimulatedCarrier => {
  const { clock, deliveryDelayMs, failureRate = 0, delayRate = 0, seed = 1 } = options;
  // The estimate each parcel was given at the hand-over, by tracking id.
  const promises = new Map<string, Date>();
  const answers = new Map<string, ShipAnswer>();
  const parcels = new Map<string, Parcel>();
  const requests = new Map<string, number>();
  const counts = { shipments: 0, refusals: 0, recalls: 0 };

  const decide = ({
    orderId,
    idempotencyKey: key,
    destination,
    serviceLevel,
  }: ShipRequest): ShipAnswer => {
    const request = (requests.get(orderId) ?? 0) + 1;
    requests.set(orderId, request);
    const refused = (reason: string): ShipAnswer => {
      counts.refusals += 1;
      return { outcome: 'refused', reason };
    };
    if (orderId.includes('fail-ship-once')) {
      if (request === 1) return refused('address_unreachable');
    } else if (orderId.includes('fail-ship')) {
      return refused('address_unreachable');
    }
    if (happens(failureRate, seed, key)) return refused('no_capacity');
    const trackingId = `${trackingPrefix}${deterministicId('parcel', key)}`;
    const shippedAt = clock.now();
    parcels.set(trackingId, { orderId, shippedAt: shippedAt.getTime(), recalled: false });
    counts.shipments += 1;
    const estimatedDeliveryAt = estimateDelivery(
      shippedAt,
      destination,
      serviceLevel,
    ).toISOString();
    return { outcome: 'accepted', carrier: carrierName, trackingId, estimatedDeliveryAt };
  };

  // A real carrier is one service that every process of ours talks to; each process has its own
  // simulator. A parcel this instance never shipped, with a tracking id of the form it issues,
  // was shipped by a sibling instance (another processes process): it is taken as shipped when
  // this instance first hears of it, so it is delivered at most one delay later than it would be.
  const live = (trackingId: string): Parcel => {
    const parcel =
      parcels.get(trackingId) ??
      (trackingId.startsWith(trackingPrefix)
        ? { orderId: '', shippedAt: clock.now().getTime(), recalled: false }
        : undefined);
    if (parcel === undefined || parcel.recalled) throw new UnknownShipment(trackingId);
    parcels.set(trackingId, parcel);
    return parcel;
  };

  return {
    ship: (request) => {
      const { idempotencyKey } = request;
      const answer = answers.get(idempotencyKey) ?? decide(request);
      answers.set(idempotencyKey, answer);
      if (answer.outcome === 'accepted')
        promises.set(answer.trackingId, new Date(answer.estimatedDeliveryAt));
      return Promise.resolve(answer);
    },
    // A parcel of a sibling instance has no promise here, so it is tracked without an estimate.
    track: (trackingId) =>
      Promise.resolve().then(() => {
        const { orderId, shippedAt } = live(trackingId);
        const days = delayDaysOf(trackingId, orderId, delayRate, seed);
        const deliveredAt = shippedAt + deliveryAfterMs(deliveryDelayMs, days);
        const status = clock.now().getTime() >= deliveredAt ? 'delivered' : 'in_transit';
        const promised = promises.get(trackingId);
        if (promised === undefined) return { status };
        return { status, estimatedDeliveryAt: revisedEstimate(promised, days).toISOString() };
      }),
    recall: (trackingId) => {
      const parcel = parcels.get(trackingId);
      if (parcel !== undefined && !parcel.recalled) {
        parcels.set(trackingId, { ...parcel, recalled: true });
        counts.recalls += 1;
      }
      return Promise.resolve();
    },
    counts: () => ({ ...counts }),
    shipmentsOf: (orderId) =>
      [...parcels.values()].filter((parcel) => parcel.orderId === orderId && !parcel.recalled)
        .length,
  };
};
