import * as z from 'zod/mini';
import { moneySchema } from '#lib/schemas/common.ts';

export const reviewSchema = z.object({
  orderId: z.string(),
  score: z.int(),
  modelVersion: z.string(),
  factors: z.array(z.object({ feature: z.string(), label: z.string(), contribution: z.number() })),
  threshold: z.int(),
  status: z.enum(['pending', 'approved', 'rejected', 'timed_out', 'cancelled']),
  heldAt: z.string(),
  reviewer: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  customerId: z.nullable(z.string()),
  total: z.nullable(moneySchema),
});
export type Review = z.infer<typeof reviewSchema>;

export const reviewsSchema = z.object({
  items: z.array(reviewSchema),
  counts: z.object({
    pending: z.int(),
    approved: z.int(),
    rejected: z.int(),
    timedOut: z.int(),
    cancelled: z.int(),
    falsePositiveRate: z.nullable(z.number()),
  }),
});

export const statusLabels: Record<Review['status'], string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Rejected',
  timed_out: 'Rejected: not reviewed in time',
  cancelled: 'Cancelled by the customer',
};

/** A score in words beside its number, so colour is never the only cue. */
export const riskLevel = (score: number): 'high' | 'elevated' | 'low' =>
  score >= 85 ? 'high' : score >= 60 ? 'elevated' : 'low';
