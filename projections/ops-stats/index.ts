import { isDomainEvent, type Projection } from '../projection.ts';
import {
  byStatusId,
  minuteId,
  opsStatsDocSchema,
  orderStatsId,
  revenueId,
  type OpsStatsDoc,
} from './document.ts';
import {
  dayOf,
  evolveStats,
  isOrderEvent,
  minuteColumnOf,
  minuteOf,
  orderTimeOf,
} from './evolve.ts';

export * from './document.ts';
export { dayOf, minuteOf } from './evolve.ts';

/**
 * `ops_stats`: orders by status, revenue per day and orders per minute, for the operations page.
 * Each order keeps a small document of its status changes so that every transition moves the
 * counts from the status it really left (a cancellation may leave placed or confirmed).
 */
export const opsStats: Projection<OpsStatsDoc> = {
  name: 'ops_stats',
  version: 1,
  categories: ['order', 'payment'],
  schema: opsStatsDocSchema,
  indexes: [
    {
      name: 'by_kind',
      fields: [
        ['kind', 1],
        ['key', 1],
        ['_id', 1],
      ],
    },
  ],
  documentIds: ({ event }) => {
    if (!isDomainEvent(event)) return [];
    if (event.type === 'PaymentCaptured') return [revenueId(dayOf(event.data.capturedAt))];
    if (event.type === 'PaymentRefunded') return [revenueId(dayOf(event.data.refundedAt))];
    if (!isOrderEvent(event)) return [];
    const ids = [orderStatsId(event.data.orderId), byStatusId];
    if (minuteColumnOf(event) !== undefined) ids.push(minuteId(minuteOf(orderTimeOf(event))));
    if (event.type === 'OrderPlaced') ids.push(revenueId(dayOf(event.data.placedAt)));
    return ids;
  },
  evolve: evolveStats,
  // Per-order documents are bookkeeping: clients see the counts, days and minutes.
  view: (doc) => (doc.kind === 'order' ? undefined : doc),
};
