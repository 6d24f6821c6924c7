import { hasAnyRole, occurredAt } from '../shared/command.ts';
import type { Actor } from '../shared/command.ts';
import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import type {
  CancelOrder,
  ConfirmOrder,
  MarkDelivered,
  MarkShipped,
  OrderCommand,
  RejectOrder,
  ReviseDeliveryEstimate,
} from './commands.ts';
import {
  CancelNotAllowed,
  InvalidOrderTransition,
  OrderAlreadyShipped,
  OrderNotFound,
} from './errors.ts';
import type { OrderEvent } from './events.ts';
import { place } from './place.ts';
import { evolve, initialState } from './state.ts';
import type { ExistingOrder, Order } from './state.ts';

const existing = (state: Order, orderId: string): ExistingOrder => {
  if (state.status === 'none') throw new OrderNotFound(orderId);
  return state;
};
const refuse = (order: ExistingOrder, command: OrderCommand): never => {
  throw new InvalidOrderTransition(order.orderId, order.status, command.type);
};

const confirm = (command: ConfirmOrder, state: Order): OrderEvent[] => {
  const order = existing(state, command.data.orderId);
  switch (order.status) {
    case 'placed':
      return [
        { type: 'OrderConfirmed', data: { ...command.data, confirmedAt: occurredAt(command) } },
      ];
    // Shipping and delivery happen only after confirmation: a late repeat changes nothing.
    case 'confirmed':
    case 'shipped':
    case 'delivered':
      return [];
    default:
      return refuse(order, command);
  }
};

const reject = (command: RejectOrder, state: Order): OrderEvent[] => {
  const order = existing(state, command.data.orderId);
  if (order.status === 'rejected') return [];
  if (order.status !== 'placed') return refuse(order, command);
  const { orderId, reason, detail = null } = command.data;
  return [
    { type: 'OrderRejected', data: { orderId, reason, detail, rejectedAt: occurredAt(command) } },
  ];
};

const mayCancel = (actor: Actor, order: ExistingOrder): boolean =>
  hasAnyRole(actor, ['operator', 'admin', 'process']) ||
  (actor.id === order.customerId && hasAnyRole(actor, ['customer']));

const cancel = (command: CancelOrder, state: Order): OrderEvent[] => {
  const order = existing(state, command.data.orderId);
  const { actor } = command.metadata;
  // Before any status check, so a stranger learns nothing about someone else's order.
  if (!mayCancel(actor, order)) throw new CancelNotAllowed(order.orderId, actor.id);
  switch (order.status) {
    case 'placed':
    case 'confirmed': {
      const { orderId, reason } = command.data;
      const cancelledAt = occurredAt(command);
      return [
        { type: 'OrderCancelled', data: { orderId, reason, cancelledBy: actor.id, cancelledAt } },
      ];
    }
    case 'cancelled':
      return [];
    case 'shipped':
    case 'delivered':
      throw new OrderAlreadyShipped(order.orderId, command.type);
    default:
      return refuse(order, command);
  }
};

const markShipped = (command: MarkShipped, state: Order): OrderEvent[] => {
  const order = existing(state, command.data.orderId);
  switch (order.status) {
    case 'confirmed':
      return [{ type: 'OrderShipped', data: { ...command.data, shippedAt: occurredAt(command) } }];
    case 'shipped':
    case 'delivered':
      if (order.shipment.trackingId === command.data.trackingId) return [];
      throw new OrderAlreadyShipped(order.orderId, command.type);
    default:
      return refuse(order, command);
  }
};

const markDelivered = (command: MarkDelivered, state: Order): OrderEvent[] => {
  const order = existing(state, command.data.orderId);
  if (order.status === 'delivered') return [];
  if (order.status !== 'shipped') return refuse(order, command);
  return [{ type: 'OrderDelivered', data: { ...command.data, deliveredAt: occurredAt(command) } }];
};

// The carrier's estimate changes only while the parcel travels, and only a change is news: the
// same estimate told again (another check, a redelivered command) records nothing.
const reviseEstimate = (command: ReviseDeliveryEstimate, state: Order): OrderEvent[] => {
  const order = existing(state, command.data.orderId);
  if (order.status === 'delivered') return [];
  if (order.status !== 'shipped') return refuse(order, command);
  const { orderId, trackingId, estimatedDeliveryAt } = command.data;
  const { shipment } = order;
  if (shipment.trackingId !== trackingId) return [];
  const previous = shipment.estimatedDeliveryAt ?? null;
  if (previous !== null && Date.parse(previous) === Date.parse(estimatedDeliveryAt)) return [];
  const data = {
    orderId,
    trackingId,
    estimatedDeliveryAt,
    previousEstimatedDeliveryAt: previous,
    revisedAt: occurredAt(command),
  };
  return [{ type: 'OrderDeliveryEstimateRevised', data }];
};

export const decide = (command: OrderCommand, state: Order): OrderEvent[] => {
  switch (command.type) {
    case 'PlaceOrder':
      return place(command, state);
    case 'ConfirmOrder':
      return confirm(command, state);
    case 'RejectOrder':
      return reject(command, state);
    case 'CancelOrder':
      return cancel(command, state);
    case 'MarkShipped':
      return markShipped(command, state);
    case 'MarkDelivered':
      return markDelivered(command, state);
    case 'ReviseDeliveryEstimate':
      return reviseEstimate(command, state);
    default:
      return unreachable(command);
  }
};

export const orderDecider: Decider<OrderCommand, OrderEvent, Order> = {
  decide,
  evolve,
  initialState,
};
