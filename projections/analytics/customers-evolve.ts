import type { OrderPlaced } from '../../domain/order/events.ts';
import { positionKey } from '../position.ts';
import type { EvolveContext, ProjectedEvent } from '../projection.ts';
import {
  customerId,
  type CustomerDayDoc,
  type CustomerDoc,
  type CustomerMonthDoc,
  type CustomersDoc,
} from './customers-documents.ts';
import { analyticsInputOf } from './events.ts';
import { addToBucket, bucketOf, dayOf, lifetimeValueBounds, monthOf, occurredAt } from './time.ts';

/** The customer's orders before the one at `key`: what a replayed batch must not count again. */
const ordersBefore = (doc: CustomersDoc | undefined, key: string): CustomerDoc['orders'] =>
  doc?.kind === 'customer' ? doc.orders.filter((order) => order.at < key) : [];

const onCustomer = (
  doc: CustomersDoc | undefined,
  id: string,
  key: string,
  month: string,
  amount: number,
): CustomersDoc => {
  const orders = doc?.kind === 'customer' ? doc.orders : [];
  return { _id: id, kind: 'customer', orders: [...orders, { at: key, month, amount }] };
};

const onDay = (
  doc: CustomersDoc | undefined,
  id: string,
  day: string,
  isNew: boolean,
  amount: number,
): CustomerDayDoc => {
  const was: CustomerDayDoc =
    doc?.kind === 'day'
      ? doc
      : {
          _id: id,
          kind: 'day',
          key: day,
          newCustomers: 0,
          ordersFromNew: 0,
          ordersFromReturning: 0,
          revenueFromNew: 0,
          revenueFromReturning: 0,
        };
  return isNew
    ? {
        ...was,
        newCustomers: was.newCustomers + 1,
        ordersFromNew: was.ordersFromNew + 1,
        revenueFromNew: was.revenueFromNew + amount,
      }
    : {
        ...was,
        ordersFromReturning: was.ordersFromReturning + 1,
        revenueFromReturning: was.revenueFromReturning + amount,
      };
};

const buckets = lifetimeValueBounds.length + 1;

const onMonth = (
  doc: CustomersDoc | undefined,
  id: string,
  month: string,
  before: CustomerDoc['orders'],
  amount: number,
): CustomerMonthDoc => {
  const was: CustomerMonthDoc =
    doc?.kind === 'month'
      ? doc
      : { _id: id, kind: 'month', key: month, cohorts: {}, lifetimeValue: {} };
  const cohort = before[0]?.month ?? month;
  const activeAlready = before.some((order) => order.month === month);
  const activity = was.cohorts[cohort] ?? { active: 0, orders: 0, revenue: 0 };
  const valueBefore = before.reduce((sum, order) => sum + order.amount, 0);
  let histogram = addToBucket(
    was.lifetimeValue[cohort],
    buckets,
    bucketOf(lifetimeValueBounds, valueBefore + amount),
  );
  if (before.length > 0)
    histogram = addToBucket(histogram, buckets, bucketOf(lifetimeValueBounds, valueBefore), -1);
  return {
    ...was,
    cohorts: {
      ...was.cohorts,
      [cohort]: {
        active: activity.active + (activeAlready ? 0 : 1),
        orders: activity.orders + 1,
        revenue: activity.revenue + amount,
      },
    },
    lifetimeValue: { ...was.lifetimeValue, [cohort]: histogram },
  };
};

/** One analytics_customers document after an event; `id` says which one (see documentIds). */
export const evolveCustomers = (
  doc: CustomersDoc | undefined,
  recorded: ProjectedEvent,
  { id, related }: EvolveContext<CustomersDoc>,
): CustomersDoc | undefined => {
  const input = analyticsInputOf(recorded.event);
  if (recorded.position === undefined || input?.source !== 'order') return doc;
  if (input.event.type !== 'OrderPlaced') return doc;
  const placed: OrderPlaced = input.event;
  const key = positionKey(recorded.position);
  const at = occurredAt(recorded);
  const amount = placed.data.total.amount;
  if (id.startsWith('customer:')) return onCustomer(doc, id, key, monthOf(at), amount);
  const before = ordersBefore(related(customerId(placed.data.customerId)), key);
  if (id.startsWith('day:')) return onDay(doc, id, dayOf(at), before.length === 0, amount);
  return onMonth(doc, id, monthOf(at), before, amount);
};
