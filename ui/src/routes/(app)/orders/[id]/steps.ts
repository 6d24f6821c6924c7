import { rejectionInWords } from '#lib/reasons.ts';
import type { OrderStatus, Steps, TimelineEntry } from '#lib/schemas/orders.ts';

export type StepState = 'done' | 'current' | 'attention' | 'upcoming' | 'failed' | 'skipped';
export interface Step {
  readonly label: string;
  readonly state: StepState;
  readonly at: string | null;
  readonly note?: string;
  /** The codes behind the note, for a tooltip. */
  readonly codes?: string;
}

/** What the step in progress waits for, in words, and whether someone should act. */
export interface CurrentWait {
  readonly note: string;
  readonly needsAttention: boolean;
}

const happyPath = [
  { label: 'Placed', key: 'placedAt', event: 'OrderPlaced' },
  { label: 'Stock reserved', key: 'stockReservedAt', event: 'StockReserved' },
  { label: 'Payment authorized', key: 'paymentAuthorizedAt', event: 'PaymentAuthorized' },
  { label: 'Confirmed', key: 'confirmedAt', event: 'OrderConfirmed' },
  // The warehouse's work ends when the carrier has the parcel: done with the shipment.
  { label: 'Picking and packing', key: 'shippedAt', event: 'OrderShipped' },
  { label: 'Shipped', key: 'shippedAt', event: 'OrderShipped' },
  { label: 'Delivered', key: 'deliveredAt', event: 'OrderDelivered' },
] as const;

// How far along the happy path each status is, at least.
const reached: Record<OrderStatus, number> = {
  placed: 0,
  confirmed: 3,
  shipped: 5,
  delivered: 6,
  cancelled: -1,
  rejected: -1,
};

interface OrderLike {
  readonly status: OrderStatus;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly steps?: Steps | undefined;
  readonly reason?: string | null | undefined;
  readonly detail?: string | null | undefined;
  readonly cancelledBy?: string | null | undefined;
}

/**
 * The stepper: the happy path with when each step happened (from the read model's `steps`, or
 * else the timeline), and for a rejected or cancelled order the step where it left the path.
 */
export const stepsOf = (
  order: OrderLike,
  timeline: readonly TimelineEntry[],
  wait: CurrentWait | null = null,
): Step[] => {
  const seen = (event: string) =>
    timeline.find((entry) => entry.type === event)?.recordedAt ?? null;
  const times = happyPath.map(
    (step, index) =>
      order.steps?.[step.key] ?? seen(step.event) ?? (index === 0 ? order.placedAt : null),
  );
  const floor = reached[order.status];
  const done = times.map((at, index) => at !== null || index <= floor);
  const failed = order.status === 'rejected' || order.status === 'cancelled';
  const firstOpen = done.findIndex((isDone) => !isDone);

  const steps: Step[] = happyPath.map((step, index) => {
    const at = times[index] ?? null;
    if (done[index] === true) return { label: step.label, state: 'done', at };
    if (failed) return { label: step.label, state: 'skipped', at: null };
    if (index !== firstOpen) return { label: step.label, state: 'upcoming', at: null };
    if (wait === null) return { label: step.label, state: 'current', at: null };
    const state = wait.needsAttention ? 'attention' : 'current';
    return { label: step.label, state, at: null, note: wait.note };
  });
  if (!failed) return steps;

  const rejected = order.status === 'rejected';
  const codes = [order.reason, order.detail].filter((part) => part !== null && part !== undefined);
  const cancelled = [
    order.cancelledBy ? `by ${order.cancelledBy}` : null,
    order.reason ? `“${order.reason}”` : null,
  ].filter((part) => part !== null);
  const end: Step = {
    label: rejected ? 'Rejected' : 'Cancelled',
    state: 'failed',
    at: order.steps?.rejectedAt ?? order.steps?.cancelledAt ?? order.updatedAt,
    note: rejected ? rejectionInWords(order.reason, order.detail) : cancelled.join(': '),
    ...(rejected && codes.length > 0 ? { codes: codes.join(' · ') } : {}),
  };
  const cut = firstOpen === -1 ? steps.length : firstOpen;
  return [...steps.slice(0, cut), end, ...steps.slice(cut)];
};
