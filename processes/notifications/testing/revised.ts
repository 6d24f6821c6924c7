import type { RawEvent } from '../notifier.ts';

/** The carrier's new date for `ord-1`'s parcel, as the bridge puts it on Kafka. */
export const revised = (previous: string | null): RawEvent => ({
  eventId: 'e-revised',
  type: 'OrderDeliveryEstimateRevised',
  schemaVersion: 1,
  data: {
    orderId: 'ord-1',
    trackingId: 'SIM-42',
    estimatedDeliveryAt: '2025-06-09T10:00:00.000Z',
    previousEstimatedDeliveryAt: previous,
    revisedAt: '2025-06-04T09:00:00.000Z',
  },
});
