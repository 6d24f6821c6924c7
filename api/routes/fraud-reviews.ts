import { z } from 'zod';
import {
  fraudReviewDocSchema,
  fraudReviews,
  reviewStatuses,
} from '../../projections/fraud-reviews/index.ts';
import { orderSummaries } from '../../projections/index.ts';
import type { OrderSummaryDoc } from '../../projections/order-summaries/document.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import { moneySchema } from '../../domain/shared/money.ts';
import { defineRoute, type Route } from '../http/route.ts';

const reviewsQuery = z.strictObject({
  /** pending: the queue, riskiest first; decided: the audit of past reviews, newest first. */
  view: z.enum(['pending', 'decided']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// The answer is the read model's document without its bookkeeping, joined with the order.
const reviewSchema = fraudReviewDocSchema.omit({ _id: true, _position: true }).extend({
  customerId: z.string().nullable(),
  total: moneySchema.nullable(),
});
const countsSchema = z.object({
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  timedOut: z.number().int(),
  cancelled: z.number().int(),
  /** Held orders a reviewer approved: the model's false positives, as reviews tell them. */
  falsePositiveRate: z.number().nullable(),
});
const answerSchema = z.object({ items: z.array(reviewSchema), counts: countsSchema });

/**
 * `GET /api/fraud/reviews`: orders held for fraud review from `fraud_reviews`, each with its
 * customer and total from `order_summaries`, and the counts of outcomes (false positives are the
 * held orders a reviewer approved).
 */
export const fraudReviewRoutes = (readModels: ReadModels): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/fraud/reviews',
    summary:
      'Orders held for fraud review: the queue by risk, or past reviews with who decided and why; outcome counts',
    tag: 'fraud',
    access: ['operator', 'admin', 'auditor'],
    query: reviewsQuery,
    responses: { 200: { description: 'the reviews', schema: answerSchema } },
    handle: async ({ res, query }) => {
      const reviews = await readModels.active(fraudReviews);
      const summaries = await readModels.active(orderSummaries);
      if (reviews === undefined) {
        res.json({ items: [], counts: countsOf([0, 0, 0, 0, 0]) });
        return;
      }
      const docs =
        query.view === 'pending'
          ? await reviews.find({
              filter: { status: 'pending' },
              sort: [
                ['status', 1],
                ['score', -1],
                ['_id', 1],
              ],
              limit: query.limit,
            })
          : await reviews.find({
              filter: { status: { $in: ['approved', 'rejected', 'timed_out', 'cancelled'] } },
              sort: [
                ['decidedAt', -1],
                ['_id', 1],
              ],
              limit: query.limit,
            });
      const orders: Map<string, OrderSummaryDoc> =
        (await summaries?.getMany(docs.map((doc) => doc._id))) ??
        new Map<string, OrderSummaryDoc>();
      const counts = await Promise.all(reviewStatuses.map((status) => reviews.count({ status })));
      res.json({
        items: docs.map((doc) => {
          const order = orders.get(doc._id);
          const { _id: _i, _position: _p, ...review } = doc;
          return {
            ...review,
            customerId: order?.customerId ?? null,
            total: order?.total ?? null,
          };
        }),
        counts: countsOf(counts),
      });
    },
  }),
];

const countsOf = ([
  pending = 0,
  approved = 0,
  rejected = 0,
  timedOut = 0,
  cancelled = 0,
]: number[]) => {
  const reviewed = approved + rejected;
  return {
    pending,
    approved,
    rejected,
    timedOut,
    cancelled,
    falsePositiveRate: reviewed === 0 ? null : approved / reviewed,
  };
};
