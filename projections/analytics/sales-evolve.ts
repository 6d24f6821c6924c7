import type { InventoryEvent } from '../../domain/inventory/events.ts';
import type { OrderEvent, OrderPlaced } from '../../domain/order/events.ts';
import type { PaymentEvent } from '../../domain/payment/events.ts';
import type { OrderStatus } from '../../domain/order/state.ts';
import { transition } from '../ops-stats/evolve.ts';
import { positionKey } from '../position.ts';
import type { EvolveContext, ProjectedEvent } from '../projection.ts';
import { analyticsInputOf, type CatalogEntry } from './events.ts';
import {
  shardOf,
  saleOrderId,
  saleSkuId,
  uncategorised,
  type SaleDayDoc,
  type SaleDaySkusDoc,
  type SkuDayFigures,
  type SaleOrderDoc,
  type SaleSkuDoc,
  type SalesDoc,
} from './sales-documents.ts';
import {
  addToBucket,
  addToRecord,
  bucketOf,
  dayOf,
  hourOf,
  occurredAt,
  timingBoundsHours,
} from './time.ts';

type Related = EvolveContext<SalesDoc>['related'];
const hourMs = 3_600_000;

const orderOf = (related: Related, orderId: string): SaleOrderDoc | undefined => {
  const doc = related(saleOrderId(orderId));
  return doc?.kind === 'order' ? doc : undefined;
};
const skuOf = (related: Related, sku: string): SaleSkuDoc | undefined => {
  const doc = related(saleSkuId(sku));
  return doc?.kind === 'sku' ? doc : undefined;
};

/** The order's status just before the event at `key`, from its transitions (see ops_stats). */
const statusBefore = (order: SaleOrderDoc | undefined, key: string): OrderStatus | 'none' =>
  order?.transitions.filter((t) => t.at < key).at(-1)?.status ?? 'none';

const categoryOf = (line: OrderPlaced['data']['lines'][number]) => line.category ?? uncategorised;

const onOrderDoc = (
  doc: SalesDoc | undefined,
  id: string,
  event: OrderEvent,
  at: string,
  key: string,
): SalesDoc | undefined => {
  const order = doc?.kind === 'order' ? doc : undefined;
  const to = transition(order?.transitions.at(-1)?.status ?? 'none', event);
  if (to === undefined) return doc;
  if (order !== undefined)
    return { ...order, transitions: [...order.transitions, { status: to, at: key }] };
  if (event.type !== 'OrderPlaced') return doc;
  const { lines, total } = event.data;
  return {
    _id: id,
    kind: 'order',
    placedAt: at,
    total: total.amount,
    currency: total.currency,
    lines: lines.map((line) => ({
      sku: line.sku,
      category: categoryOf(line),
      quantity: line.quantity,
      unitPrice: line.unitPrice.amount,
    })),
    transitions: [{ status: 'placed', at: key }],
  } satisfies SaleOrderDoc;
};

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

const onDayOrder = (
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

const onDayPayment = (day: SaleDayDoc, event: PaymentEvent): SaleDayDoc | undefined => {
  if (event.type === 'PaymentAuthorized') return { ...day, authorized: day.authorized + 1 };
  if (event.type !== 'PaymentDeclined') return undefined;
  return {
    ...day,
    declined: day.declined + 1,
    declines: addToRecord(day.declines, event.data.reason, 1),
  };
};

const dayDoc = (doc: SalesDoc | undefined, id: string, at: string, currency: string) =>
  doc?.kind === 'day' ? doc : emptyDay(id, dayOf(at), currency);

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
  figures: SkuDayFigures,
  event: InventoryEvent,
  related: Related,
): SkuDayFigures | undefined => {
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
  skus: SaleDaySkusDoc['skus'],
  shard: number,
  event: OrderPlaced,
  related: Related,
): SaleDaySkusDoc['skus'] => {
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

const onDaySkus = (
  doc: SalesDoc | undefined,
  id: string,
  recorded: ProjectedEvent,
  related: Related,
): SalesDoc | undefined => {
  const input = analyticsInputOf(recorded.event);
  const day = dayOf(occurredAt(recorded));
  const shard = Number(id.slice(id.lastIndexOf(':') + 1));
  const current: SaleDaySkusDoc =
    doc?.kind === 'day-skus' ? doc : { _id: id, kind: 'day-skus', key: day, shard, skus: {} };
  if (input?.source === 'order' && input.event.type === 'OrderPlaced')
    return { ...current, skus: onSkusPlaced(current.skus, shard, input.event, related) };
  if (input?.source !== 'inventory') return doc;
  const { sku } = input.event.data;
  const orderId = 'orderId' in input.event.data ? input.event.data.orderId : undefined;
  const was = current.skus[sku] ?? emptyFigures(skuCategory(related, sku, orderId));
  const figures = onSkuStock(was, input.event, related);
  return figures === undefined ? doc : { ...current, skus: { ...current.skus, [sku]: figures } };
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
    default:
      return sku;
  }
};

const onCatalog = (doc: SaleSkuDoc, entry: CatalogEntry): SaleSkuDoc =>
  doc.name === entry.name && doc.category === entry.category
    ? doc
    : { ...doc, name: entry.name, category: entry.category };

const onSku = (
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
export const evolveSales = (
  doc: SalesDoc | undefined,
  recorded: ProjectedEvent,
  { id, related }: EvolveContext<SalesDoc>,
): SalesDoc | undefined => {
  if (recorded.position === undefined) return doc;
  const key = positionKey(recorded.position);
  const at = occurredAt(recorded);
  if (id.startsWith('sku:')) return onSku(doc, id, recorded);
  if (id.startsWith('day-skus:')) return onDaySkus(doc, id, recorded, related);
  const input = analyticsInputOf(recorded.event);
  if (id.startsWith('order:'))
    return input?.source === 'order' ? onOrderDoc(doc, id, input.event, at, key) : doc;
  if (input?.source === 'payment') {
    const day = dayDoc(
      doc,
      id,
      at,
      'amount' in input.event.data ? input.event.data.amount.currency : 'EUR',
    );
    return onDayPayment(day, input.event) ?? doc;
  }
  if (input?.source !== 'order') return doc;
  const currency =
    orderOf(related, input.event.data.orderId)?.currency ??
    (input.event.type === 'OrderPlaced' ? input.event.data.total.currency : 'EUR');
  return onDayOrder(dayDoc(doc, id, at, currency), input.event, at, key, related) ?? doc;
};
