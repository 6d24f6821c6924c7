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

/** What the saga writes today. */
export type SagaRecord =
  RetryRequested | CompensationRequested | ShipmentFailed | FulfilmentCompleted;

export const recordSchemas = [
  eventSchema('RetryRequested', retryRequestedSchema),
  eventSchema('CompensationRequested', compensationRequestedSchema),
  eventSchema('ShipmentFailed', shipmentFailedSchema),
  eventSchema('FulfilmentCompleted', fulfilmentCompletedSchema),
] as const;

const recordTypes: readonly string[] = [
  'RetryRequested',
  'CompensationRequested',
  'ShipmentFailed',
  'FulfilmentCompleted',
] satisfies readonly SagaRecord['type'][];

export const isRecordType = (type: string): type is SagaRecord['type'] =>
  recordTypes.includes(type);
