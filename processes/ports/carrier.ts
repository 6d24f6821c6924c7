import { DomainError } from '../../domain/shared/errors.ts';
import type { ServiceLevel } from '../../domain/order/ship-to.ts';

// The carrier PORT. Every shipment request carries an idempotency key, so a request retried after
// a timeout ships one parcel, not two.

// The order owns what a service level is; the port only carries it.
export { serviceLevels, type ServiceLevel } from '../../domain/order/ship-to.ts';

/** What a carrier needs on the label: the ship-to address, opened for this request only. */
export type ShippingAddress = {
  readonly recipient: string;
  readonly line1: string;
  readonly line2?: string | undefined;
  readonly postalCode: string;
  readonly city: string;
  readonly region?: string | undefined;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly phone?: string | undefined;
};

export type ShipRequest = {
  readonly orderId: string;
  readonly idempotencyKey: string;
  /**
   * Where the parcel goes: the address the order was placed to, or the customer's id for orders
   * that name none (guests, dev tokens, history from before addresses).
   */
  readonly destination: ShippingAddress | { readonly customerId: string };
  readonly serviceLevel: ServiceLevel;
};
export type ShipAnswer =
  | {
      readonly outcome: 'accepted';
      readonly carrier: string;
      readonly trackingId: string;
      /** The carrier's promise when it took the parcel (ISO). */
      readonly estimatedDeliveryAt: string;
    }
  /** A business answer (the address cannot be served): trying again later may help or not. */
  | { readonly outcome: 'refused'; readonly reason: string };
export type TrackingStatus = 'in_transit' | 'delivered';
/** A parcel as the carrier sees it now; its estimate may differ from the one given at hand-over. */
export type Tracking = {
  readonly status: TrackingStatus;
  /** The carrier's current estimate (ISO), when it gives one. */
  readonly estimatedDeliveryAt?: string;
};

/** Transport failures reject the promise (retry with the same key); a refusal is an answer. */
export interface Carrier {
  ship(request: ShipRequest): Promise<ShipAnswer>;
  track(trackingId: string): Promise<Tracking>;
  /** Calls a parcel back before it reaches the customer, e.g. when its order was cancelled. */
  recall(trackingId: string): Promise<void>;
}

export class UnknownShipment extends DomainError {
  constructor(trackingId: string) {
    super('unknown_shipment', 'not_found', `The carrier knows no live shipment ${trackingId}`, {
      trackingId,
    });
  }
}
