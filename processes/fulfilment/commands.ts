import type { DomainEvent } from '../../domain/events.ts';
import type { StockRestocked } from '../../domain/inventory/events.ts';
import type { Command } from '../../domain/shared/command.ts';
import { isRequestType } from './events-requests.ts';
import type { CompensationAction, Request, RetryStep } from './events-requests.ts';

/** An event the saga reacts to: an aggregate's event, or a request written to its own stream. */
export type SagaInputEvent = Exclude<DomainEvent, StockRestocked> | Request;
export type SagaInput = { readonly id: string; readonly event: SagaInputEvent };

export const isRequest = (event: SagaInputEvent): event is Request => isRequestType(event.type);

export type Observe = Command<'Observe', { input: SagaInput }>;
/** The scheduler: timer `timerId` is due. */
export type FireTimer = Command<'FireTimer', { timerId: string }>;
export type RequestRetry = Command<'RequestRetry', { orderId: string; step: RetryStep }>;
export type RequestCompensation = Command<
  'RequestCompensation',
  { orderId: string; action: CompensationAction }
>;
/** The dispatcher: the carrier refused shipment attempt `attempt`. */
export type RecordShipmentFailure = Command<
  'RecordShipmentFailure',
  { attempt: number; reason: string }
>;
/** The dispatcher: delivery check `check` found the parcel still in transit. */
export type RecordDeliveryPending = Command<'RecordDeliveryPending', { check: number }>;

export type FulfilmentCommand =
  | Observe
  | FireTimer
  | RequestRetry
  | RequestCompensation
  | RecordShipmentFailure
  | RecordDeliveryPending;
