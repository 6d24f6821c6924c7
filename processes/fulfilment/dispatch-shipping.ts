import { z } from 'zod';
import type { OrderCommand } from '../../domain/order/commands.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { fulfilmentStream, orderStream } from '../../domain/streams.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Aggregates } from '../aggregates.ts';
import type { Carrier } from '../ports/carrier.ts';
import type { DispatchOutcome } from './dispatch-payment.ts';
import { contextOf, metadataOf } from './saga-handler.ts';
import type { Cause, SagaCommandHandler, Unsent } from './saga-handler.ts';

// The carrier's answers, checked at the edge like any outside data.
const shipAnswerSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('accepted'),
    carrier: z.string().min(1),
    trackingId: z.string().min(1),
  }),
  z.object({ outcome: z.literal('refused'), reason: z.string().min(1) }),
]);
const trackingStatusSchema = z.enum(['in_transit', 'delivered']);

export const createShippingDispatch = (deps: {
  aggregates: Aggregates;
  carrier: Carrier;
  saga: SagaCommandHandler;
  logger: Logger;
}) => {
  const { orders } = deps.aggregates;
  const { carrier, saga, logger } = deps;
  const tell = async (cause: Cause, command: Unsent<OrderCommand>) => {
    const sent: OrderCommand = { ...command, metadata: metadataOf(cause) };
    await orders.handle(orderStream(cause.orderId), sent, contextOf(cause));
  };
  /** What the carrier answered goes to the saga's stream, where the saga reads it as an input. */
  const report = async (cause: Cause, command: Parameters<SagaCommandHandler['handle']>[1]) => {
    const reported = { ...cause, commandId: deterministicId(cause.commandId, 'carrier-answer') };
    await saga.handle(fulfilmentStream(cause.orderId), command, contextOf(reported));
  };

  return {
    ship: async (cause: Cause, attempt: number): Promise<DispatchOutcome> => {
      const { orderId } = cause;
      // Cancelled (or shipped) meanwhile: hand no parcel to the carrier.
      if ((await orders.load(orderStream(orderId))).state.status !== 'confirmed') return 'skipped';
      const idempotencyKey = `${orderId}:ship:${String(attempt)}`;
      const answer = shipAnswerSchema.parse(await carrier.ship({ orderId, idempotencyKey }));
      if (answer.outcome === 'refused') {
        const data = { attempt, reason: answer.reason };
        await report(cause, { type: 'RecordShipmentFailure', data, metadata: metadataOf(cause) });
        return 'sent';
      }
      const { trackingId } = answer;
      try {
        await tell(cause, {
          type: 'MarkShipped',
          data: { orderId, carrier: answer.carrier, trackingId },
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The order closed between our look and the carrier's pickup: call the parcel back.
        logger.warn(
          { err: error, orderId, trackingId },
          'order refused the shipment; recalling it',
        );
        await carrier.recall(trackingId);
        throw error;
      }
      return 'sent';
    },
    checkDelivery: async (
      cause: Cause,
      trackingId: string,
      check: number,
    ): Promise<DispatchOutcome> => {
      const status = trackingStatusSchema.parse(await carrier.track(trackingId));
      if (status === 'delivered') {
        await tell(cause, { type: 'MarkDelivered', data: { orderId: cause.orderId } });
        return 'sent';
      }
      await report(cause, {
        type: 'RecordDeliveryPending',
        data: { check },
        metadata: metadataOf(cause),
      });
      return 'sent';
    },
  };
};
