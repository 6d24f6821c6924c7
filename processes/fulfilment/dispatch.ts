import type { InventoryCommand } from '../../domain/inventory/commands.ts';
import type { OrderCommand } from '../../domain/order/commands.ts';
import type { PaymentProvider } from '../../domain/payment/provider.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { inventoryStream, orderStream } from '../../domain/streams.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../aggregates.ts';
import type { Carrier } from '../ports/carrier.ts';
import type { Clock } from '../ports/clock.ts';
import { createPaymentDispatch } from './dispatch-payment.ts';
import type { DispatchOutcome } from './dispatch-payment.ts';
import { createShippingDispatch } from './dispatch-shipping.ts';
import { isCommandDecision } from './events-decided.ts';
import type { CommandDecision } from './events-decided.ts';
import type { SagaEvent } from './events.ts';
import { contextOf, metadataOf, sagaActor } from './saga-handler.ts';
import type { Cause, SagaCommandHandler, Unsent } from './saga-handler.ts';

/** A decision as stored: its event id is the causation of the command it becomes. */
export type RecordedDecision = { readonly id: string; readonly event: SagaEvent };

export interface DispatcherDeps {
  readonly aggregates: Aggregates;
  readonly provider: PaymentProvider;
  readonly carrier: Carrier;
  readonly saga: SagaCommandHandler;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface Dispatcher {
  /**
   * Sends the command a decision stands for. Idempotent: the command id is the decision's. A
   * business refusal is logged and swallowed (the saga learns why from the events that explain
   * it); anything else is thrown, so the input is retried.
   */
  dispatch(orderId: string, decision: RecordedDecision): Promise<void>;
}

export const createDispatcher = (deps: DispatcherDeps): Dispatcher => {
  const { aggregates, clock, logger } = deps;
  const payment = createPaymentDispatch(deps);
  const shipping = createShippingDispatch(deps);
  const dispatched = deps.metrics.counter(
    'fulfilment_commands_dispatched_total',
    'Commands the fulfilment saga dispatched, by decision and outcome',
    ['decision', 'outcome'],
  );

  const inventory = async (
    cause: Cause,
    command: Unsent<InventoryCommand>,
  ): Promise<DispatchOutcome> => {
    const sent: InventoryCommand = { ...command, metadata: metadataOf(cause) };
    await aggregates.inventory.handle(inventoryStream(command.data.sku), sent, contextOf(cause));
    return 'sent';
  };
  const order = async (cause: Cause, command: Unsent<OrderCommand>): Promise<DispatchOutcome> => {
    const sent: OrderCommand = { ...command, metadata: metadataOf(cause) };
    await aggregates.orders.handle(orderStream(cause.orderId), sent, contextOf(cause));
    return 'sent';
  };

  const send = (cause: Cause, decision: CommandDecision): Promise<DispatchOutcome> => {
    const { orderId } = cause;
    switch (decision.type) {
      case 'StockReservationRequested': {
        const { sku, quantity } = decision.data;
        return inventory(cause, { type: 'ReserveStock', data: { sku, orderId, quantity } });
      }
      case 'StockReleaseRequested':
        return inventory(cause, {
          type: 'ReleaseStock',
          data: { sku: decision.data.sku, orderId },
        });
      case 'StockCommitRequested':
        return inventory(cause, { type: 'CommitStock', data: { sku: decision.data.sku, orderId } });
      case 'PaymentAuthorizationRequested':
        return payment.authorize(cause, decision.data.amount, decision.data.attempt);
      case 'PaymentCaptureRequested':
        return payment.capture(cause);
      case 'VoidRequested':
        return payment.void(cause);
      case 'RefundRequested':
        return payment.refund(cause, decision.data.refundId, decision.data.amount);
      case 'OrderConfirmationRequested':
        return order(cause, { type: 'ConfirmOrder', data: { orderId } });
      case 'OrderRejectionRequested': {
        const { reason, detail } = decision.data;
        return order(cause, { type: 'RejectOrder', data: { orderId, reason, detail } });
      }
      case 'CancellationRequested':
        return order(cause, {
          type: 'CancelOrder',
          data: { orderId, reason: decision.data.reason },
        });
      case 'ShipmentRequested':
        return shipping.ship(cause, decision.data.attempt);
      case 'DeliveryCheckRequested':
        return shipping.checkDelivery(cause, decision.data.trackingId, decision.data.check);
      default:
        return unreachable(decision);
    }
  };

  return {
    async dispatch(orderId, { id, event }) {
      if (!isCommandDecision(event)) return;
      const cause = {
        orderId,
        causationId: id,
        commandId: event.data.commandId,
        actor: sagaActor,
        now: clock.now(),
      };
      try {
        dispatched.inc({ decision: event.type, outcome: await send(cause, event) });
      } catch (error) {
        if (!(error instanceof DomainError)) {
          dispatched.inc({ decision: event.type, outcome: 'failed' });
          throw error;
        }
        dispatched.inc({ decision: event.type, outcome: 'refused' });
        logger.info(
          { orderId, decision: event.type, code: error.code, reason: error.message },
          'command refused',
        );
      }
    },
  };
};
