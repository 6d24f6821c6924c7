import { unreachable } from '../../domain/shared/decider.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import { command } from './commands.ts';
import type { FulfilmentCommand } from './commands.ts';
import type { FulfilmentOutcome } from './events-records.ts';
import type { FulfilmentInput } from './inputs.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { allReserved, isOrderClosed, isShippingHopeless } from './queries.ts';
import { refundableRemainder } from './rules.ts';
import type { Fact, Fulfilment, Started } from './state.ts';
import { onTimer, timersOf } from './timers.ts';

// The workflow decides on its state with the input folded in: what the order still needs, each
// command caused by the fact that made it necessary and identified by it. Deciding again (a
// redelivered input, a later one, a restart) yields the same commands under the same ids, which
// the runner does not send twice and their receivers treat as done.

type Command = FulfilmentCommand;

const reserve = (state: Started): Command[] =>
  state.lines
    .filter((line) => line.stock === 'pending')
    .map(({ sku, quantity, asked, releases }) =>
      command('ReserveStock', asked, { sku, quantity }, sku, releases),
    );

/** Stock the order holds, given back: for `cause`, or (with none) where an operator asked. */
const release = (state: Started, cause: Fact | null): Command[] =>
  state.lines.flatMap(({ sku, stock, releases, releaseAsked }) => {
    const by = cause ?? releaseAsked;
    return stock === 'reserved' && by !== null
      ? [command('ReleaseStock', by, { sku }, sku, releases)]
      : [];
  });

const refund = (state: Started, cause: Fact): Command[] => {
  const remainder = refundableRemainder(state);
  if (remainder === 0) return [];
  const { currency } = state.payment.amount;
  const { refunded } = state.payment;
  const refundId = deterministicId(cause.id, 'RefundPayment', refunded);
  const amount = { amount: remainder, currency };
  return [command('RefundPayment', cause, { refundId, amount }, refunded)];
};

/** An authorization asked for and not answered: asked again under its own id. */
const authorization = (state: Started): Command[] => {
  const { payment, paymentAsked } = state;
  const { amount } = payment;
  const payer = state.customerId;
  const attempt = payment.declines + 1;
  if (payment.status === 'retrying' && payment.since !== null)
    return [command('AuthorizePayment', payment.since, { amount, attempt, payer }, attempt)];
  if (payment.status === 'none' && paymentAsked !== null)
    return [command('AuthorizePayment', paymentAsked, { amount, attempt: 1, payer }, 1)];
  return [];
};

/** The order's fraud risk, asked for once when it is placed (with its stock, so nothing waits). */
const score = (state: Started, policy: FulfilmentPolicy): Command[] =>
  policy.riskScoring && state.risk === null && state.outOfStock === null
    ? [command('ScoreRisk', state.placed, {})]
    : [];

/**
 * An authorized order is confirmed once its risk is known and low, or a reviewer approved it; a
 * held order waits with its stock reserved and its payment authorized, not captured.
 */
const confirmation = (state: Started, authorized: Fact, policy: FulfilmentPolicy): Command[] => {
  const { risk } = state;
  if (risk === null) return policy.riskScoring ? [] : [command('ConfirmOrder', authorized, {})];
  if (!risk.held) return [command('ConfirmOrder', authorized, {})];
  if (risk.review === null) return [];
  if (risk.review.decision === 'approved') return [command('ConfirmOrder', risk.review.at, {})];
  const detail = 'rejected by a reviewer';
  return [command('RejectOrder', risk.review.at, { reason: 'fraud_review', detail })];
};

const pay = (state: Started, policy: FulfilmentPolicy): Command[] => {
  const { payment } = state;
  if (payment.resendAsked !== null) {
    const attempt = payment.declines + 1;
    const { amount } = payment;
    const payer = state.customerId;
    return [command('AuthorizePayment', payment.resendAsked, { amount, attempt, payer }, attempt)];
  }
  if (payment.status === 'authorized' && payment.since !== null)
    return confirmation(state, payment.since, policy);
  return authorization(state);
};

const placed = (state: Started, policy: FulfilmentPolicy): Command[] => {
  if (state.outOfStock !== null) {
    const rejected = state.lines.find((line) => line.rejection !== null);
    const { requested = 0, available = 0 } = rejected?.rejection ?? {};
    const detail = `${rejected?.sku ?? '?'}: ${requested} requested, ${available} available`;
    return [command('RejectOrder', state.outOfStock, { reason: 'out_of_stock', detail })];
  }
  return [
    ...reserve(state),
    ...score(state, policy),
    ...(allReserved(state) ? pay(state, policy) : []),
  ];
};

const confirmed = (state: Started, policy: FulfilmentPolicy): Command[] => {
  const { payment, shipping } = state;
  // The capture waits for the warehouse's hand-over: a timer (timers.ts).
  const commands = reserve(state);
  if (payment.status !== 'captured' || !allReserved(state)) return commands;
  const attempt = shipping.failures + 1;
  if (shipping.retryAsked !== null) {
    commands.push(command('Ship', shipping.retryAsked, { attempt }, attempt));
  } else if (shipping.lastFailure === null && payment.since !== null) {
    commands.push(command('Ship', payment.since, { attempt: 1 }, 1));
  } else if (
    shipping.lastFailure !== null &&
    (shipping.failures >= policy.shippingMaxAttempts || isShippingHopeless(state))
  ) {
    // Refund and release follow once the order is cancelled, as for any cancellation.
    const reason = `shipping failed after ${shipping.failures} attempts: ${shipping.lastFailure.reason}`;
    commands.push(command('CancelOrder', shipping.lastFailure, { reason }));
  }
  return commands;
};

const commit = (state: Started): Command[] => {
  const shipped = state.order.shipment?.shipped ?? state.order.since;
  return state.lines
    .filter((line) => line.stock === 'reserved')
    .map(({ sku }) => command('CommitStock', shipped, { sku }, sku));
};

/**
 * The carrier's estimate, when it told one that differs from the one on record, goes on the order
 * while the parcel travels. Caused by OrderShipped (the tracking answer is no event), identified by
 * the revisions recorded so far, so each change is asked for once, however often it is decided.
 */
const revise = (state: Started): Command[] => {
  const { shipment } = state.order;
  const told = state.shipping.carrierEstimate;
  if (state.order.status !== 'shipped' || shipment === null || told === null) return [];
  const { estimatedDeliveryAt: recorded, trackingId, shipped, revisions } = shipment;
  if (recorded !== null && Date.parse(recorded) === Date.parse(told)) return [];
  const body = { trackingId, estimatedDeliveryAt: told };
  return [command('ReviseDeliveryEstimate', shipped, body, revisions, told)];
};

const undo = (state: Started): Command[] => {
  const closed = state.order.since;
  // What is still in flight is asked again (a no-op if it was done), so it is answered, then undone.
  const commands = [...reserve(state), ...authorization(state), ...release(state, closed)];
  if (state.payment.status === 'authorized')
    commands.push(command('VoidAuthorization', closed, {}));
  return [...commands, ...refund(state, closed)];
};

/** What the order's status calls for next. */
const standing = (state: Started, policy: FulfilmentPolicy): Command[] => {
  switch (state.order.status) {
    case 'placed':
      return placed(state, policy);
    case 'confirmed':
      return confirmed(state, policy);
    case 'shipped':
      return [...commit(state), ...revise(state)];
    case 'delivered':
      return commit(state);
    case 'cancelled':
    case 'rejected':
      return undo(state);
    default:
      return unreachable(state.order.status);
  }
};

/** What an operator asked for, on an order still open. */
const compensations = (state: Started): Command[] => {
  if (isOrderClosed(state)) return [];
  const { refundAsked } = state.payment;
  return [...release(state, null), ...(refundAsked === null ? [] : refund(state, refundAsked))];
};

const outcomeOf = (state: Started): FulfilmentOutcome | undefined => {
  const { status } = state.order;
  if (status === 'delivered') {
    return state.lines.every((line) => line.stock === 'committed') ? status : undefined;
  }
  if (status !== 'cancelled' && status !== 'rejected') return undefined;
  const { lines, payment } = state;
  const settled =
    lines.every((line) => line.stock !== 'pending' && line.stock !== 'reserved') &&
    authorization(state).length === 0 &&
    payment.status !== 'authorized' &&
    payment.refunded >= payment.captured;
  return settled ? status : undefined;
};

/**
 * The commands the workflow sends once `input` is folded into `state` (the state after it, and
 * after anything folded since): what the order needs next, what an operator asked, the timers due
 * by the input's time, and the outcome once nothing is left in flight.
 */
export const decide = (
  input: FulfilmentInput,
  state: Fulfilment,
  policy: FulfilmentPolicy,
): FulfilmentCommand[] => {
  if (state.stage !== 'running') return [];
  const now = Date.parse(input.at);
  const due = timersOf(state, policy).filter((timer) => timer.dueAt <= now);
  const commands = [
    ...standing(state, policy),
    ...compensations(state),
    ...due.flatMap((timer) => onTimer(state, timer, policy)),
  ];
  const outcome = outcomeOf(state);
  // Caused by the order's last event (delivered, cancelled, rejected): one id, whatever settled it.
  if (outcome !== undefined)
    commands.push(command('CompleteFulfilment', state.order.since, { outcome }));
  return commands;
};
