import {
  inventoryEvents,
  isOrderStockEvent,
  orderDecider,
  orderEvents,
  orderView,
  paymentDecider,
  paymentEvents,
  type DomainEvent,
  type InventoryEvent,
  type Order,
  type OrderEvent,
  type OrderView,
  type Payment,
  type PaymentEvent,
} from '../../domain/index.ts';
import { type SagaEvent } from '../../processes/fulfilment/events.ts';
import { evolve as evolveSaga } from '../../processes/fulfilment/evolve.ts';
import { stageOf } from '../../processes/fulfilment/queries.ts';
import {
  initialState as unstartedSaga,
  type Fulfilment,
} from '../../processes/fulfilment/state.ts';

export type AuditEvent = DomainEvent | SagaEvent;

type StockHeld = {
  readonly reserved: number;
  readonly committed: number;
  readonly rejected: boolean;
};

/** The parts of an order's world, each folded with its owner's own `evolve`. */
export interface AuditFold {
  readonly order: Order;
  readonly payment: Payment;
  readonly stock: Readonly<Record<string, StockHeld>>;
  readonly saga: Fulfilment;
}

/** What an auditor sees of an order at one point of its history. */
export interface AuditState {
  readonly order: OrderView | null;
  readonly payment: {
    readonly status: Payment['status'];
    readonly amount: { amount: number; currency: string } | null;
    readonly refunded: number;
  };
  /** Per sku: what this order holds of it. */
  readonly stock: Readonly<Record<string, StockHeld>>;
  /** The fulfilment saga's stage ('reserving', 'awaiting_payment', 'shipping', …, 'completed'). */
  readonly fulfilment: string;
}

export const emptyAudit: AuditFold = {
  order: orderDecider.initialState,
  payment: paymentDecider.initialState,
  stock: {},
  saga: unstartedSaga,
};

const isOrder = (event: AuditEvent): event is OrderEvent => orderEvents.handles(event.type);
const isPayment = (event: AuditEvent): event is PaymentEvent => paymentEvents.handles(event.type);
const isInventory = (event: AuditEvent): event is InventoryEvent =>
  inventoryEvents.handles(event.type);

const stockAfter = (stock: AuditFold['stock'], event: InventoryEvent): AuditFold['stock'] => {
  if (!isOrderStockEvent(event)) return stock;
  const { sku } = event.data;
  const held = stock[sku] ?? { reserved: 0, committed: 0, rejected: false };
  switch (event.type) {
    case 'StockReserved':
      return { ...stock, [sku]: { ...held, reserved: event.data.quantity, rejected: false } };
    case 'StockReservationRejected':
      return { ...stock, [sku]: { ...held, rejected: true } };
    case 'StockReleased':
      return { ...stock, [sku]: { ...held, reserved: 0 } };
    case 'StockCommitted':
      return { ...stock, [sku]: { ...held, reserved: 0, committed: event.data.quantity } };
  }
};

/** Where an event sits in the log: the saga's fold names causes and starts timers by them. */
export type AuditMoment = { readonly id: string; readonly at: string };
const unknownMoment: AuditMoment = { id: '', at: new Date(0).toISOString() };

/**
 * One step of the auditor's fold: the event moves the part of the state its aggregate owns, and
 * the saga's workflow, which folds every event of the order (its own and the aggregates').
 */
export const foldAudit = (
  fold: AuditFold,
  event: AuditEvent,
  moment: AuditMoment = unknownMoment,
): AuditFold => {
  const saga =
    isInventory(event) && !isOrderStockEvent(event)
      ? fold.saga
      : evolveSaga(fold.saga, { kind: 'event', ...moment, event });
  if (isOrder(event)) return { ...fold, saga, order: orderDecider.evolve(fold.order, event) };
  if (isPayment(event))
    return { ...fold, saga, payment: paymentDecider.evolve(fold.payment, event) };
  if (isInventory(event)) return { ...fold, saga, stock: stockAfter(fold.stock, event) };
  return { ...fold, saga };
};

/** The fold as an auditor reads it. */
export const auditState = (fold: AuditFold): AuditState => {
  const { payment } = fold;
  return {
    order: orderView(fold.order),
    payment: {
      status: payment.status,
      amount: payment.status === 'none' ? null : payment.amount,
      refunded: payment.status === 'captured' ? payment.refunded.amount : 0,
    },
    stock: fold.stock,
    fulfilment: stageOf(fold.saga),
  };
};
