import type { DomainEvent } from '../../domain/events.ts';
import { orderEvents, type OrderEvent } from '../../domain/order/events.ts';
import type { OrderStatus } from '../../domain/order/state.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { positionKey } from '../position.ts';
import { isDomainEvent, type EvolveContext, type ProjectedEvent } from '../projection.ts';
import {
  byStatusId,
  orderStatsId,
  zeroCounts,
  type ByStatusDoc,
  type MinuteColumn,
  type MinuteDoc,
  type OpsStatsDoc,
  type OrderStatsDoc,
  type RevenueDoc,
} from './document.ts';

type From = OrderStatus | 'none';

/** The status an order event leads to from `from`, as the Order aggregate allows; else none. */
export const transition = (from: From, event: OrderEvent): OrderStatus | undefined => {
  const allowed: Record<OrderEvent['type'], readonly [readonly From[], OrderStatus]> = {
    OrderPlaced: [['none'], 'placed'],
    OrderConfirmed: [['placed'], 'confirmed'],
    OrderRejected: [['placed'], 'rejected'],
    OrderCancelled: [['placed', 'confirmed'], 'cancelled'],
    OrderShipped: [['confirmed'], 'shipped'],
    OrderDelivered: [['shipped'], 'delivered'],
    // A new delivery date moves no order to another status.
    OrderDeliveryEstimateRevised: [[], 'shipped'],
  };
  const [sources, to] = allowed[event.type];
  return sources.includes(from) ? to : undefined;
};

export const isOrderEvent = (event: DomainEvent): event is OrderEvent =>
  orderEvents.handles(event.type);

/** When an order event happened, by its own time field. */
export const orderTimeOf = (event: OrderEvent): string => {
  switch (event.type) {
    case 'OrderPlaced':
      return event.data.placedAt;
    case 'OrderConfirmed':
      return event.data.confirmedAt;
    case 'OrderRejected':
      return event.data.rejectedAt;
    case 'OrderCancelled':
      return event.data.cancelledAt;
    case 'OrderShipped':
      return event.data.shippedAt;
    case 'OrderDelivered':
      return event.data.deliveredAt;
    case 'OrderDeliveryEstimateRevised':
      return event.data.revisedAt;
    default:
      return unreachable(event);
  }
};

/**
 * The order's status just before the event at `key`. Read from its transitions rather than its
 * latest status, so the answer holds even when the order document was already written for this
 * event (a batch replayed after a crash between two writes).
 */
const statusBefore = (doc: OpsStatsDoc | undefined, key: string): From => {
  if (doc?.kind !== 'order') return 'none';
  return doc.transitions.filter((t) => t.at < key).at(-1)?.status ?? 'none';
};

/** The UTC minute ('YYYY-MM-DDTHH:MM') or day of an event time. */
export const minuteOf = (iso: string): string => new Date(iso).toISOString().slice(0, 16);
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

export const minuteColumnOf = (event: OrderEvent): MinuteColumn | undefined => {
  const columns: Partial<Record<OrderEvent['type'], MinuteColumn>> = {
    OrderPlaced: 'placed',
    OrderConfirmed: 'confirmed',
    OrderRejected: 'rejected',
    OrderCancelled: 'cancelled',
    OrderDelivered: 'delivered',
  };
  return columns[event.type];
};

const onOrderDoc = (doc: OpsStatsDoc | undefined, event: OrderEvent, id: string, key: string) => {
  const order = doc?.kind === 'order' ? doc : undefined;
  const to = transition(order?.transitions.at(-1)?.status ?? 'none', event);
  if (to === undefined) return doc;
  const transitions = [...(order?.transitions ?? []), { status: to, at: key }];
  return { _id: id, kind: 'order', transitions } satisfies OrderStatsDoc;
};

const onByStatus = (doc: OpsStatsDoc | undefined, event: OrderEvent, from: From) => {
  const to = transition(from, event);
  if (to === undefined) return doc;
  const counts = { ...(doc?.kind === 'by-status' ? doc.counts : zeroCounts()) };
  if (from !== 'none') counts[from] -= 1;
  counts[to] += 1;
  return { _id: byStatusId, kind: 'by-status', counts } satisfies ByStatusDoc;
};

const onMinute = (doc: OpsStatsDoc | undefined, event: OrderEvent, id: string) => {
  const column = minuteColumnOf(event);
  if (column === undefined) return doc;
  const minute: MinuteDoc =
    doc?.kind === 'minute'
      ? doc
      : {
          _id: id,
          kind: 'minute',
          key: id.slice('minute:'.length),
          placed: 0,
          confirmed: 0,
          rejected: 0,
          cancelled: 0,
          delivered: 0,
        };
  return { ...minute, [column]: minute[column] + 1 };
};

const onRevenue = (doc: OpsStatsDoc | undefined, event: DomainEvent, id: string) => {
  const day: RevenueDoc =
    doc?.kind === 'revenue'
      ? doc
      : { _id: id, kind: 'revenue', key: id.slice('revenue:'.length), revenue: [], orders: 0 };
  if (event.type === 'OrderPlaced') return { ...day, orders: day.orders + 1 };
  if (event.type !== 'PaymentCaptured' && event.type !== 'PaymentRefunded') return doc;
  const { currency, amount } = event.data.amount;
  const signed = event.type === 'PaymentCaptured' ? amount : -amount;
  const current = day.revenue.find((r) => r.currency === currency)?.amount ?? 0;
  const revenue = [
    ...day.revenue.filter((r) => r.currency !== currency),
    { currency, amount: current + signed },
  ];
  return { ...day, revenue: revenue.sort((a, b) => a.currency.localeCompare(b.currency)) };
};

/** One ops_stats document after an event; `id` says which one (see documentIds). */
export const evolveStats = (
  doc: OpsStatsDoc | undefined,
  { event, position }: ProjectedEvent,
  { id, related }: EvolveContext<OpsStatsDoc>,
): OpsStatsDoc | undefined => {
  if (!isDomainEvent(event) || position === undefined) return doc;
  const key = positionKey(position);
  if (id.startsWith('revenue:')) return onRevenue(doc, event, id);
  if (!isOrderEvent(event)) return doc;
  if (id === byStatusId)
    return onByStatus(doc, event, statusBefore(related(orderStatsId(event.data.orderId)), key));
  if (id.startsWith('minute:')) return onMinute(doc, event, id);
  return onOrderDoc(doc, event, id, key);
};
