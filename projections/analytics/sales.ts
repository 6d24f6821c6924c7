import type { Projection } from '../projection.ts';
import { byKindKey } from './by-kind-key.ts';
import { analyticsInputOf } from './events.ts';
import {
  saleDayId,
  saleDaySkusId,
  shardOf,
  salesDocSchema,
  saleOrderId,
  saleSkuId,
  saleWeekSkusId,
  type SalesDoc,
} from './sales-documents.ts';
import { evolveSales } from './sales-evolve.ts';
import { dayOf, occurredAt, weekOf } from './time.ts';

/**
 * `analytics_sales`: per UTC day (of business time) the orders, their value by category and hour,
 * statuses, timings and payments; per day and per ISO week and sku (in 32 shards each) the units ordered, released, refused and
 * shipped; per sku its catalog entry and stock. Each order keeps a small document of its lines
 * and status changes, so later events of the order find its value and the status it left.
 */
export const analyticsSales: Projection<SalesDoc> = {
  name: 'analytics_sales',
  // 2: a sku keeps its low-stock threshold (the one rule of domain/inventory/low-stock.ts).
  // 3: each week's sku figures too (week-skus), which the products figures read for whole weeks.
  version: 3,
  categories: ['order', 'payment', 'inventory', 'product'],
  schema: salesDocSchema,
  // One index: a category is asked of sku documents only (a catalog's worth), which the walk of
  // their kind filters; a second index cost every write of a rebuild its upkeep (about a fifth of
  // the rebuild's CPU, measured on 20,000 seeded orders).
  indexes: [byKindKey],
  // A document's id must follow from the event alone; the sku's document comes before the day's
  // so a sku new to a day finds the sku's category.
  documentIds: (recorded) => {
    const input = analyticsInputOf(recorded.event);
    if (input === undefined) return [];
    const day = dayOf(occurredAt(recorded));
    switch (input.source) {
      case 'catalog':
        return [saleSkuId(input.entry.sku)];
      case 'payment':
        return input.event.type === 'PaymentAuthorized' || input.event.type === 'PaymentDeclined'
          ? [saleDayId(day)]
          : [];
      case 'order': {
        const ids = [saleOrderId(input.event.data.orderId), saleDayId(day)];
        if (input.event.type !== 'OrderPlaced') return ids;
        const skus = [...new Set(input.event.data.lines.map((line) => line.sku))];
        const shards = [...new Set(skus.map(shardOf))];
        return [
          ...ids,
          ...skus.map(saleSkuId),
          ...shards.map((shard) => saleDaySkusId(day, shard)),
          ...shards.map((shard) => saleWeekSkusId(weekOf(day), shard)),
        ];
      }
      case 'inventory': {
        const { sku } = input.event.data;
        if (input.event.type === 'StockReserved') return [saleSkuId(sku)];
        const shard = shardOf(sku);
        const ids = [saleSkuId(sku), saleDaySkusId(day, shard), saleWeekSkusId(weekOf(day), shard)];
        return 'orderId' in input.event.data
          ? [...ids, saleOrderId(input.event.data.orderId)]
          : ids;
      }
    }
  },
  evolve: evolveSales,
  // Clients ask for figures by range (GET /api/analytics/…); no one follows one document live,
  // so no change goes to the feed (a rebuild would send it every day's documents over and over).
  view: () => undefined,
};
