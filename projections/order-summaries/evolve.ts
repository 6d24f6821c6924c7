import type { InventoryEvent } from '../../domain/inventory/events.ts';
import type { OrderEvent } from '../../domain/order/events.ts';
import type { PaymentEvent } from '../../domain/payment/events.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { isDomainEvent, type ProjectedEvent } from '../projection.ts';
import type { OrderSummaryDoc, StockState } from './document.ts';

type Doc = OrderSummaryDoc;
type Attention = NonNullable<Doc['attention']>;

const placed = (event: Extract<OrderEvent, { type: 'OrderPlaced' }>, position: number): Doc => {
  const { orderId, customerId, lines, total, placedAt } = event.data;
  return {
    _id: orderId,
    orderId,
    customerId,
    status: 'placed',
    lines,
    lineCount: lines.length,
    skus: [...new Set(lines.map((line) => line.sku))],
    total,
    placedAt,
    updatedAt: placedAt,
    steps: { placedAt },
    position,
    stock: [],
  };
};

// Transitions follow the order's own evolve: an event that cannot follow the status changes nothing.
const onOrder = (doc: Doc, event: OrderEvent, position: number): Doc => {
  // A new status answers whatever the order was waiting for.
  const moved = (change: Partial<Doc>, at: string): Doc => {
    const { attention: _answered, ...rest } = doc;
    return { ...rest, ...change, needsAttention: false, updatedAt: at, position };
  };
  switch (event.type) {
    case 'OrderPlaced':
      return doc;
    case 'OrderConfirmed': {
      const at = event.data.confirmedAt;
      return doc.status !== 'placed'
        ? doc
        : moved({ status: 'confirmed', steps: { ...doc.steps, confirmedAt: at } }, at);
    }
    case 'OrderRejected': {
      if (doc.status !== 'placed') return doc;
      const { reason, detail, rejectedAt: at } = event.data;
      return moved(
        { status: 'rejected', reason, detail, steps: { ...doc.steps, rejectedAt: at } },
        at,
      );
    }
    case 'OrderCancelled': {
      if (doc.status !== 'placed' && doc.status !== 'confirmed') return doc;
      const { reason, cancelledBy, cancelledAt: at } = event.data;
      const steps = { ...doc.steps, cancelledAt: at };
      return moved({ status: 'cancelled', reason, cancelledBy, steps }, at);
    }
    case 'OrderShipped': {
      if (doc.status !== 'confirmed') return doc;
      const { carrier, trackingId, shippedAt: at } = event.data;
      const steps = { ...doc.steps, shippedAt: at };
      return moved({ status: 'shipped', shipment: { carrier, trackingId }, steps }, at);
    }
    case 'OrderDelivered': {
      const at = event.data.deliveredAt;
      return doc.status !== 'shipped'
        ? doc
        : moved({ status: 'delivered', steps: { ...doc.steps, deliveredAt: at } }, at);
    }
    // The list shows no delivery date; the order's own view does.
    case 'OrderDeliveryEstimateRevised':
      return doc;
    default:
      return unreachable(event);
  }
};

const stockChange = (event: InventoryEvent): { state: StockState; at: string } | undefined => {
  switch (event.type) {
    case 'StockReserved':
      return { state: 'reserved', at: event.data.reservedAt };
    case 'StockReservationRejected':
      return { state: 'rejected', at: event.data.rejectedAt };
    case 'StockReleased':
      return { state: 'released', at: event.data.releasedAt };
    case 'StockCommitted':
      return { state: 'committed', at: event.data.committedAt };
    case 'StockRestocked':
    case 'LowStockThresholdSet':
      return undefined;
    default:
      return unreachable(event);
  }
};

/** Stock is reserved once every sku of the order is (the step keeps its time after a release). */
const onStock = (doc: Doc, event: InventoryEvent, position: number): Doc => {
  const change = stockChange(event);
  const { sku } = event.data;
  if (change === undefined || !doc.skus.includes(sku)) return doc;
  const stock = [...doc.stock.filter((line) => line.sku !== sku), { sku, state: change.state }];
  const held = (s: string) =>
    stock.some(
      (line) => line.sku === s && (line.state === 'reserved' || line.state === 'committed'),
    );
  const allHeld = doc.steps.stockReservedAt === undefined && doc.skus.every(held);
  const steps = allHeld ? { ...doc.steps, stockReservedAt: change.at } : doc.steps;
  return { ...doc, stock, steps, position };
};

const needs = (doc: Doc, kind: Attention['kind'], since: string, position: number): Doc =>
  doc.attention?.kind === kind && doc.attention.since === since
    ? doc
    : { ...doc, needsAttention: true, attention: { kind, since }, position };

const onPayment = (doc: Doc, event: PaymentEvent, position: number): Doc => {
  if (event.type === 'PaymentDeclined') {
    // Placed and declined: waiting for a retry until the grace ends, then rejected.
    return doc.status === 'placed' && doc.steps.paymentAuthorizedAt === undefined
      ? needs(doc, 'payment_declined', event.data.declinedAt, position)
      : doc;
  }
  if (event.type !== 'PaymentAuthorized' || doc.steps.paymentAuthorizedAt !== undefined) return doc;
  const { attention: _answered, ...rest } = doc;
  return {
    ...rest,
    needsAttention: false,
    steps: { ...doc.steps, paymentAuthorizedAt: event.data.authorizedAt },
    position,
  };
};

/** The saga's own record of a refused shipment: the order waits for a retry. */
const onSaga = (doc: Doc, recorded: ProjectedEvent, position: number): Doc =>
  recorded.event.type === 'ShipmentFailed' && doc.status === 'confirmed'
    ? needs(doc, 'shipping_refused', recorded.metadata.occurredAt, position)
    : doc;

/** An order's summary from its own events, its payment's, and its skus' reservations. */
export const evolveSummary = (
  doc: Doc | undefined,
  { event, position, ...rest }: ProjectedEvent,
): Doc | undefined => {
  const commit = position?.commit ?? 0;
  if (!isDomainEvent(event))
    return doc === undefined ? undefined : onSaga(doc, { event, position, ...rest }, commit);
  if (doc === undefined) return event.type === 'OrderPlaced' ? placed(event, commit) : undefined;
  switch (event.type) {
    case 'OrderPlaced':
    case 'OrderConfirmed':
    case 'OrderRejected':
    case 'OrderCancelled':
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderDeliveryEstimateRevised':
      return onOrder(doc, event, commit);
    case 'StockRestocked':
    case 'StockReserved':
    case 'StockReservationRejected':
    case 'StockReleased':
    case 'StockCommitted':
    case 'LowStockThresholdSet':
      return onStock(doc, event, commit);
    default:
      return onPayment(doc, event, commit);
  }
};
