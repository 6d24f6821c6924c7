import type { InventoryCommand } from '../../../domain/inventory/commands.ts';
import { inventoryDecider } from '../../../domain/inventory/index.ts';
import type { OrderCommand } from '../../../domain/order/commands.ts';
import { orderDecider } from '../../../domain/order/index.ts';
import type { Order } from '../../../domain/order/state.ts';
import type { PaymentCommand } from '../../../domain/payment/commands.ts';
import { paymentDecider } from '../../../domain/payment/index.ts';
import type { Payment } from '../../../domain/payment/state.ts';
import type { Actor } from '../../../domain/shared/command.ts';
import { deterministicId } from '../../../infra/eventstore/ids.ts';
import type { FulfilmentCommand } from '../../../processes/fulfilment/commands.ts';
import { decide } from '../../../processes/fulfilment/decide.ts';
import { evolve } from '../../../processes/fulfilment/evolve.ts';
import type { FulfilmentInput, WorkflowEvent } from '../../../processes/fulfilment/inputs.ts';
import { defaultPolicy } from '../../../processes/fulfilment/policy.ts';
import { recordsDecider } from '../../../processes/fulfilment/records.ts';
import type { Records } from '../../../processes/fulfilment/records.ts';
import { initialState } from '../../../processes/fulfilment/state.ts';
import type { Fulfilment } from '../../../processes/fulfilment/state.ts';
import type { SeedEvent, SeededEvent } from '../seed-event.ts';

/** What one command produced, as the live command handler would append it. */
export type Produced = {
  readonly stream: string;
  readonly id: string;
  readonly event: SeededEvent;
};

const commandIdOf = (event: SeedEvent): string =>
  typeof event.metadata.commandId === 'string' ? event.metadata.commandId : '';

export const isWorkflowEvent = (event: SeededEvent): event is WorkflowEvent =>
  event.type !== 'StockRestocked' &&
  event.type !== 'ProductAdded' &&
  event.type !== 'ProductPriceChanged' &&
  event.type !== 'ProductDetailsChanged';

const saga: Actor = { id: 'fulfilment-saga', roles: ['process'] };

/**
 * Replays one seeded order the way the live system would have lived it: the customer's commands
 * through the Order decider, then, for every event in turn, the saga's `evolve` and `decide`, and
 * each command it decides through its aggregate's decider (as processes/fulfilment/send.ts sends
 * it). What only the outside world knows (the customer's words and ids, the provider's and
 * carrier's answers, when things happened) is read from the seeded events; everything else must
 * come out equal. Returns what the replay produced for each command id, and each saga command's cause.
 */
export const replayOrder = (
  seeded: readonly SeedEvent[],
  /** The end of the seeded period: what the saga would do after it has not happened yet. */
  end: number,
): { produced: Map<string, Produced[]>; causes: Map<string, string> } => {
  const produced = new Map<string, Produced[]>();
  /** The saga's commands: each one's cause, which its events name as `$causationId`. */
  const causes = new Map<string, string>();
  const byCommand = new Map<string, SeedEvent[]>();
  for (const each of seeded) {
    const commandId = commandIdOf(each);
    byCommand.set(commandId, [...(byCommand.get(commandId) ?? []), each]);
  }
  const placed = seeded[0]?.event;
  if (placed?.type !== 'OrderPlaced') throw new Error('a story starts with OrderPlaced');
  const { orderId, customerId } = placed.data;
  let order: Order = orderDecider.initialState;
  let payment: Payment = paymentDecider.initialState;
  let records: Records = recordsDecider.initialState;
  let fold: Fulfilment = initialState;
  const sent = new Set<string>();
  const pending = seeded.length === 1;
  const lastAt = seeded.at(-1)?.at ?? 0;
  const customer: Actor = { id: customerId, roles: ['customer'] };

  const record = (stream: string, commandId: string, events: readonly SeededEvent[]) => {
    produced.set(commandId, [
      ...(produced.get(commandId) ?? []),
      ...events.map((event, index) => ({ stream, id: deterministicId(commandId, index), event })),
    ]);
  };
  const storedOf = (commandId: string) => byCommand.get(commandId) ?? [];
  const when = (commandId: string): Date => new Date(storedOf(commandId)[0]?.at ?? 0);

  const toOrder = (commandId: string, command: OrderCommand) => {
    const events = orderDecider.decide(command, order);
    for (const event of events) order = orderDecider.evolve(order, event);
    record(`order-${orderId}`, commandId, events);
  };
  const toPayment = (commandId: string, command: PaymentCommand) => {
    const events = paymentDecider.decide(command, payment);
    for (const event of events) payment = paymentDecider.evolve(payment, event);
    record(`payment-${orderId}`, commandId, events);
  };
  // Each sku's stock is folded elsewhere (the tests check it never goes short); here each line
  // meets a stream holding plenty, which is what the seed's stock keeping guarantees.
  const stocks = new Map<string, ReturnType<typeof inventoryDecider.evolve>>();
  const toInventory = (commandId: string, command: InventoryCommand) => {
    const { sku } = command.data;
    let stock =
      stocks.get(sku) ??
      inventoryDecider.evolve(inventoryDecider.initialState, {
        type: 'StockRestocked',
        data: { sku, quantity: 1_000_000, restockedAt: new Date(0).toISOString() },
      });
    const events = inventoryDecider.decide(command, stock);
    for (const event of events) stock = inventoryDecider.evolve(stock, event);
    stocks.set(sku, stock);
    record(`inventory-${sku}`, commandId, events);
  };

  const send = (command: FulfilmentCommand) => {
    const { commandId } = command;
    const metadata = { now: when(commandId), actor: saga };
    const stored = storedOf(commandId)[0]?.event;
    switch (command.type) {
      case 'ReserveStock': {
        const { sku, quantity } = command;
        toInventory(commandId, {
          type: 'ReserveStock',
          data: { sku, orderId, quantity },
          metadata,
        });
        return;
      }
      case 'ReleaseStock':
        toInventory(commandId, {
          type: 'ReleaseStock',
          data: { sku: command.sku, orderId },
          metadata,
        });
        return;
      case 'CommitStock':
        toInventory(commandId, {
          type: 'CommitStock',
          data: { sku: command.sku, orderId },
          metadata,
        });
        return;
      case 'AuthorizePayment': {
        const answer =
          stored?.type === 'PaymentDeclined'
            ? { outcome: 'declined' as const, reason: stored.data.reason }
            : {
                outcome: 'authorized' as const,
                authorizationId:
                  stored?.type === 'PaymentAuthorized' ? stored.data.authorizationId : '?',
              };
        toPayment(commandId, {
          type: 'AuthorizePayment',
          data: { orderId, amount: command.amount, answer },
          metadata,
        });
        return;
      }
      case 'CapturePayment':
        if (payment.status === 'authorized')
          toPayment(commandId, { type: 'CapturePayment', data: { orderId }, metadata });
        return;
      case 'RefundPayment': {
        const { refundId, amount } = command;
        toPayment(commandId, {
          type: 'RefundPayment',
          data: { orderId, refundId, amount },
          metadata,
        });
        return;
      }
      case 'VoidAuthorization':
        toPayment(commandId, { type: 'VoidAuthorization', data: { orderId }, metadata });
        return;
      case 'ConfirmOrder':
        toOrder(commandId, { type: 'ConfirmOrder', data: { orderId }, metadata });
        return;
      case 'RejectOrder':
        toOrder(commandId, {
          type: 'RejectOrder',
          data: { orderId, reason: command.reason, detail: command.detail },
          metadata,
        });
        return;
      case 'CancelOrder':
        toOrder(commandId, {
          type: 'CancelOrder',
          data: { orderId, reason: command.reason },
          metadata,
        });
        return;
      case 'Ship': {
        // The warehouse ships when the seed says; an order cancelled before then is not shipped.
        if (order.status !== 'confirmed' || stored?.type !== 'OrderShipped') return;
        const { carrier, trackingId } = stored.data;
        toOrder(commandId, {
          type: 'MarkShipped',
          data: { orderId, carrier, trackingId },
          metadata,
        });
        return;
      }
      case 'TrackShipment':
        if (stored !== undefined)
          toOrder(commandId, { type: 'MarkDelivered', data: { orderId }, metadata });
        return;
      case 'CompleteFulfilment': {
        const command2 = {
          type: 'RecordOutcome' as const,
          data: { outcome: command.outcome },
          metadata,
        };
        const events = recordsDecider.decide(command2, records);
        for (const event of events) records = recordsDecider.evolve(records, event);
        record(`fulfilment-${orderId}`, commandId, events);
        return;
      }
    }
  };

  const run = (input: FulfilmentInput) => {
    fold = evolve(fold, input);
    for (const command of decide(input, fold, defaultPolicy)) {
      if (sent.has(command.commandId)) continue;
      // A command the seed has no event for waits for its time (the warehouse), or never comes.
      if (command.type === 'Ship' && storedOf(command.commandId).length === 0) continue;
      if (command.type === 'TrackShipment' && storedOf(command.commandId).length === 0) continue;
      // A pending order's OrderPlaced has not reached the saga yet; and the saga's reaction to an
      // event in the period's last moments comes after its end.
      if (storedOf(command.commandId).length === 0 && (pending || lastAt > end - 60_000)) continue;
      sent.add(command.commandId);
      causes.set(command.commandId, command.causationId);
      send(command);
    }
  };

  for (const each of seeded) {
    const commandId = commandIdOf(each);
    if (!isWorkflowEvent(each.event)) continue;
    if (each.metadata.actor === customerId) {
      const metadata = { now: new Date(each.at), actor: customer };
      if (each.event.type === 'OrderPlaced') {
        const lines = each.event.data.lines.map(({ sku, name, quantity, unitPrice, category }) => ({
          sku,
          name,
          quantity,
          unitPrice,
          ...(category === undefined ? {} : { category }),
        }));
        toOrder(commandId, { type: 'PlaceOrder', data: { orderId, customerId, lines }, metadata });
      } else if (each.event.type === 'OrderCancelled') {
        toOrder(commandId, {
          type: 'CancelOrder',
          data: { orderId, reason: each.event.data.reason },
          metadata,
        });
      }
    }
    if (each.event.type === 'OrderDelivered') {
      // The carrier last said "in transit" one recheck before the check that found it delivered.
      run({
        kind: 'in_transit',
        at: new Date(each.at - defaultPolicy.deliveryRecheckMs).toISOString(),
      });
    }
    run({ kind: 'clock', at: new Date(each.at).toISOString() });
    run({
      kind: 'event',
      id: each.id,
      at: new Date(each.at).toISOString(),
      event: each.event,
    });
  }
  return { produced, causes };
};
