// Test support only: an order shipped with the carrier's promise, the carrier telling another
// date when tracked, and the order recording it.
import { at } from '../../../domain/shared/fixtures.ts';
import type { FulfilmentInput } from '../inputs.ts';
import {
  authorized,
  captured,
  committed,
  confirmed,
  orderId,
  placed,
  reserved,
} from './fixtures.ts';

export const promised = '2025-03-10T10:00:00.000Z';
export const slipped = '2025-03-12T10:00:00.000Z';
export const slippedAgain = '2025-03-13T10:00:00.000Z';

export const shippedWithEstimate = {
  kind: 'event',
  id: 'in-shipped',
  at: at(4),
  event: {
    type: 'OrderShipped',
    data: {
      orderId,
      carrier: 'SimPost',
      trackingId: 'TRK-1',
      shippedAt: at(4),
      estimatedDeliveryAt: promised,
    },
  },
} satisfies FulfilmentInput;

/** Everything up to a parcel on its way, its stock committed. */
export const onTheWay: readonly FulfilmentInput[] = [
  placed,
  reserved('SKU-1'),
  reserved('SKU-2'),
  authorized,
  confirmed,
  captured,
  shippedWithEstimate,
  committed('SKU-1'),
  committed('SKU-2'),
];

/** The carrier's answer to a check at minute `minute`: still in transit, expected `estimate`. */
export const tracked = (minute: number, estimate?: string): FulfilmentInput => ({
  kind: 'in_transit',
  at: at(minute),
  ...(estimate === undefined ? {} : { estimatedDeliveryAt: estimate }),
});

export const estimateRevised = (
  estimate: string,
  previous: string | null,
  minute = 9,
  id = `in-revised-${estimate}`,
): FulfilmentInput => ({
  kind: 'event',
  id,
  at: at(minute),
  event: {
    type: 'OrderDeliveryEstimateRevised',
    data: {
      orderId,
      trackingId: 'TRK-1',
      estimatedDeliveryAt: estimate,
      previousEstimatedDeliveryAt: previous,
      revisedAt: at(minute),
    },
  },
});
