import { z } from 'zod';
import { defineEventRegistry } from '../../domain/shared/event.ts';
import type { EventRegistry, EventVersioning } from '../../domain/shared/event.ts';
import { decisionSchemas } from './events-decided.ts';
import type { Decision } from './events-decided.ts';
import { observationSchemas } from './events-observed.ts';
import type { Observation } from './events-observed.ts';
import { requestSchemas } from './events-requests.ts';
import { isRequestType } from './events-requests.ts';
import type { InputHandled, Request } from './events-requests.ts';

export type * from './events-decided.ts';
export type * from './events-observed.ts';
export type * from './events-requests.ts';

/** Everything in a `fulfilment-{orderId}` stream. */
export type SagaEvent = Observation | Decision | Request | InputHandled;

const firstVersion: EventVersioning = { schemaVersion: 1 };

export const sagaEvents: EventRegistry<SagaEvent> = defineEventRegistry<SagaEvent>(
  z.discriminatedUnion('type', [...observationSchemas, ...decisionSchemas, ...requestSchemas]),
  {
    FulfilmentStarted: firstVersion,
    StockReservationConfirmed: firstVersion,
    StockReservationFailed: firstVersion,
    StockReleaseConfirmed: firstVersion,
    StockCommitConfirmed: firstVersion,
    PaymentAuthorizationConfirmed: firstVersion,
    PaymentAuthorizationDeclined: firstVersion,
    PaymentCaptureConfirmed: firstVersion,
    PaymentVoidConfirmed: firstVersion,
    PaymentRefundConfirmed: firstVersion,
    OrderStatusObserved: firstVersion,
    StockReservationRequested: firstVersion,
    StockReleaseRequested: firstVersion,
    StockCommitRequested: firstVersion,
    PaymentAuthorizationRequested: firstVersion,
    PaymentCaptureRequested: firstVersion,
    VoidRequested: firstVersion,
    RefundRequested: firstVersion,
    OrderConfirmationRequested: firstVersion,
    OrderRejectionRequested: firstVersion,
    CancellationRequested: firstVersion,
    ShipmentRequested: firstVersion,
    DeliveryCheckRequested: firstVersion,
    TimerScheduled: firstVersion,
    TimerCancelled: firstVersion,
    FulfilmentCompleted: firstVersion,
    TimerFired: firstVersion,
    RetryRequested: firstVersion,
    CompensationRequested: firstVersion,
    ShipmentFailed: firstVersion,
    DeliveryPending: firstVersion,
    InputHandled: firstVersion,
  },
);

/** A request (timer, operator, carrier answer) rather than the saga's own record. */
export const isRequestEvent = (event: SagaEvent): event is Request => isRequestType(event.type);
