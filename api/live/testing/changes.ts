import type { ReadModelChange } from '../../../infra/readmodels/change-feed.ts';

// Changes shaped as the projections publish them (projections/*/document.ts views).

export const summaryChange = (
  orderId: string,
  customerId: string,
  status: string,
  position: number,
): ReadModelChange => ({
  projection: 'order_summaries',
  id: orderId,
  position,
  document: {
    orderId,
    customerId,
    status,
    lineCount: 1,
    skus: ['SKU-1'],
    total: { amount: 1999, currency: 'EUR' },
    placedAt: '2030-01-01T00:00:00.000Z',
    updatedAt: new Date(position).toISOString(),
    steps: { placedAt: '2030-01-01T00:00:00.000Z' },
    position,
  },
});

export const timelineEntry = (orderId: string, type: string, position: number) => ({
  eventId: `${orderId}-${type}`,
  stream: `order-${orderId}`,
  revision: 0,
  type,
  actor: 'tester',
  causationId: 'c',
  occurredAt: '2030-01-01T00:00:00.000Z',
  recordedAt: '2030-01-01T00:00:00.000Z',
  position,
  summary: type,
});

/** The timeline after the events `types`, at positions 10, 20, 30, ... */
export const timelineChange = (
  orderId: string,
  customerId: string,
  types: readonly string[],
): ReadModelChange => {
  const entries = types.map((type, index) => timelineEntry(orderId, type, (index + 1) * 10));
  return {
    projection: 'order_timelines',
    id: orderId,
    position: entries.at(-1)?.position ?? 0,
    document: { orderId, customerId, entries },
  };
};

export const levelChange = (sku: string, available: number, position: number): ReadModelChange => ({
  projection: 'inventory_levels',
  id: sku,
  position,
  document: { sku, onHand: 100, reserved: 100 - available, available, lowStock: false, position },
});
