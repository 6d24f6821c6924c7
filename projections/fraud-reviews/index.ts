import { z } from 'zod';
import { parseFulfilmentStream, parseOrderStream } from '../../domain/streams.ts';
import {
  riskFactorSchema,
  riskScoredSchema,
  riskReviewedSchema,
} from '../../processes/fulfilment/events-records.ts';
import { isDomainEvent, type Projection, type ProjectedEvent } from '../projection.ts';

export const reviewStatuses = [
  'pending',
  'approved',
  'rejected',
  'timed_out',
  'cancelled',
] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const fraudReviewDocSchema = z.object({
  _id: z.string(),
  _position: z.string().optional(),
  orderId: z.string(),
  score: z.number().int(),
  modelVersion: z.string(),
  factors: z.array(riskFactorSchema),
  threshold: z.number().int(),
  status: z.enum(reviewStatuses),
  heldAt: z.string(),
  /** Who decided (the reviewer's id), why, and when; null while pending or when it timed out. */
  reviewer: z.string().nullable(),
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type FraudReviewDoc = z.infer<typeof fraudReviewDocSchema>;

const held = (doc: FraudReviewDoc | undefined, recorded: ProjectedEvent, id: string) => {
  const parsed = riskScoredSchema.safeParse(recorded.event.data);
  if (doc !== undefined || !parsed.success || !parsed.data.held) return doc;
  const { score, modelVersion, factors, threshold } = parsed.data;
  return {
    _id: id,
    orderId: id,
    score,
    modelVersion,
    factors,
    threshold,
    status: 'pending' as const,
    heldAt: recorded.metadata.occurredAt,
    reviewer: null,
    reason: null,
    decidedAt: null,
  };
};

const decided = (
  doc: FraudReviewDoc,
  recorded: ProjectedEvent,
  status: ReviewStatus,
  reviewer: string | null,
  reason: string | null,
): FraudReviewDoc =>
  doc.status !== 'pending'
    ? doc
    : { ...doc, status, reviewer, reason, decidedAt: recorded.metadata.occurredAt };

/**
 * `fraud_reviews`: one document per order held for fraud review (RiskScored with held), and what
 * became of it: approved or rejected by a reviewer (the RiskReviewed event's actor), rejected by
 * the review's timeout, or cancelled by the customer meanwhile. Orders scored below the threshold
 * have no document: the queue and the audit of reviews are the held orders.
 */
export const fraudReviews: Projection<FraudReviewDoc> = {
  name: 'fraud_reviews',
  version: 1,
  categories: ['fulfilment', 'order'],
  schema: fraudReviewDocSchema,
  indexes: [
    {
      name: 'by_status_score',
      fields: [
        ['status', 1],
        ['score', -1],
        ['_id', 1],
      ],
    },
    {
      name: 'by_decided',
      fields: [
        ['decidedAt', -1],
        ['_id', 1],
      ],
    },
  ],
  documentIds: ({ stream, event }) => {
    if (event.type === 'RiskScored' || event.type === 'RiskReviewed') {
      const id = parseFulfilmentStream(stream);
      return id === undefined ? [] : [id];
    }
    if (event.type === 'OrderRejected' || event.type === 'OrderCancelled') {
      const id = parseOrderStream(stream);
      return id === undefined ? [] : [id];
    }
    return [];
  },
  evolve: (doc, recorded, { id }) => {
    const { event } = recorded;
    const next = (() => {
      if (event.type === 'RiskScored') return held(doc, recorded, id);
      if (doc === undefined) return doc;
      if (event.type === 'RiskReviewed') {
        const parsed = riskReviewedSchema.safeParse(event.data);
        if (!parsed.success) return doc;
        const { decision, reason } = parsed.data;
        return decided(doc, recorded, decision, recorded.metadata.actor, reason);
      }
      if (!isDomainEvent(event)) return doc;
      if (event.type === 'OrderCancelled')
        return decided(doc, recorded, 'cancelled', null, event.data.reason);
      if (event.type === 'OrderRejected' && event.data.reason === 'fraud_review')
        return decided(doc, recorded, 'timed_out', null, event.data.detail);
      return doc;
    })();
    return next;
  },
  view: ({ _id: _i, _position: _p, ...review }) => review,
};
