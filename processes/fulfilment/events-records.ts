import { z } from 'zod';
import { eventSchema } from '../../domain/shared/event.ts';
import type { Event } from '../../domain/shared/event.ts';

// What only the saga knows, kept in `fulfilment-{orderId}`: an operator's request (with the
// operator as the event's actor), the carrier's refusal of a shipment attempt (the retry timer is
// derived from it) and the outcome. Nothing here restates what an aggregate recorded.

export const retrySteps = ['inventory', 'payment', 'shipping'] as const;
export const retryStepSchema = z.enum(retrySteps);
export type RetryStep = z.infer<typeof retryStepSchema>;

export const compensationActions = ['releaseStock', 'refundPayment'] as const;
export const compensationActionSchema = z.enum(compensationActions);
export type CompensationAction = z.infer<typeof compensationActionSchema>;

export const fulfilmentOutcomes = ['delivered', 'cancelled', 'rejected'] as const;
export type FulfilmentOutcome = (typeof fulfilmentOutcomes)[number];

export const retryRequestedSchema = z.object({ step: retryStepSchema });
export const compensationRequestedSchema = z.object({ action: compensationActionSchema });
/** The carrier refused shipment attempt `attempt`. */
export const shipmentFailedSchema = z.object({
  attempt: z.number().int().positive(),
  reason: z.string().min(1),
});
export const fulfilmentCompletedSchema = z.object({ outcome: z.enum(fulfilmentOutcomes) });

/** One reason behind a risk score, in words an operator reads, with its weight in the score. */
export const riskFactorSchema = z.object({
  feature: z.string().min(1),
  label: z.string().min(1),
  contribution: z.number(),
});
/**
 * The order's fraud risk, scored once from what the log held when it was placed: the model (or
 * rules) that scored it, its main reasons, and whether it is held for review at the threshold in
 * force then (a later change of threshold does not reopen the decision).
 */
export const riskScoredSchema = z.object({
  score: z.number().int().min(0).max(100),
  modelVersion: z.string().min(1),
  factors: z.array(riskFactorSchema).max(5),
  threshold: z.number().int().min(0).max(101),
  held: z.boolean(),
});
export const reviewDecisions = ['approved', 'rejected'] as const;
/** A reviewer's decision on a held order; the reviewer is the event's actor. */
export const riskReviewedSchema = z.object({
  decision: z.enum(reviewDecisions),
  reason: z.string().min(1).max(500),
});

export type RetryRequested = Event<'RetryRequested', z.infer<typeof retryRequestedSchema>>;
export type CompensationRequested = Event<
  'CompensationRequested',
  z.infer<typeof compensationRequestedSchema>
>;
export type ShipmentFailed = Event<'ShipmentFailed', z.infer<typeof shipmentFailedSchema>>;
export type FulfilmentCompleted = Event<
  'FulfilmentCompleted',
  z.infer<typeof fulfilmentCompletedSchema>
>;
export type RiskFactor = z.infer<typeof riskFactorSchema>;
export type RiskAssessment = z.infer<typeof riskScoredSchema>;
export type ReviewDecision = (typeof reviewDecisions)[number];
export type RiskScored = Event<'RiskScored', RiskAssessment>;
export type RiskReviewed = Event<'RiskReviewed', z.infer<typeof riskReviewedSchema>>;

/** What the saga writes today. */
export type SagaRecord =
  | RetryRequested
  | CompensationRequested
  | ShipmentFailed
  | FulfilmentCompleted
  | RiskScored
  | RiskReviewed;

export const recordSchemas = [
  eventSchema('RetryRequested', retryRequestedSchema),
  eventSchema('CompensationRequested', compensationRequestedSchema),
  eventSchema('ShipmentFailed', shipmentFailedSchema),
  eventSchema('FulfilmentCompleted', fulfilmentCompletedSchema),
  eventSchema('RiskScored', riskScoredSchema),
  eventSchema('RiskReviewed', riskReviewedSchema),
] as const;

const recordTypes: readonly string[] = [
  'RetryRequested',
  'CompensationRequested',
  'ShipmentFailed',
  'FulfilmentCompleted',
  'RiskScored',
  'RiskReviewed',
] satisfies readonly SagaRecord['type'][];

export const isRecordType = (type: string): type is SagaRecord['type'] =>
  recordTypes.includes(type);
