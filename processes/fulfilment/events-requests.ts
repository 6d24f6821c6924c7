import { z } from 'zod';
import { eventSchema } from '../../domain/shared/event.ts';
import type { Event } from '../../domain/shared/event.ts';

// Events written to the saga's stream by others than its Observe decisions: the scheduler (a timer
// is due), operators (retry, compensate) and the dispatcher (what the carrier answered). They are
// inputs: the saga observes each one like an aggregate's event, and records InputHandled for it.

export const retrySteps = ['inventory', 'payment', 'shipping'] as const;
export const retryStepSchema = z.enum(retrySteps);
export type RetryStep = z.infer<typeof retryStepSchema>;

export const compensationActions = ['releaseStock', 'refundPayment'] as const;
export const compensationActionSchema = z.enum(compensationActions);
export type CompensationAction = z.infer<typeof compensationActionSchema>;

export const timerFiredSchema = z.object({ timerId: z.string().min(1) });
export const retryRequestedSchema = z.object({ step: retryStepSchema });
export const compensationRequestedSchema = z.object({ action: compensationActionSchema });
/** The carrier refused shipment attempt `attempt`. */
export const shipmentFailedSchema = z.object({
  attempt: z.number().int().positive(),
  reason: z.string().min(1),
});
/** Delivery check `check` found the parcel still in transit. */
export const deliveryPendingSchema = z.object({ check: z.number().int().positive() });

export const requestTypes = [
  'TimerFired',
  'RetryRequested',
  'CompensationRequested',
  'ShipmentFailed',
  'DeliveryPending',
] as const;
export type RequestType = (typeof requestTypes)[number];

/** The saga handled one of the requests above: 'nothing_to_do' when its state had moved on. */
export const inputHandledSchema = z.object({
  inputId: z.string().min(1),
  request: z.enum(requestTypes),
  outcome: z.enum(['acted', 'nothing_to_do']),
});

export type TimerFired = Event<'TimerFired', z.infer<typeof timerFiredSchema>>;
export type RetryRequested = Event<'RetryRequested', z.infer<typeof retryRequestedSchema>>;
export type CompensationRequested = Event<
  'CompensationRequested',
  z.infer<typeof compensationRequestedSchema>
>;
export type ShipmentFailed = Event<'ShipmentFailed', z.infer<typeof shipmentFailedSchema>>;
export type DeliveryPending = Event<'DeliveryPending', z.infer<typeof deliveryPendingSchema>>;
export type InputHandled = Event<'InputHandled', z.infer<typeof inputHandledSchema>>;

export type Request =
  TimerFired | RetryRequested | CompensationRequested | ShipmentFailed | DeliveryPending;

export const requestSchemas = [
  eventSchema('TimerFired', timerFiredSchema),
  eventSchema('RetryRequested', retryRequestedSchema),
  eventSchema('CompensationRequested', compensationRequestedSchema),
  eventSchema('ShipmentFailed', shipmentFailedSchema),
  eventSchema('DeliveryPending', deliveryPendingSchema),
  eventSchema('InputHandled', inputHandledSchema),
] as const;

export const isRequestType = (type: string): type is RequestType =>
  (requestTypes as readonly string[]).includes(type);
