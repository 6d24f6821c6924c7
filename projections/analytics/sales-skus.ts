import type { InventoryEvent } from '../../domain/inventory/events.ts';
import type { OrderPlaced } from '../../domain/order/events.ts';
import type { ProjectedEvent } from '../projection.ts';
import { analyticsInputOf, type CatalogEntry } from './events.ts';
import {
  shardOf,
  uncategorised,
  type SaleDaySkusDoc,
  type SkuDayFigures,
  type SaleSkuDoc,
  type SalesDoc,
} from './sales-documents.ts';
import { dayOf, occurredAt } from './time.ts';
import { categoryOf, orderOf, skuOf, type Related } from './sales-related.ts';

// A day's sku figures (in the sku's shard) and each sku's catalog entry and stock.

/** A day's figures, or a week's with the day of its last stockout. */
type SkuFigures = SkuDayFigures & { readonly lastStockout?: string };

const emptyFigures = (category: string): SkuDayFigures => ({
  category,
  ordered: 0,
  orderedValue: 0,
  released: 0,
  releasedValue: 0,
  refused: 0,
  refusedValue: 0,
  committed: 0,
  stockouts: 0,
  restocked: 0,
});

/** The category of a sku: the catalog's, else the one on the order's line, else none. */
const skuCategory = (related: Related, sku: string, orderId?: string): string =>
  skuOf(related, sku)?.category ??
  (orderId === undefined
    ? undefined
    : orderOf(related, orderId)?.lines.find((l) => l.sku === sku)?.category) ??
  uncategorised;

const unitPriceIn = (related: Related, orderId: string, sku: string): number =>
  orderOf(related, orderId)?.lines.find((l) => l.sku === sku)?.unitPrice ?? 0;

const onSkuStock = (
  figures: SkuFigures,
  event: InventoryEvent,
  related: Related,
): SkuFigures | undefined => {
  switch (event.type) {
    case 'StockRestocked':
      return { ...figures, restocked: figures.restocked + event.data.quantity };
    case 'StockReleased': {
      const { quantity, orderId, sku } = event.data;
      const value = quantity * unitPriceIn(related, orderId, sku);
      return {
        ...figures,
        released: figures.released + quantity,
        releasedValue: figures.releasedValue + value,
      };
    }
    case 'StockReservationRejected': {
      const { requested, orderId, sku } = event.data;
      const value = requested * unitPriceIn(related, orderId, sku);
      return {
        ...figures,
        refused: figures.refused + requested,
        refusedValue: figures.refusedValue + value,
        stockouts: figures.stockouts + 1,
      };
    }
    case 'StockCommitted':
      return { ...figures, committed: figures.committed + event.data.quantity };
    default:
      return undefined;
  }
};

/** Each sku of the shard an order's lines name: units and value ordered. */
const onSkusPlaced = (
  skus: Readonly<Record<string, SkuFigures>>,
  shard: number,
  event: OrderPlaced,
  related: Related,
): Record<string, SkuFigures> => {
  const next = { ...skus };
  for (const line of event.data.lines) {
    if (shardOf(line.sku) !== shard) continue;
    const category = skuOf(related, line.sku)?.category ?? categoryOf(line);
    const was = next[line.sku] ?? emptyFigures(category);
    // A day that began with a restock of a sku no one had named yet learns its category now.
    next[line.sku] = {
      ...was,
      category: was.category === uncategorised ? category : was.category,
      ordered: was.ordered + line.quantity,
      orderedValue: was.orderedValue + line.lineTotal.amount,
    };
  }
  return next;
};

/** A shard's sku figures after an event, or undefined when the event changes none of them. */
export const skusAfter = (
  skus: Readonly<Record<string, SkuFigures>>,
  shard: number,
  recorded: ProjectedEvent,
  related: Related,
): Record<string, SkuFigures> | undefined => {
  const input = analyticsInputOf(recorded.event);
  if (input?.source === 'order' && input.event.type === 'OrderPlaced')
    return onSkusPlaced(skus, shard, input.event, related);
  if (input?.source !== 'inventory') return undefined;
  const { sku } = input.event.data;
  const orderId = 'orderId' in input.event.data ? input.event.data.orderId : undefined;
  const was = skus[sku] ?? emptyFigures(skuCategory(related, sku, orderId));
  const figures = onSkuStock(was, input.event, related);
  return figures === undefined ? undefined : { ...skus, [sku]: figures };
};

/** The shard number at the end of a shard document's id. */
export const shardOfId = (id: string): number => Number(id.slice(id.lastIndexOf(':') + 1));

export const onDaySkus = (
  doc: SalesDoc | undefined,
  id: string,
  recorded: ProjectedEvent,
  related: Related,
): SalesDoc | undefined => {
  const day = dayOf(occurredAt(recorded));
  const shard = shardOfId(id);
  const current: SaleDaySkusDoc =
    doc?.kind === 'day-skus' ? doc : { _id: id, kind: 'day-skus', key: day, shard, skus: {} };
  const skus = skusAfter(current.skus, shard, recorded, related);
  return skus === undefined ? doc : { ...current, skus };
};

const emptySku = (id: string, sku: string): SaleSkuDoc => ({
  _id: id,
  kind: 'sku',
  key: sku,
  name: sku,
  category: uncategorised,
  available: 0,
  onHand: 0,
  stockouts: 0,
});

const stockChange = (sku: SaleSkuDoc, event: InventoryEvent): SaleSkuDoc => {
  switch (event.type) {
    case 'StockRestocked':
      return {
        ...sku,
        available: sku.available + event.data.quantity,
        onHand: sku.onHand + event.data.quantity,
      };
    case 'StockReserved':
      return { ...sku, available: sku.available - event.data.quantity };
    case 'StockReleased':
      return { ...sku, available: sku.available + event.data.quantity };
    case 'StockCommitted':
      return { ...sku, onHand: sku.onHand - event.data.quantity };
    case 'StockReservationRejected':
      return { ...sku, stockouts: sku.stockouts + 1 };
    case 'LowStockThresholdSet':
      return { ...sku, lowStockThreshold: event.data.threshold };
    default:
      return sku;
  }
};

const onCatalog = (doc: SaleSkuDoc, entry: CatalogEntry): SaleSkuDoc =>
  doc.name === entry.name && doc.category === entry.category
    ? doc
    : { ...doc, name: entry.name, category: entry.category };

export const onSku = (
  doc: SalesDoc | undefined,
  id: string,
  recorded: ProjectedEvent,
): SalesDoc | undefined => {
  const input = analyticsInputOf(recorded.event);
  const sku = id.slice('sku:'.length);
  const current = doc?.kind === 'sku' ? doc : undefined;
  if (input?.source === 'catalog') return onCatalog(current ?? emptySku(id, sku), input.entry);
  if (input?.source === 'inventory') return stockChange(current ?? emptySku(id, sku), input.event);
  if (input?.source !== 'order' || input.event.type !== 'OrderPlaced') return doc;
  // A sku the catalog never named (no product events, or stock before them): named by the line.
  const line = input.event.data.lines.find((l) => l.sku === sku);
  if (line === undefined || (current !== undefined && current.name !== sku)) return doc;
  return { ...(current ?? emptySku(id, sku)), name: line.name, category: categoryOf(line) };
};

/** One analytics_sales document after an event; `id` says which one (see documentIds). */
