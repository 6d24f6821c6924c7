import type { OrderLine } from '../../domain/order/events.ts';
import type { Money } from '../../domain/shared/money.ts';
import {
  fulfilmentStream,
  inventoryStream,
  orderStream,
  paymentStream,
} from '../../domain/streams.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { MetadataInput } from '../../infra/eventstore/metadata.ts';
import { carrierName } from '../../processes/ports/simulated-carrier.ts';
import type { SeededEvent } from './seed-event.ts';

// One order's history as the live system writes it: the customer's command through the API, then
// the fulfilment workflow's commands (processes/fulfilment/decide.ts), each to its aggregate.
// Ids follow the live rules: a saga command's id derives from its cause, the type and its subject
// (commands.ts), an event's id from its command id and index (decide-batch.ts). The int and unit
// tests replay the same story through the real deciders and the saga's decide and compare.

export const outcomes = ['delivered', 'shipped', 'pending', 'cancelled', 'payment_failed'] as const;
export type Outcome = (typeof outcomes)[number];

/** The saga's actor (processes/fulfilment/records.ts). */
export const sagaActorId = 'fulfilment-saga';

/** What the planner decided about an order; every time is ms since the epoch. */
export type OrderPlan = {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
  readonly outcome: Outcome;
  readonly placedAt: number;
  /** The saga's reaction times, one per step, ms (a few tens). */
  readonly reactions: readonly number[];
  readonly shipAfterMs: number;
  readonly transitMs: number;
  readonly cancelAfterMs: number;
  readonly cancelReason: string;
  readonly declineReason: string;
  /** PAYMENT_DECLINE_GRACE_MS plus the scheduler's tick. */
  readonly rejectAfterMs: number;
};

/** An event of the story; inventory revisions are given when the event is written (shared streams). */
export type StoryEvent = {
  readonly stream: string;
  /** Undefined: a stream other writers share (inventory), numbered in log order. */
  readonly revision: number | undefined;
  readonly id: string;
  readonly event: SeededEvent;
  readonly metadata: MetadataInput;
  readonly at: number;
};

type Context = { commandId: string; causationId: string; actor: string; at: number };

/** Builds the story's events in order, stopping at `end`: what happens later has not happened. */
export const orderStory = (plan: OrderPlan, end: number): StoryEvent[] => {
  const { orderId, customerId, lines, total } = plan;
  const events: StoryEvent[] = [];
  const own = new Map<string, number>();
  let reaction = 0;
  let clock = plan.placedAt;
  let stopped = false;

  /** Appends what one command decided; returns the first event's id (the next cause). */
  const append = (stream: string, shared: boolean, context: Context, made: SeededEvent[]) => {
    if (context.at > end) stopped = true;
    if (stopped) return '';
    const occurredAt = new Date(context.at).toISOString();
    const first = deterministicId(context.commandId, 0);
    made.forEach((event, index) => {
      const revision = shared ? undefined : (own.get(stream) ?? 0);
      if (!shared) own.set(stream, (revision ?? 0) + 1);
      const metadata: MetadataInput = {
        $correlationId: orderId,
        $causationId: context.causationId,
        actor: context.actor,
        occurredAt,
        commandId: context.commandId,
      };
      const id = index === 0 ? first : deterministicId(context.commandId, index);
      events.push({ stream, revision, id, event, metadata, at: context.at });
    });
    return first;
  };
  /** The saga's next command, sent a reaction time after the last. */
  const saga = (cause: string, type: string, ...subject: (string | number)[]): Context => {
    clock += Math.max(1, Math.round(plan.reactions[reaction++ % plan.reactions.length] ?? 1));
    const commandId = deterministicId(cause, type, ...subject);
    return { commandId, causationId: cause, actor: sagaActorId, at: clock };
  };
  const iso = () => new Date(clock).toISOString();
  const order = orderStream(orderId);
  const payment = paymentStream(orderId);

  const placeCommand = deterministicId('PlaceOrder', customerId, orderId);
  const placed = append(
    order,
    false,
    {
      commandId: placeCommand,
      causationId: deterministicId('request', placeCommand),
      actor: customerId,
      at: clock,
    },
    [
      {
        type: 'OrderPlaced',
        data: { orderId, customerId, lines: [...lines], total, placedAt: iso() },
      },
    ],
  );
  if (plan.outcome === 'pending') return events;

  let lastReserved = placed;
  for (const { sku, quantity } of lines) {
    const context = saga(placed, 'ReserveStock', sku, 0);
    lastReserved = append(inventoryStream(sku), true, context, [
      { type: 'StockReserved', data: { sku, orderId, quantity, reservedAt: iso() } },
    ]);
  }
  const authorize = saga(lastReserved, 'AuthorizePayment', 1);
  const release = (cause: string) => {
    for (const { sku, quantity } of lines) {
      const context = saga(cause, 'ReleaseStock', sku, 0);
      append(inventoryStream(sku), true, context, [
        { type: 'StockReleased', data: { sku, orderId, quantity, releasedAt: iso() } },
      ]);
    }
  };
  const complete = (cause: string, outcome: 'delivered' | 'cancelled' | 'rejected') =>
    append(fulfilmentStream(orderId), false, saga(cause, 'CompleteFulfilment'), [
      { type: 'FulfilmentCompleted', data: { outcome } },
    ]);

  if (plan.outcome === 'payment_failed') {
    const reason = plan.declineReason;
    const declined = append(payment, false, authorize, [
      { type: 'PaymentDeclined', data: { orderId, amount: total, reason, declinedAt: iso() } },
    ]);
    clock += plan.rejectAfterMs;
    const reject = saga(declined, 'RejectOrder');
    const rejected = append(order, false, reject, [
      {
        type: 'OrderRejected',
        data: { orderId, reason: 'payment_declined', detail: reason, rejectedAt: iso() },
      },
    ]);
    release(rejected);
    complete(rejected, 'rejected');
    return events;
  }

  const authorizationId = `auth-${deterministicId('authorize', orderId, 1)}`;
  const authorized = append(payment, false, authorize, [
    {
      type: 'PaymentAuthorized',
      data: { orderId, amount: total, authorizationId, authorizedAt: iso() },
    },
  ]);
  const confirmed = append(order, false, saga(authorized, 'ConfirmOrder'), [
    { type: 'OrderConfirmed', data: { orderId, confirmedAt: iso() } },
  ]);
  const captured = append(payment, false, saga(confirmed, 'CapturePayment'), [
    { type: 'PaymentCaptured', data: { orderId, amount: total, capturedAt: iso() } },
  ]);

  if (plan.outcome === 'cancelled') {
    clock = plan.placedAt + plan.cancelAfterMs;
    const commandId = deterministicId('CancelOrder', orderId);
    const context = {
      commandId,
      causationId: deterministicId('request', commandId),
      actor: customerId,
      at: clock,
    };
    const reason = plan.cancelReason;
    const cancelled = append(order, false, context, [
      {
        type: 'OrderCancelled',
        data: { orderId, reason, cancelledBy: customerId, cancelledAt: iso() },
      },
    ]);
    release(cancelled);
    const refund = saga(cancelled, 'RefundPayment', 0);
    const refundId = deterministicId(cancelled, 'RefundPayment', 0);
    append(payment, false, refund, [
      { type: 'PaymentRefunded', data: { orderId, refundId, amount: total, refundedAt: iso() } },
    ]);
    complete(cancelled, 'cancelled');
    return events;
  }

  clock = plan.placedAt + plan.shipAfterMs;
  const ship = saga(captured, 'Ship', 1);
  const trackingId = `SIM-${deterministicId('parcel', `${orderId}:ship:1`)}`;
  const shipped = append(order, false, ship, [
    { type: 'OrderShipped', data: { orderId, carrier: carrierName, trackingId, shippedAt: iso() } },
  ]);
  for (const { sku, quantity } of lines) {
    append(inventoryStream(sku), true, saga(shipped, 'CommitStock', sku), [
      { type: 'StockCommitted', data: { sku, orderId, quantity, committedAt: iso() } },
    ]);
  }
  if (plan.outcome === 'shipped') return events;

  // The delivery check that found the parcel delivered was due at this instant (timers.ts).
  clock = Math.max(clock + 1, plan.placedAt + plan.shipAfterMs + plan.transitMs);
  const dueAt = clock;
  const deliver = {
    commandId: deterministicId(shipped, 'TrackShipment', dueAt),
    causationId: shipped,
    actor: sagaActorId,
    at: clock,
  };
  const delivered = append(order, false, deliver, [
    { type: 'OrderDelivered', data: { orderId, deliveredAt: iso() } },
  ]);
  complete(delivered, 'delivered');
  return events;
};
