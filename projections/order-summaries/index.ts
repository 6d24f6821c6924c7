import {
  parseFulfilmentStream,
  parseOrderStream,
  parsePaymentStream,
} from '../../domain/streams.ts';
import { isDomainEvent, type ProjectedEvent, type Projection } from '../projection.ts';
import { orderSummaryDocSchema, summaryView, type OrderSummaryDoc } from './document.ts';
import { evolveSummary } from './evolve.ts';

export * from './document.ts';

/** The order an event of an order, payment or inventory stream concerns. */
export const orderIdOf = ({ stream, event }: ProjectedEvent): string | undefined => {
  const own =
    parseOrderStream(stream) ?? parsePaymentStream(stream) ?? parseFulfilmentStream(stream);
  if (own !== undefined) return own;
  if (!isDomainEvent(event) || !('orderId' in event.data)) return undefined;
  return event.data.orderId;
};

/** `order_summaries`: one document per order, for the filtered, paginated list and its page. */
export const orderSummaries: Projection<OrderSummaryDoc> = {
  name: 'order_summaries',
  // 2: needs attention (a declined payment, a refused shipment), from the saga's stream too.
  version: 2,
  categories: ['order', 'inventory', 'payment', 'fulfilment'],
  schema: orderSummaryDocSchema,
  // Every filter and sort GET /api/orders offers; `_id` closes each key for keyset pages. Search
  // (names and skus inside the lines) walks these in the sort's order: see api/routes/order-search.ts.
  indexes: [
    {
      name: 'by_placed',
      fields: [
        ['placedAt', -1],
        ['_id', -1],
      ],
    },
    {
      name: 'by_status_placed',
      fields: [
        ['status', 1],
        ['placedAt', -1],
        ['_id', -1],
      ],
    },
    {
      name: 'by_customer_placed',
      fields: [
        ['customerId', 1],
        ['placedAt', -1],
        ['_id', -1],
      ],
    },
    {
      name: 'by_customer_status_placed',
      fields: [
        ['customerId', 1],
        ['status', 1],
        ['placedAt', -1],
        ['_id', -1],
      ],
    },
    {
      name: 'by_attention_placed',
      fields: [
        ['needsAttention', 1],
        ['placedAt', -1],
        ['_id', -1],
      ],
    },
    {
      name: 'by_total',
      fields: [
        ['total.amount', 1],
        ['_id', 1],
      ],
    },
    // Sorting by total keeps its pages index walks under the list's usual narrowing filters too.
    {
      name: 'by_status_total',
      fields: [
        ['status', 1],
        ['total.amount', 1],
        ['_id', 1],
      ],
    },
    {
      name: 'by_customer_total',
      fields: [
        ['customerId', 1],
        ['total.amount', 1],
        ['_id', 1],
      ],
    },
  ],
  documentIds: (recorded) => {
    const orderId = orderIdOf(recorded);
    return orderId === undefined ? [] : [orderId];
  },
  evolve: (doc, recorded) => evolveSummary(doc, recorded),
  view: summaryView,
};
