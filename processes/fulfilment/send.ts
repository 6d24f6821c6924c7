import { z } from 'zod';
import type { InventoryCommand } from '../../domain/inventory/commands.ts';
import type { OrderCommand } from '../../domain/order/commands.ts';
import type { PaymentCommand } from '../../domain/payment/commands.ts';
import { authorizationAnswerSchema } from '../../domain/payment/commands.ts';
import type { PaymentProvider } from '../../domain/payment/provider.ts';
import { authorizationIdempotencyKey, needsAuthorization } from '../../domain/payment/state.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  fulfilmentStream,
  inventoryStream,
  orderStream,
  paymentStream,
} from '../../domain/streams.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Aggregates } from '../aggregates.ts';
import type { Carrier, ShipRequest } from '../ports/carrier.ts';
import { defaultServiceLevel } from '../../domain/order/ship-to.ts';
import type { ExistingOrder } from '../../domain/order/state.ts';
import type { Erased } from '../../infra/pii/vault.ts';
import { addressErased } from './queries.ts';
import type { ShipToOpener } from './ship-to.ts';
import type { FulfilmentCommand } from './commands.ts';
import type { RiskAssessment } from './events-records.ts';
import { contextOf, metadataOf } from './records.ts';
import type { Cause, RecordCommand, RecordsHandler, Unsent } from './records.ts';

// Carries out one command of the workflow. Every call is idempotent: the aggregates treat a
// repeated command id as done, the ports are called with keys derived from the order, and a step
// already taken (read from the aggregate first) never reaches a port again.

const shipAnswerSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('accepted'),
    carrier: z.string().min(1),
    trackingId: z.string().min(1),
    estimatedDeliveryAt: z.iso.datetime({ offset: true }).optional(),
  }),
  z.object({ outcome: z.literal('refused'), reason: z.string().min(1) }),
]);
const trackingSchema = z.object({
  status: z.enum(['in_transit', 'delivered']),
  estimatedDeliveryAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * In transit: the carrier has not delivered yet (the workflow checks again later), and told its
 * current estimate if it gave one (the workflow records it when it changed).
 */
export type InTransit = { readonly outcome: 'in_transit'; readonly estimatedDeliveryAt?: string };
export type SendOutcome = 'sent' | 'skipped' | InTransit;

/**
 * The order's fraud risk from what the log held when it was placed, and whether it is held at the
 * threshold in force; throws while the order's features are not known yet (retried).
 */
export type RiskAssessor = (orderId: string) => RiskAssessment;

export interface SenderDeps {
  readonly assessRisk?: RiskAssessor;
  readonly aggregates: Aggregates;
  readonly records: RecordsHandler;
  readonly provider: PaymentProvider;
  readonly carrier: Carrier;
  /** Opens an order's sealed ship-to; absent where no key store runs (no order names one). */
  readonly openShipTo?: ShipToOpener;
  readonly logger: Logger;
}

export const createSender = (deps: SenderDeps) => {
  const { aggregates, records, provider, carrier, logger } = deps;
  const { orders, inventory, payments } = aggregates;

  const toOrder = async (cause: Cause, command: Unsent<OrderCommand>): Promise<SendOutcome> => {
    const sent: OrderCommand = { ...command, metadata: metadataOf(cause) };
    await orders.handle(orderStream(cause.orderId), sent, contextOf(cause));
    return 'sent';
  };
  const toInventory = async (
    cause: Cause,
    command: Unsent<InventoryCommand>,
  ): Promise<SendOutcome> => {
    const sent: InventoryCommand = { ...command, metadata: metadataOf(cause) };
    await inventory.handle(inventoryStream(command.data.sku), sent, contextOf(cause));
    return 'sent';
  };
  const toPayment = async (cause: Cause, command: Unsent<PaymentCommand>): Promise<SendOutcome> => {
    const sent: PaymentCommand = { ...command, metadata: metadataOf(cause) };
    await payments.handle(paymentStream(cause.orderId), sent, contextOf(cause));
    return 'sent';
  };
  const toRecords = async (cause: Cause, command: Unsent<RecordCommand>): Promise<SendOutcome> => {
    const sent: RecordCommand = { ...command, metadata: metadataOf(cause) };
    await records.handle(fulfilmentStream(cause.orderId), sent, contextOf(cause));
    return 'sent';
  };
  const payment = async (orderId: string) => (await payments.load(paymentStream(orderId))).state;

  const authorize = async (
    cause: Cause,
    command: Extract<FulfilmentCommand, { type: 'AuthorizePayment' }>,
  ): Promise<SendOutcome> => {
    const { orderId } = cause;
    const state = await payment(orderId);
    const declines = state.status === 'declined' ? state.declines : 0;
    // Attempt n is answered once n - 1 declines are behind it: a later state means it was.
    if (!needsAuthorization(state) || declines !== command.attempt - 1) return 'skipped';
    const idempotencyKey = authorizationIdempotencyKey(orderId, state);
    const { amount, payer } = command;
    const answer = authorizationAnswerSchema.parse(
      await provider.authorize({ orderId, payer, amount, idempotencyKey }),
    );
    return toPayment(cause, { type: 'AuthorizePayment', data: { orderId, amount, answer } });
  };

  /** The address the order was placed to, opened; the customer's id for orders naming none. */
  const destinationOf = async (
    order: ExistingOrder,
  ): Promise<ShipRequest['destination'] | Erased> => {
    if (order.shipTo === undefined) return { customerId: order.customerId };
    if (deps.openShipTo === undefined)
      throw new Error('an order names an address, and no key store runs in this process');
    return deps.openShipTo(order.customerId, order.shipTo);
  };

  const ship = async (cause: Cause, attempt: number): Promise<SendOutcome> => {
    const { orderId } = cause;
    // Cancelled (or shipped) meanwhile: hand no parcel to the carrier.
    const { state } = await orders.load(orderStream(orderId));
    if (state.status !== 'confirmed') return 'skipped';
    const idempotencyKey = `${orderId}:ship:${String(attempt)}`;
    const destination = await destinationOf(state);
    const serviceLevel = state.serviceLevel ?? defaultServiceLevel;
    // Erased before it shipped: no carrier can be given an address, so the attempt is refused
    // as the carrier would refuse it, and the workflow cancels and refunds (decide.ts).
    const answer =
      'erased' in destination
        ? { outcome: 'refused' as const, reason: addressErased }
        : shipAnswerSchema.parse(
            await carrier.ship({ orderId, idempotencyKey, destination, serviceLevel }),
          );
    if (answer.outcome === 'refused') {
      const data = { attempt, reason: answer.reason };
      return toRecords(cause, { type: 'RecordShipmentFailure', data });
    }
    const { trackingId, estimatedDeliveryAt } = answer;
    try {
      return await toOrder(cause, {
        type: 'MarkShipped',
        data: { orderId, carrier: answer.carrier, trackingId, estimatedDeliveryAt },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The order closed between our look and the carrier's pickup: call the parcel back.
      logger.warn({ err: error, orderId, trackingId }, 'order refused the shipment; recalling it');
      await carrier.recall(trackingId);
      throw error;
    }
  };

  return async (cause: Cause, command: FulfilmentCommand): Promise<SendOutcome> => {
    const { orderId } = cause;
    switch (command.type) {
      case 'ReserveStock': {
        const { sku, quantity } = command;
        return toInventory(cause, { type: 'ReserveStock', data: { sku, orderId, quantity } });
      }
      case 'ReleaseStock':
        return toInventory(cause, { type: 'ReleaseStock', data: { sku: command.sku, orderId } });
      case 'CommitStock':
        return toInventory(cause, { type: 'CommitStock', data: { sku: command.sku, orderId } });
      case 'AuthorizePayment':
        return authorize(cause, command);
      case 'CapturePayment': {
        const state = await payment(orderId);
        if (state.status !== 'authorized') return 'skipped';
        const { authorizationId, amount } = state;
        const idempotencyKey = `${orderId}:capture`;
        await provider.capture({ orderId, authorizationId, amount, idempotencyKey });
        return toPayment(cause, { type: 'CapturePayment', data: { orderId } });
      }
      case 'VoidAuthorization': {
        const state = await payment(orderId);
        if (state.status !== 'authorized') return 'skipped';
        const { authorizationId } = state;
        await provider.void({ orderId, authorizationId, idempotencyKey: `${orderId}:void` });
        return toPayment(cause, { type: 'VoidAuthorization', data: { orderId } });
      }
      case 'RefundPayment': {
        const { refundId, amount } = command;
        const state = await payment(orderId);
        if (state.status !== 'captured' || state.refundIds.includes(refundId)) return 'skipped';
        const { authorizationId } = state;
        await provider.refund({ orderId, authorizationId, amount, idempotencyKey: refundId });
        return toPayment(cause, { type: 'RefundPayment', data: { orderId, refundId, amount } });
      }
      case 'ConfirmOrder':
        return toOrder(cause, { type: 'ConfirmOrder', data: { orderId } });
      case 'RejectOrder': {
        const { reason, detail } = command;
        return toOrder(cause, { type: 'RejectOrder', data: { orderId, reason, detail } });
      }
      case 'CancelOrder':
        return toOrder(cause, { type: 'CancelOrder', data: { orderId, reason: command.reason } });
      case 'Ship':
        return ship(cause, command.attempt);
      case 'TrackShipment': {
        const tracking = trackingSchema.parse(await carrier.track(command.trackingId));
        const { status, estimatedDeliveryAt } = tracking;
        // Delivered: the estimate no longer matters, the delivery is what the customer hears of.
        if (status === 'delivered')
          return toOrder(cause, { type: 'MarkDelivered', data: { orderId } });
        return estimatedDeliveryAt === undefined
          ? { outcome: status }
          : { outcome: status, estimatedDeliveryAt };
      }
      case 'ReviseDeliveryEstimate': {
        const { trackingId, estimatedDeliveryAt } = command;
        const data = { orderId, trackingId, estimatedDeliveryAt };
        return toOrder(cause, { type: 'ReviseDeliveryEstimate', data });
      }
      case 'CompleteFulfilment':
        return toRecords(cause, { type: 'RecordOutcome', data: { outcome: command.outcome } });
      case 'ScoreRisk': {
        if (deps.assessRisk === undefined) throw new Error('no risk scorer runs in this process');
        return toRecords(cause, { type: 'RecordRiskScore', data: deps.assessRisk(orderId) });
      }
      default:
        return unreachable(command);
    }
  };
};

export type Sender = ReturnType<typeof createSender>;
