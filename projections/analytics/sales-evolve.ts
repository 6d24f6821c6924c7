import type { OrderEvent } from '../../domain/order/events.ts';
import { transition } from '../ops-stats/evolve.ts';
import { positionKey } from '../position.ts';
import type { EvolveContext, ProjectedEvent } from '../projection.ts';
import { analyticsInputOf } from './events.ts';
import type { SaleOrderDoc, SalesDoc } from './sales-documents.ts';
import { occurredAt } from './time.ts';
import { dayDoc, onDayOrder, onDayPayment } from './sales-day.ts';
import { categoryOf, orderOf } from './sales-related.ts';
import { onDaySkus, onSku } from './sales-skus.ts';
import { onWeekSkus } from './sales-week-skus.ts';

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
  if (id.startsWith('week-skus:')) return onWeekSkus(doc, id, recorded, related);
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
