import { z } from 'zod';
import { orderStatuses } from '../../domain/order/state.ts';
import { moneySchema } from '../../domain/shared/money.ts';
import type { Filter } from '../../infra/readmodels/store.ts';
import {
  orderSummaries,
  stepsSchema,
  summaryView,
  type OrderSummaryDoc,
} from '../../projections/order-summaries/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import {
  minPositionParam,
  readYourWrites,
  readYourWritesHeaders,
} from '../http/read-your-writes.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { idParam } from '../schemas.ts';
import { queryHash, type OrderCursors } from './order-cursor.ts';
import { orderSorts, searchOrders, sortSpecOf, sortValueOf } from './order-search.ts';

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString());
const amount = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const orderListQuery = z
  .strictObject({
    status: z.enum(orderStatuses).optional(),
    customerId: idParam.optional(),
    /** Placed at or after (inclusive). */
    from: instant.optional(),
    /** Placed before (exclusive). */
    to: instant.optional(),
    /** Total in minor units, inclusive. */
    minTotal: amount.optional(),
    maxTotal: amount.optional(),
    /** Only orders that wait for an operator: a declined payment, a refused shipment. */
    needsAttention: z.literal('true').optional(),
    /** Words each found in the order: its id's start, a sku's start, or in a product's name. */
    q: z
      .string()
      .trim()
      .max(80)
      .transform((text) => (text === '' ? undefined : text))
      .optional(),
    sort: z.enum(orderSorts).default('placedAt:desc'),
    cursor: z.string().min(1).max(400).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    minPosition: minPositionParam,
  })
  // An inverted range matches nothing; it is a client's mistake worth saying, not an empty page.
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ['to'],
    message: 'to must be after from',
  })
  .refine((q) => q.minTotal === undefined || q.maxTotal === undefined || q.minTotal <= q.maxTotal, {
    path: ['maxTotal'],
    message: 'maxTotal must not be below minTotal',
  });
type OrderListQuery = z.infer<typeof orderListQuery>;

export const orderSummarySchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: z.enum(orderStatuses),
  total: moneySchema,
  lineCount: z.number().int(),
  skus: z.array(z.string()),
  placedAt: z.string(),
  updatedAt: z.string(),
  reason: z.string().optional(),
  detail: z.string().nullable().optional(),
  cancelledBy: z.string().optional(),
  shipment: z.object({ carrier: z.string(), trackingId: z.string() }).optional(),
  needsAttention: z.boolean().optional(),
  attention: z
    .object({
      kind: z.enum(['payment_declined', 'shipping_refused']),
      since: z.string(),
      /** When the saga acts by itself if nobody does (a declined payment is then rejected). */
      until: z.string().nullable(),
    })
    .optional(),
  steps: stepsSchema,
  position: z.number().int(),
});
const orderPageSchema = z.object({
  items: z.array(orderSummarySchema),
  nextCursor: z.string().nullable(),
  /** A search stopped at its budget before the page filled: nextCursor goes on looking. */
  partial: z.boolean().optional(),
});

// Measured in bench/orders-query.ts: a page that looks at this many orders answers well under 100 ms.
const defaultSearchBudget = 10_000;

/** Operators, auditors and admins see every order; a customer only their own. */
const seesAll = (principal: Principal) => hasRole(principal, 'operator', 'auditor', 'admin');

const filterOf = (query: OrderListQuery, customerId: string | undefined): Filter => ({
  ...(query.status === undefined ? {} : { status: query.status }),
  ...(query.needsAttention === undefined ? {} : { needsAttention: true }),
  ...(customerId === undefined ? {} : { customerId }),
  ...(query.from === undefined && query.to === undefined
    ? {}
    : {
        placedAt: {
          ...(query.from ? { $gte: query.from } : {}),
          ...(query.to ? { $lt: query.to } : {}),
        },
      }),
  ...(query.minTotal === undefined && query.maxTotal === undefined
    ? {}
    : {
        'total.amount': {
          ...(query.minTotal === undefined ? {} : { $gte: query.minTotal }),
          ...(query.maxTotal === undefined ? {} : { $lte: query.maxTotal }),
        },
      }),
});

export interface OrderListOptions {
  /** Orders one search request may look at (see searchOrders). */
  readonly searchBudget?: number;
  /** PAYMENT_DECLINE_GRACE_MS: a declined payment's retry deadline, counted from the decline. */
  readonly paymentDeclineGraceMs?: number;
}

/** `GET /api/orders`: the filtered, searched list in the order asked for, one keyset page at a time. */
export const orderListRoutes = (
  readModels: ReadModels,
  cursors: OrderCursors,
  options: OrderListOptions = {},
): Route[] => {
  const { paymentDeclineGraceMs } = options;
  // The saga rejects a declined order once its grace ends; a refused shipment's retry time
  // depends on its attempts, which the order's page tells.
  const withDeadline = (doc: OrderSummaryDoc) => {
    const summary = summaryView(doc);
    const { attention } = summary;
    if (attention === undefined) return summary;
    const until =
      attention.kind === 'payment_declined' && paymentDeclineGraceMs !== undefined
        ? new Date(Date.parse(attention.since) + paymentDeclineGraceMs).toISOString()
        : null;
    return { ...summary, attention: { ...attention, until } };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/orders',
      summary:
        'Orders from the read model: filters, search by order id, sku or product name, sort by placedAt or total, keyset pages with an opaque cursor (a customer sees only their own)',
      tag: 'orders',
      access: ['customer', 'operator', 'auditor', 'admin'],
      query: orderListQuery,
      headers: readYourWritesHeaders,
      responses: {
        200: { description: 'a page of order summaries', schema: orderPageSchema },
        400: { description: 'invalid filters, or a cursor from another query' },
      },
      handle: async ({ req, res, query, principal }) => {
        const customerId = seesAll(principal) ? query.customerId : principal.sub;
        const filter = filterOf(query, customerId);
        const sort = sortSpecOf(query.sort);
        const hash = queryHash({ filter, sort: query.sort, q: query.q?.toLowerCase() ?? null });
        const from = query.cursor === undefined ? undefined : cursors.decode(query.cursor, hash);
        const after = from === undefined ? undefined : [from.value, from.orderId];
        await readYourWrites(req, res, readModels, orderSummaries.name, query.minPosition);
        const summaries = await readModels.active(orderSummaries);
        const cursorAfter = (doc: OrderSummaryDoc) =>
          cursors.encode({ value: sortValueOf(query.sort, doc), orderId: doc.orderId }, hash);
        if (summaries !== undefined && query.q !== undefined) {
          const found = await searchOrders(summaries, {
            filter,
            sort: query.sort,
            after,
            limit: query.limit,
            text: query.q,
            budget: options.searchBudget ?? defaultSearchBudget,
          });
          res.json({
            items: found.items.map(withDeadline),
            nextCursor: found.next === undefined ? null : cursorAfter(found.next),
            ...(found.partial ? { partial: true } : {}),
          });
          return;
        }
        const docs =
          summaries === undefined
            ? []
            : await summaries.find({
                filter,
                sort,
                limit: query.limit + 1,
                ...(after === undefined ? {} : { after }),
              });
        const page = docs.slice(0, query.limit);
        const last = page.at(-1);
        const nextCursor =
          docs.length > query.limit && last !== undefined ? cursorAfter(last) : null;
        res.json({ items: page.map(withDeadline), nextCursor });
      },
    }),
  ];
};
