import { describe, expect, it } from 'vitest';
import { domainEvents } from '../../domain/index.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';
import { auditState, emptyAudit, foldAudit, type AuditEvent } from './fold.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();

describe('the auditor’s fold', () => {
  it('keeps the saga’s and the aggregates’ event types apart, so each event has one owner', () => {
    const overlap = sagaEvents.types.filter((type) => domainEvents.handles(type));
    expect(overlap).toEqual([]);
  });

  it('moves each part of the state with its own aggregate’s events', () => {
    const history: AuditEvent[] = [
      {
        type: 'OrderPlaced',
        data: {
          orderId: 'o-1',
          customerId: 'alice',
          lines: [
            { sku: 'SKU-1', name: 'Beans', quantity: 2, unitPrice: eur(500), lineTotal: eur(1000) },
          ],
          total: eur(1000),
          placedAt: at(0),
        },
      },
      {
        type: 'StockReserved',
        data: { sku: 'SKU-1', orderId: 'o-1', quantity: 2, reservedAt: at(1) },
      },
      {
        type: 'PaymentDeclined',
        data: { orderId: 'o-1', amount: eur(1000), reason: 'card_declined', declinedAt: at(2) },
      },
      {
        type: 'PaymentAuthorized',
        data: { orderId: 'o-1', amount: eur(1000), authorizationId: 'a-1', authorizedAt: at(3) },
      },
      { type: 'OrderConfirmed', data: { orderId: 'o-1', confirmedAt: at(4) } },
      { type: 'PaymentCaptured', data: { orderId: 'o-1', amount: eur(1000), capturedAt: at(5) } },
      {
        type: 'OrderCancelled',
        data: {
          orderId: 'o-1',
          reason: 'changed my mind',
          cancelledBy: 'alice',
          cancelledAt: at(6),
        },
      },
      {
        type: 'PaymentRefunded',
        data: { orderId: 'o-1', refundId: 'r-1', amount: eur(1000), refundedAt: at(7) },
      },
      {
        type: 'StockReleased',
        data: { sku: 'SKU-1', orderId: 'o-1', quantity: 2, releasedAt: at(8) },
      },
    ];
    let fold = emptyAudit;
    const after = history.map((event) => {
      fold = foldAudit(fold, event);
      return auditState(fold);
    });
    expect(after[1]).toMatchObject({
      order: { status: 'placed' },
      stock: { 'SKU-1': { reserved: 2 } },
      payment: { status: 'none' },
    });
    expect(after[2]?.payment).toMatchObject({ status: 'declined' });
    expect(after[5]).toMatchObject({
      order: { status: 'confirmed' },
      payment: { status: 'captured', refunded: 0 },
    });
    expect(after[7]).toMatchObject({
      order: { status: 'cancelled', reason: 'changed my mind' },
      payment: { status: 'captured', refunded: 1000 },
    });
    expect(after[8]?.stock).toEqual({ 'SKU-1': { reserved: 0, committed: 0, rejected: false } });
  });

  it('follows the fulfilment workflow, folded from the same events, to its outcome', () => {
    const placed: AuditEvent = {
      type: 'OrderPlaced',
      data: {
        orderId: 'o-2',
        customerId: 'bob',
        lines: [
          { sku: 'SKU-1', name: 'Beans', quantity: 1, unitPrice: eur(500), lineTotal: eur(500) },
          { sku: 'SKU-2', name: 'Mug', quantity: 1, unitPrice: eur(500), lineTotal: eur(500) },
        ],
        total: eur(1000),
        placedAt: at(0),
      },
    };
    const history: AuditEvent[] = [
      placed,
      {
        type: 'StockReserved',
        data: { sku: 'SKU-1', orderId: 'o-2', quantity: 1, reservedAt: at(1) },
      },
      {
        type: 'StockReservationRejected',
        data: { sku: 'SKU-2', orderId: 'o-2', requested: 1, available: 0, rejectedAt: at(1) },
      },
      {
        type: 'OrderRejected',
        data: { orderId: 'o-2', reason: 'out_of_stock', detail: 'SKU-2', rejectedAt: at(2) },
      },
      {
        type: 'StockReleased',
        data: { sku: 'SKU-1', orderId: 'o-2', quantity: 1, releasedAt: at(3) },
      },
      { type: 'FulfilmentCompleted', data: { outcome: 'rejected' } },
    ];
    let fold = emptyAudit;
    const stages = history.map((event, index) => {
      fold = foldAudit(fold, event, { id: `e-${index}`, at: at(index) });
      return auditState(fold).fulfilment;
    });
    expect(stages).toEqual([
      'reserving',
      'reserving',
      'compensating',
      'compensating',
      'compensating',
      'completed',
    ]);
  });
});
