import type { Money } from '../shared/money.ts';
import type { OrderLine } from './events.ts';
import type { ServiceLevel, ShipTo } from './ship-to.ts';
import type { Order, OrderStatus, Shipment } from './state.ts';

/** The body of `GET /api/orders/:id` (DESIGN.md). */
export type OrderView = {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  lines: readonly OrderLine[];
  total: Money;
  placedAt: string;
  updatedAt: string;
  /** On cancelled and rejected orders only. */
  reason?: string;
  /** Rejected orders: what ran out or why the payment failed. */
  detail?: string | null;
  cancelledBy?: string;
  shipment?: Shipment;
  /** Still sealed: the API opens it for callers who may see it. */
  shipTo?: ShipTo;
  serviceLevel?: ServiceLevel;
};

/** A pure projection of the state; null when the order does not exist. */
export const orderView = (state: Order): OrderView | null => {
  if (state.status === 'none') return null;
  const { orderId, customerId, status, lines, total, placedAt, updatedAt } = state;
  const view: OrderView = {
    orderId,
    customerId,
    status,
    lines,
    total,
    placedAt,
    updatedAt,
    ...(state.shipTo === undefined ? {} : { shipTo: state.shipTo }),
    ...(state.serviceLevel === undefined ? {} : { serviceLevel: state.serviceLevel }),
  };
  switch (state.status) {
    case 'shipped':
    case 'delivered':
      return { ...view, shipment: state.shipment };
    case 'cancelled':
      return { ...view, reason: state.reason, cancelledBy: state.cancelledBy };
    case 'rejected':
      return { ...view, reason: state.reason, detail: state.detail };
    default:
      return view;
  }
};
