import { addId, emptyIdSet } from '../../domain/shared/id-set.ts';
import type { IdSet } from '../../domain/shared/id-set.ts';
import type { Money } from '../../domain/shared/money.ts';
import type { FulfilmentOutcome, TimerPurpose } from './events-decided.ts';
import type { FulfilmentStarted } from './events-observed.ts';

/** What the saga last learnt of a line's stock: its request, then the inventory's answer. */
export type LineStock =
  'unrequested' | 'requested' | 'reserved' | 'rejected' | 'released' | 'committed';

export type SagaLine = {
  readonly sku: string;
  readonly quantity: number;
  readonly stock: LineStock;
  /** A release or commit the saga asked for and has not seen happen yet. */
  readonly pending: 'none' | 'release' | 'commit';
};

export type SagaPayment = {
  readonly status: 'none' | 'requested' | 'declined' | 'authorized' | 'captured' | 'voided';
  readonly amount: Money;
  /** Authorization attempts asked for; the provider's idempotency key follows it. */
  readonly attempts: number;
  readonly declines: number;
  readonly declineReason: string | null;
  readonly captureRequested: boolean;
  readonly voidRequested: boolean;
  /** Minor units of `amount.currency`. */
  readonly captured: number;
  readonly refundRequested: number;
  readonly refunded: number;
};

export type SagaOrder = {
  readonly status: 'placed' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled' | 'rejected';
  readonly confirmRequested: boolean;
  /** The saga asked the order to close; it stops advancing until the order answers. */
  readonly closing: 'reject' | 'cancel' | null;
  readonly shipment: { readonly carrier: string; readonly trackingId: string } | null;
};

export type SagaShipping = {
  readonly status: 'idle' | 'requested' | 'failed' | 'shipped';
  readonly attempts: number;
  readonly lastFailure: string | null;
  /** Delivery checks asked for, and the last one the carrier answered with "in transit". */
  readonly checks: number;
  readonly checksAnswered: number;
};

export type SagaTimer = {
  readonly purpose: TimerPurpose;
  readonly attempt: number;
  readonly fireAt: string;
  readonly status: 'scheduled' | 'fired' | 'cancelled';
};

export type Started = {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly SagaLine[];
  readonly payment: SagaPayment;
  readonly order: SagaOrder;
  readonly shipping: SagaShipping;
  readonly timers: Readonly<Record<string, SagaTimer>>;
  /** Ids of the inputs already observed: a redelivered one changes nothing. */
  readonly observed: IdSet;
};

export type Fulfilment =
  /** No OrderPlaced seen yet; a cancellation may overtake it on redelivery. */
  | { readonly stage: 'unstarted'; readonly observed: IdSet; readonly cancelledEarly: boolean }
  | (Started & { readonly stage: 'running' })
  | (Started & { readonly stage: 'completed'; readonly outcome: FulfilmentOutcome });

export type StartedFulfilment = Exclude<Fulfilment, { stage: 'unstarted' }>;

export const initialState: Fulfilment = {
  stage: 'unstarted',
  observed: emptyIdSet,
  cancelledEarly: false,
};

/** The saga once it saw OrderPlaced: nothing asked for yet, or closed when a cancel came first. */
export const startedState = (
  { orderId, customerId, lines, amount, inputId }: FulfilmentStarted['data'],
  before: { observed: IdSet; cancelledEarly: boolean },
): Started => ({
  orderId,
  customerId,
  lines: lines.map(({ sku, quantity }) => ({
    sku,
    quantity,
    stock: 'unrequested',
    pending: 'none',
  })),
  payment: {
    status: 'none',
    amount,
    attempts: 0,
    declines: 0,
    declineReason: null,
    captureRequested: false,
    voidRequested: false,
    captured: 0,
    refundRequested: 0,
    refunded: 0,
  },
  order: {
    status: before.cancelledEarly ? 'cancelled' : 'placed',
    confirmRequested: false,
    closing: null,
    shipment: null,
  },
  shipping: { status: 'idle', attempts: 0, lastFailure: null, checks: 0, checksAnswered: 0 },
  timers: {},
  observed: addId(before.observed, inputId),
});
