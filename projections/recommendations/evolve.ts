import type { OrderPlaced } from '../../domain/order/events.ts';
import { isDomainEvent, type EvolveContext, type ProjectedEvent } from '../projection.ts';
import {
  recentCapacity,
  type CustomerDoc,
  type RecommendationsDoc,
  type SkuDoc,
} from './documents.ts';
import { countPartner } from './partners.ts';

export const uncategorised = 'Uncategorised';

/** The OrderPlaced an event is, if it is one. */
export const placedOf = (recorded: ProjectedEvent): OrderPlaced | undefined =>
  isDomainEvent(recorded.event) && recorded.event.type === 'OrderPlaced'
    ? recorded.event
    : undefined;

/** The order's distinct skus, in line order (an order may list a sku twice). */
export const skusOf = (placed: OrderPlaced): string[] => [
  ...new Set(placed.data.lines.map((line) => line.sku)),
];

const onSku = (doc: RecommendationsDoc | undefined, id: string, placed: OrderPlaced): SkuDoc => {
  const sku = id.slice('sku:'.length);
  const was: SkuDoc =
    doc?.kind === 'sku'
      ? doc
      : { _id: id, kind: 'sku', sku, category: uncategorised, orders: 0, partners: [] };
  const category = placed.data.lines.find((line) => line.sku === sku)?.category;
  let partners = was.partners;
  for (const other of skusOf(placed)) if (other !== sku) partners = countPartner(partners, other);
  return { ...was, category: category ?? was.category, orders: was.orders + 1, partners };
};

const onCustomer = (
  doc: RecommendationsDoc | undefined,
  id: string,
  placed: OrderPlaced,
): CustomerDoc => {
  const was: CustomerDoc =
    doc?.kind === 'customer'
      ? doc
      : { _id: id, kind: 'customer', customerId: placed.data.customerId, orders: 0, skus: [] };
  const bought = skusOf(placed);
  const skus = [...bought, ...was.skus.filter((sku) => !bought.includes(sku))];
  return { ...was, orders: was.orders + 1, skus: skus.slice(0, recentCapacity) };
};

/**
 * One recommendations document after an event; `id` says which (see documentIds). Placed orders
 * count, whatever became of them later: a cancelled or refused basket still says which products
 * go together (most cancellations are out of stock, a declined card or a change of mind about
 * the whole order), and taking them back would need every order's lines kept until it ends.
 * Redelivery is the runner's concern: a document skips events at or below its `_position`.
 */
export const evolveRecommendations = (
  doc: RecommendationsDoc | undefined,
  recorded: ProjectedEvent,
  { id }: EvolveContext<RecommendationsDoc>,
): RecommendationsDoc | undefined => {
  const placed = placedOf(recorded);
  if (placed === undefined) return doc;
  if (id.startsWith('sku:')) return onSku(doc, id, placed);
  if (id.startsWith('customer:')) return onCustomer(doc, id, placed);
  return doc;
};
