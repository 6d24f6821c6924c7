import { DomainError } from '../../domain/shared/errors.ts';

// The carrier PORT. Every shipment request carries an idempotency key, so a request retried after
// a timeout ships one parcel, not two.

export const serviceLevels = ['standard', 'express'] as const;
export type ServiceLevel = (typeof serviceLevels)[number];

export type ShipRequest = {
  readonly orderId: string;
  readonly idempotencyKey: string;
  /** Where the parcel goes: an address id, or the customer's id when the order names none. */
  readonly destination: string;
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
