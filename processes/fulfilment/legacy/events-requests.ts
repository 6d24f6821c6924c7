import { z } from 'zod';
import { eventSchema } from '../../../domain/shared/event.ts';
import type { Event } from '../../../domain/shared/event.ts';

// v1 (read only): the saga's requests to itself. Timers and the carrier's "still in transit" are
// now derived from the domain events; what the saga handled is no longer written down.

export const timerFiredSchema = z.object({ timerId: z.string().min(1) });
/** Delivery check `check` found the parcel still in transit. */
export const deliveryPendingSchema = z.object({ check: z.number().int().positive() });

const v1RequestTypes = [
  'TimerFired',
  'RetryRequested',
  'CompensationRequested',
  'ShipmentFailed',
  'DeliveryPending',
] as const;

/** The saga handled one of the requests above: 'nothing_to_do' when its state had moved on. */
export const inputHandledSchema = z.object({
  inputId: z.string().min(1),
  request: z.enum(v1RequestTypes),
  outcome: z.enum(['acted', 'nothing_to_do']),
});

export type TimerFired = Event<'TimerFired', z.infer<typeof timerFiredSchema>>;
export type DeliveryPending = Event<'DeliveryPending', z.infer<typeof deliveryPendingSchema>>;
export type InputHandled = Event<'InputHandled', z.infer<typeof inputHandledSchema>>;

export type LegacyRequest = TimerFired | DeliveryPending | InputHandled;

export const legacyRequestSchemas = [
  eventSchema('TimerFired', timerFiredSchema),
  eventSchema('DeliveryPending', deliveryPendingSchema),
  eventSchema('InputHandled', inputHandledSchema),
] as const;
