import type { Projection } from '../projection.ts';
import { byKindKey } from './by-kind-key.ts';
import {
  customerDayId,
  customerId,
  customerMonthId,
  customersDocSchema,
  type CustomersDoc,
} from './customers-documents.ts';
import { evolveCustomers } from './customers-evolve.ts';
import { analyticsInputOf } from './events.ts';
import { dayOf, monthOf, occurredAt } from './time.ts';

/**
 * `analytics_customers`: new and returning customers per day, and per month each cohort's
 * activity and lifetime-value histogram, from the orders placed (their value when placed).
 */
export const analyticsCustomers: Projection<CustomersDoc> = {
  name: 'analytics_customers',
  version: 1,
  categories: ['order'],
  schema: customersDocSchema,
  indexes: [byKindKey],
  documentIds: (recorded) => {
    const input = analyticsInputOf(recorded.event);
    if (input?.source !== 'order' || input.event.type !== 'OrderPlaced') return [];
    const at = occurredAt(recorded);
    return [
      customerId(input.event.data.customerId),
      customerDayId(dayOf(at)),
      customerMonthId(monthOf(at)),
    ];
  },
  evolve: evolveCustomers,
  // Clients ask for figures by range (GET /api/analytics/…); no one follows one document live,
  // so no change goes to the feed (a rebuild would send it every day's documents over and over).
  view: () => undefined,
};
