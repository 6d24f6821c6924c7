import { z } from 'zod';
import { defineEventRegistry } from '../../domain/shared/event.ts';
import type { EventRegistry, EventVersioning } from '../../domain/shared/event.ts';
import { recordSchemas } from './events-records.ts';
import type { SagaRecord } from './events-records.ts';
import { decisionSchemas } from './legacy/events-decided.ts';
import type { Decision } from './legacy/events-decided.ts';
import { observationSchemas } from './legacy/events-observed.ts';
import type { Observation } from './legacy/events-observed.ts';
import { legacyRequestSchemas } from './legacy/events-requests.ts';
import type { LegacyRequest } from './legacy/events-requests.ts';

export type * from './events-records.ts';

/** What v1 of the saga wrote besides today's records; still read, never written. */
export type LegacySagaEvent = Observation | Decision | LegacyRequest;

/** Everything a `fulfilment-{orderId}` stream may hold. */
export type SagaEvent = SagaRecord | LegacySagaEvent;

const firstVersion: EventVersioning = { schemaVersion: 1 };

export const sagaEvents: EventRegistry<SagaEvent> = defineEventRegistry<SagaEvent>(
  z.discriminatedUnion('type', [
    ...recordSchemas,
    ...observationSchemas,
    ...decisionSchemas,
    ...legacyRequestSchemas,
  ]),
  {
    RetryRequested: firstVersion,
    CompensationRequested: firstVersion,
    ShipmentFailed: firstVersion,
    FulfilmentCompleted: firstVersion,
    RiskScored: firstVersion,
    RiskReviewed: firstVersion,
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
    TimerFired: firstVersion,
    DeliveryPending: firstVersion,
    InputHandled: firstVersion,
  },
);
