import { describe, expect, it } from 'vitest';
import { UnknownEventType } from './shared/event-errors.ts';
import { domainEvents } from './events.ts';
import { inventoryEvents } from './inventory/events.ts';
import { orderEvents } from './order/events.ts';
import { paymentEvents } from './payment/events.ts';

describe('domainEvents: every aggregate’s events in one registry (for $all readers)', () => {
  it('holds each aggregate’s types once, at their own versions', () => {
    const all = [...orderEvents.types, ...inventoryEvents.types, ...paymentEvents.types];
    expect(new Set(all).size).toBe(all.length);
    expect([...domainEvents.types].sort()).toEqual([...all].sort());
    expect(domainEvents.currentVersion('OrderPlaced')).toBe(4);
    expect(domainEvents.currentVersion('StockReserved')).toBe(1);
  });

  it('parses any aggregate’s events, upcasting as its own registry does', () => {
    const reserved = {
      sku: 'SKU-1',
      orderId: 'ord-1',
      quantity: 2,
      reservedAt: '2025-03-01T10:00:00.000Z',
    };
    expect(domainEvents.parse('StockReserved', 1, reserved)).toEqual({
      type: 'StockReserved',
      data: reserved,
    });
    const v1 = {
      orderId: 'ord-1',
      customerId: 'cust-1',
      currency: 'EUR',
      lines: [{ sku: 'SKU-1', name: 'Beans', quantity: 1, unitPrice: 19.99 }],
      total: 19.99,
      placedAt: '2025-03-01T10:00:00.000Z',
    };
    expect(domainEvents.parse('OrderPlaced', 1, v1)).toEqual(
      orderEvents.parse('OrderPlaced', 1, v1),
    );
    expect(() => domainEvents.parse('FulfilmentStarted', 1, {})).toThrow(UnknownEventType);
  });
});
