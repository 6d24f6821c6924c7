import type { OrderPlaced } from '../../domain/order/events.ts';
import type { OrderStatus } from '../../domain/order/state.ts';
import type { EvolveContext } from '../projection.ts';
import {
  saleOrderId,
  saleSkuId,
  uncategorised,
  type SaleOrderDoc,
  type SaleSkuDoc,
  type SalesDoc,
} from './sales-documents.ts';

// What a sales document reads of the others an event touches (see documentIds).
export type Related = EvolveContext<SalesDoc>['related'];

export const orderOf = (related: Related, orderId: string): SaleOrderDoc | undefined => {
  const doc = related(saleOrderId(orderId));
  return doc?.kind === 'order' ? doc : undefined;
};
export const skuOf = (related: Related, sku: string): SaleSkuDoc | undefined => {
  const doc = related(saleSkuId(sku));
  return doc?.kind === 'sku' ? doc : undefined;
};

/** The order's status just before the event at `key`, from its transitions (see ops_stats). */
export const statusBefore = (order: SaleOrderDoc | undefined, key: string): OrderStatus | 'none' =>
  order?.transitions.filter((t) => t.at < key).at(-1)?.status ?? 'none';

export const categoryOf = (line: OrderPlaced['data']['lines'][number]) =>
  line.category ?? uncategorised;
