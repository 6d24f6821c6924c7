/** The saga's timings and limits; the composition root fills them from the configuration. */
export type FulfilmentPolicy = {
  /** How long stock stays reserved without an authorized payment (RESERVATION_TIMEOUT_MS). */
  readonly reservationTimeoutMs: number;
  /** How long a declined payment may be retried by an operator (PAYMENT_DECLINE_GRACE_MS). */
  readonly paymentDeclineGraceMs: number;
  /** Carrier attempts before the order is cancelled (SHIPPING_MAX_ATTEMPTS). */
  readonly shippingMaxAttempts: number;
  /** The wait before shipping attempt n + 1 is `shippingRetryBaseMs * 2^(n - 1)`. */
  readonly shippingRetryBaseMs: number;
  /**
   * Picking and packing: from confirmation to the parcel handed to the carrier
   * (WAREHOUSE_PICK_PACK_MS). The payment is captured at the hand-over, so a customer who cancels
   * meanwhile has the authorization voided, never a refund.
   */
  readonly warehouseMs: number;
  /** The first delivery check, counted from shipping (CARRIER_DELIVERY_DELAY_MS). */
  readonly deliveryCheckMs: number;
  /** The wait between later checks while the parcel is in transit. */
  readonly deliveryRecheckMs: number;
  /**
   * Fraud risk: scored once per order when it is placed (the order is confirmed only once it is
   * scored); held for a reviewer at or above `reviewThreshold` (FRAUD_REVIEW_THRESHOLD, 0–100;
   * 101 never holds); rejected by itself after `reviewTimeoutMs` without a review
   * (FRAUD_REVIEW_TIMEOUT_MS). Off where no scorer runs.
   */
  readonly riskScoring: boolean;
  readonly reviewThreshold: number;
  readonly reviewTimeoutMs: number;
};

export const defaultPolicy: FulfilmentPolicy = {
  reservationTimeoutMs: 10 * 60 * 1000,
  paymentDeclineGraceMs: 60 * 1000,
  shippingMaxAttempts: 3,
  shippingRetryBaseMs: 1000,
  warehouseMs: 0,
  deliveryCheckMs: 5000,
  deliveryRecheckMs: 1000,
  riskScoring: false,
  reviewThreshold: 101,
  reviewTimeoutMs: 24 * 60 * 60 * 1000,
};
