// Test support only: one event of every type an order's happy life (kafka-bridge/testing/history)
// does not have, so that every message of the AsyncAPI document meets a real record.
import { randomUUID } from 'node:crypto';
import { domainEvents, type DomainEvent } from '../../../domain/events.ts';
import type { EventStore } from '../../../infra/eventstore/event-store.ts';

const now = '2025-03-01T10:00:00.000Z';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
// With tracing on the bridge forwards the appending span's context; these carry one.
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const sadPaths = (orderId: string, sku: string): { stream: string; event: DomainEvent }[] => {
  const order = `order-${orderId}`;
  const stock = `inventory-${sku}`;
  const payment = `payment-${orderId}`;
  return [
    {
      stream: stock,
      event: { type: 'StockRestocked', data: { sku, quantity: 5, restockedAt: now } },
    },
    {
      stream: stock,
      event: { type: 'LowStockThresholdSet', data: { sku, threshold: 3, setAt: now } },
    },
    {
      stream: stock,
      event: {
        type: 'StockReservationRejected',
        data: { sku, orderId, requested: 9, available: 5, rejectedAt: now },
      },
    },
    {
      stream: stock,
      event: { type: 'StockReleased', data: { sku, orderId, quantity: 1, releasedAt: now } },
    },
    {
      stream: stock,
      event: { type: 'StockCommitted', data: { sku, orderId, quantity: 1, committedAt: now } },
    },
    {
      stream: payment,
      event: {
        type: 'PaymentDeclined',
        data: { orderId, amount: eur(500), reason: 'card', declinedAt: now },
      },
    },
    { stream: payment, event: { type: 'AuthorizationVoided', data: { orderId, voidedAt: now } } },
    {
      stream: payment,
      event: {
        type: 'PaymentRefunded',
        data: { orderId, refundId: 'r-1', amount: eur(500), refundedAt: now },
      },
    },
    {
      stream: order,
      event: {
        type: 'OrderRejected',
        data: { orderId, reason: 'out_of_stock', detail: null, rejectedAt: now },
      },
    },
    {
      stream: order,
      event: {
        type: 'OrderCancelled',
        data: { orderId, reason: 'changed my mind', cancelledBy: 'cust-1', cancelledAt: now },
      },
    },
    { stream: order, event: { type: 'OrderDelivered', data: { orderId, deliveredAt: now } } },
    {
      stream: order,
      event: {
        type: 'OrderDeliveryEstimateRevised',
        data: {
          orderId,
          trackingId: 'SIM-1',
          estimatedDeliveryAt: now,
          previousEstimatedDeliveryAt: null,
          revisedAt: now,
        },
      },
    },
  ];
};

/** Appends them, one after another, and returns their event ids. */
export const appendOtherEvents = async (store: EventStore, run: string): Promise<string[]> => {
  const ids: string[] = [];
  for (const { stream, event } of sadPaths(`${run}-other`, `${run}-SKU-other`)) {
    const id = randomUUID();
    const metadata = {
      $correlationId: run,
      $causationId: id,
      actor: 'test',
      occurredAt: now,
      traceparent,
    };
    await store.append(stream, [{ event, metadata, id }], domainEvents, 'any');
    ids.push(id);
  }
  return ids;
};
