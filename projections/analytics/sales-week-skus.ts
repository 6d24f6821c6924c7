import type { ProjectedEvent } from '../projection.ts';
import { analyticsInputOf } from './events.ts';
import type { SaleWeekSkusDoc, SalesDoc } from './sales-documents.ts';
import type { Related } from './sales-related.ts';
import { shardOfId, skusAfter } from './sales-skus.ts';
import { dayOf, occurredAt, weekOf } from './time.ts';

// A week's sku figures (in the sku's shard): the day documents' figures summed, so the products
// figures of a 90-day range read 12 weeks' shards and a few days' at the edges, not 90 days'.

export const onWeekSkus = (
  doc: SalesDoc | undefined,
  id: string,
  recorded: ProjectedEvent,
  related: Related,
): SalesDoc | undefined => {
  const day = dayOf(occurredAt(recorded));
  const shard = shardOfId(id);
  const current: SaleWeekSkusDoc =
    doc?.kind === 'week-skus'
      ? doc
      : { _id: id, kind: 'week-skus', key: weekOf(day), shard, skus: {} };
  const skus = skusAfter(current.skus, shard, recorded, related);
  if (skus === undefined) return doc;
  const input = analyticsInputOf(recorded.event);
  if (input?.source === 'inventory' && input.event.type === 'StockReservationRejected') {
    const { sku } = input.event.data;
    const figures = skus[sku];
    // The log need not hold a week's days in order (`--log-order grouped`): keep the latest.
    if (figures !== undefined && (figures.lastStockout ?? '') < day)
      skus[sku] = { ...figures, lastStockout: day };
  }
  return { ...current, skus };
};
