import { unreachable } from '../shared/decider.ts';
import type { Money } from '../shared/money.ts';
import type { OrderEvent, OrderLine, RejectReason } from './events.ts';
import type { ServiceLevel, ShipTo } from './ship-to.ts';

export const orderStatuses = [
  'placed',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'rejected',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const isTerminal = (status: OrderStatus): boolean =>
  status === 'delivered' || status === 'cancelled' || status === 'rejected';

type Placed = {
  orderId: string;
  customerId: string;
  lines: readonly OrderLine[];
  total: Money;
  placedAt: string;
  /** When the last event happened, so views are a pure projection of state. */
  updatedAt: string;
  /** Absent on orders placed without an address (guests, dev tokens, older events). */
  shipTo?: ShipTo;
  serviceLevel?: ServiceLevel;
};
export type Shipment = {
  carrier: string;
  trackingId: string;
  estimatedDeliveryAt?: string;
  /** The estimate the carrier's last revision replaced (null: it gave none before). */
  previousEstimatedDeliveryAt?: string | null;
};

export type Order =
  | { status: 'none' }
  | (Placed & { status: 'placed' })
  | (Placed & { status: 'confirmed' })
  | (Placed & { status: 'shipped'; shipment: Shipment })
  | (Placed & { status: 'delivered'; shipment: Shipment })
  | (Placed & { status: 'cancelled'; reason: string; cancelledBy: string })
  | (Placed & { status: 'rejected'; reason: RejectReason; detail: string | null });

export type ExistingOrder = Exclude<Order, { status: 'none' }>;

export const initialState: Order = { status: 'none' };

/**
 * Events that cannot follow the current status leave it unchanged: only decide writes to an order
 * stream, so such an event is a defect elsewhere, and folding must stay total for auditors.
 */
export const evolve = (state: Order, event: OrderEvent): Order => {
  switch (event.type) {
    case 'OrderPlaced': {
      if (state.status !== 'none') return state;
      const { orderId, customerId, lines, total, placedAt, shipTo, serviceLevel } = event.data;
      return {
        status: 'placed',
        orderId,
        customerId,
        lines,
        total,
        placedAt,
        updatedAt: placedAt,
        ...(shipTo === undefined ? {} : { shipTo }),
        ...(serviceLevel === undefined ? {} : { serviceLevel }),
      };
    }
    case 'OrderConfirmed':
      if (state.status !== 'placed') return state;
      return { ...state, status: 'confirmed', updatedAt: event.data.confirmedAt };
    case 'OrderRejected': {
      if (state.status !== 'placed') return state;
      const { reason, detail, rejectedAt } = event.data;
      return { ...state, status: 'rejected', reason, detail, updatedAt: rejectedAt };
    }
    case 'OrderCancelled': {
      if (state.status !== 'placed' && state.status !== 'confirmed') return state;
      const { reason, cancelledBy, cancelledAt } = event.data;
      return { ...state, status: 'cancelled', reason, cancelledBy, updatedAt: cancelledAt };
    }
    case 'OrderShipped': {
      if (state.status !== 'confirmed') return state;
      const { carrier, trackingId, shippedAt, estimatedDeliveryAt } = event.data;
      const shipment: Shipment = { carrier, trackingId };
      if (estimatedDeliveryAt !== undefined) shipment.estimatedDeliveryAt = estimatedDeliveryAt;
      return {
        ...state,
        status: 'shipped',
        shipment,
        updatedAt: shippedAt,
      };
    }
    case 'OrderDelivered':
      if (state.status !== 'shipped') return state;
      return { ...state, status: 'delivered', updatedAt: event.data.deliveredAt };
    case 'OrderDeliveryEstimateRevised': {
      if (state.status !== 'shipped') return state;
      const { estimatedDeliveryAt, previousEstimatedDeliveryAt, revisedAt } = event.data;
      const shipment = { ...state.shipment, estimatedDeliveryAt, previousEstimatedDeliveryAt };
      return { ...state, shipment, updatedAt: revisedAt };
    }
    default:
      return unreachable(event);
  }
};
