import type { OrderEvent } from '../../domain/order/events.ts';
import type { PaymentEvent } from '../../domain/payment/events.ts';
import { transition } from '../ops-stats/evolve.ts';
import type { SaleDayDoc, SaleOrderDoc, SalesDoc } from './sales-documents.ts';
import { addToBucket, addToRecord, bucketOf, dayOf, hourOf, timingBoundsHours } from './time.ts';
import { categoryOf, orderOf, statusBefore, type Related } from './sales-related.ts';

// A day's document: what the orders and payments of that day did. Status changes count only
// when the order could make them from the status it had just before (a replay counts nothing).

const hourMs = 3_600_000;

const emptyDay = (id: string, day: string, currency: string): SaleDayDoc => ({
  _id: id,
  kind: 'day',
  key: day,
  currency,
  placed: 0,
  placedValue: 0,
  units: 0,
  confirmed: 0,
  shipped: 0,
  delivered: 0,
  cancelled: 0,
  cancelledValue: 0,
  rejected: 0,
  rejectedValue: 0,
  cancellations: {},
  rejections: {},
  authorized: 0,
  declined: 0,
  declines: {},
  categories: {},
  hourOrders: Array.from({ length: 24 }, () => 0),
  hourRevenue: Array.from({ length: 24 }, () => 0),
  toShipped: Array.from({ length: timingBoundsHours.length + 1 }, () => 0),
  toDelivered: Array.from({ length: timingBoundsHours.length + 1 }, () => 0),
});

type Categories = SaleDayDoc['categories'];
const addLines = (
  categories: Categories,
  lines: readonly { category: string; quantity: number; value: number }[],
  sign: 1 | -1,
): Categories => {
  const next = { ...categories };
  for (const { category, quantity, value } of lines) {
    const was = next[category] ?? { units: 0, revenue: 0 };
    next[category] = { units: was.units + sign * quantity, revenue: was.revenue + sign * value };
  }
  return next;
};

const timingBucket = (order: SaleOrderDoc, at: string) =>
  bucketOf(timingBoundsHours, (Date.parse(at) - Date.parse(order.placedAt)) / hourMs);

export const onDayOrder = (
  day: SaleDayDoc,
  event: OrderEvent,
  at: string,
  key: string,
  related: Related,
): SaleDayDoc | undefined => {
  if (event.type === 'OrderPlaced') {
    const { lines, total } = event.data;
    const hour = hourOf(at);
    return {
      ...day,
      placed: day.placed + 1,
      placedValue: day.placedValue + total.amount,
      units: day.units + lines.reduce((sum, line) => sum + line.quantity, 0),
      categories: addLines(
        day.categories,
        lines.map((l) => ({
          category: categoryOf(l),
          quantity: l.quantity,
          value: l.lineTotal.amount,
        })),
        1,
      ),
      hourOrders: addToBucket(day.hourOrders, 24, hour),
      hourRevenue: addToBucket(day.hourRevenue, 24, hour, total.amount),
    };
  }
  const order = orderOf(related, event.data.orderId);
  if (order === undefined || transition(statusBefore(order, key), event) === undefined)
    return undefined;
  const orderLines = order.lines.map((l) => ({ ...l, value: l.quantity * l.unitPrice }));
  switch (event.type) {
    case 'OrderConfirmed':
      return { ...day, confirmed: day.confirmed + 1 };
    case 'OrderShipped':
      return {
        ...day,
        shipped: day.shipped + 1,
        toShipped: addToBucket(day.toShipped, day.toShipped.length, timingBucket(order, at)),
      };
    case 'OrderDelivered':
      return {
        ...day,
        delivered: day.delivered + 1,
        toDelivered: addToBucket(day.toDelivered, day.toDelivered.length, timingBucket(order, at)),
      };
    case 'OrderCancelled':
      return {
        ...day,
        cancelled: day.cancelled + 1,
        cancelledValue: day.cancelledValue + order.total,
        cancellations: addToRecord(day.cancellations, event.data.reason, 1),
        categories: addLines(day.categories, orderLines, -1),
      };
    case 'OrderRejected':
      return {
        ...day,
        rejected: day.rejected + 1,
        rejectedValue: day.rejectedValue + order.total,
        rejections: addToRecord(day.rejections, event.data.reason, 1),
        categories: addLines(day.categories, orderLines, -1),
      };
    default:
      return undefined;
  }
};

export const onDayPayment = (day: SaleDayDoc, event: PaymentEvent): SaleDayDoc | undefined => {
  if (event.type === 'PaymentAuthorized') return { ...day, authorized: day.authorized + 1 };
  if (event.type !== 'PaymentDeclined') return undefined;
  return {
    ...day,
    declined: day.declined + 1,
    declines: addToRecord(day.declines, event.data.reason, 1),
  };
};

export const dayDoc = (doc: SalesDoc | undefined, id: string, at: string, currency: string) =>
  doc?.kind === 'day' ? doc : emptyDay(id, dayOf(at), currency);
