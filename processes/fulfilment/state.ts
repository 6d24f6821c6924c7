import type { Money } from '../../domain/shared/money.ts';
import type { FulfilmentOutcome } from './events-records.ts';

/** An event the workflow learnt something from: the cause of what it then asks for, and when. */
export type Fact = { readonly id: string; readonly at: string };

export type LineStock = 'pending' | 'reserved' | 'rejected' | 'released' | 'committed';

export type SagaLine = {
  readonly sku: string;
  readonly quantity: number;
  /** 'pending': a reservation is asked for (by `asked`) and not answered yet. */
  readonly stock: LineStock;
  readonly asked: Fact;
  /** Times released: a reservation after a release is a new command. */
  readonly releases: number;
  /** An operator asked to release this line's stock (CompensationRequested). */
  readonly releaseAsked: Fact | null;
  readonly rejection: { readonly requested: number; readonly available: number } | null;
};

export type SagaPayment = {
  /** 'retrying': an operator asked for another attempt after a decline (RetryRequested). */
  readonly status: 'none' | 'declined' | 'retrying' | 'authorized' | 'captured' | 'voided';
  readonly amount: Money;
  /** The event that set `status` (PaymentAuthorized, PaymentDeclined, RetryRequested…). */
  readonly since: Fact | null;
  readonly declines: number;
  readonly declineReason: string | null;
  /** An operator asked to send the unanswered attempt again. */
  readonly resendAsked: Fact | null;
  /** Minor units of `amount.currency`. */
  readonly captured: number;
  readonly refunded: number;
  readonly refundAsked: Fact | null;
};

export type SagaOrder = {
  readonly status: 'placed' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled' | 'rejected';
  /** The order event that set `status`. */
  readonly since: Fact;
  readonly reason: string | null;
  readonly shipment: {
    readonly carrier: string;
    readonly trackingId: string;
    readonly shipped: Fact;
    /** The estimate on record: the hand-over's, or the last OrderDeliveryEstimateRevised's. */
    readonly estimatedDeliveryAt: string | null;
    /** OrderDeliveryEstimateRevised events so far: each revision's command id counts from it. */
    readonly revisions: number;
  } | null;
};

export type SagaRisk = {
  readonly score: number;
  readonly held: boolean;
  /** The RiskScored event: the review's timeout counts from it. */
  readonly scored: Fact;
  readonly review: { readonly decision: 'approved' | 'rejected'; readonly at: Fact } | null;
};

export type SagaShipping = {
  /** Attempts the carrier refused (ShipmentFailed); attempt n + 1 is the next one. */
  readonly failures: number;
  readonly lastFailure: (Fact & { readonly reason: string }) | null;
  readonly retryAsked: Fact | null;
  /** When the carrier last said "in transit" (known to this process only, never stored). */
  readonly inTransitAt: string | null;
  /** The estimate the carrier last gave when tracked (this process only, never stored). */
  readonly carrierEstimate: string | null;
};

export type Started = {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly SagaLine[];
  readonly payment: SagaPayment;
  readonly order: SagaOrder;
  readonly shipping: SagaShipping;
  /** The last StockReserved: the reservation times out counted from it. */
  readonly lastReserved: Fact | null;
  /** The reservation that completed the order's stock: the payment was asked for on it. */
  readonly paymentAsked: Fact | null;
  /** The first StockReservationRejected. */
  readonly outOfStock: Fact | null;
  /** The OrderPlaced event: the scoring is asked for on it. */
  readonly placed: Fact;
  /** The fraud risk once scored. */
  readonly risk: SagaRisk | null;
};

/** The workflow's state, folded from the domain events of one order and the saga's records. */
export type Fulfilment =
  | { readonly stage: 'unstarted' }
  | (Started & { readonly stage: 'running' })
  | (Started & { readonly stage: 'completed'; readonly outcome: FulfilmentOutcome });

export type StartedFulfilment = Exclude<Fulfilment, { stage: 'unstarted' }>;

export const initialState: Fulfilment = { stage: 'unstarted' };
