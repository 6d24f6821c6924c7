import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import {
  InvalidEventData,
  UnknownEventType,
  UnsupportedSchemaVersion,
} from '../shared/event-errors.ts';
import { orderDecider } from './decide.ts';
import { orderEvents } from './events.ts';
import { at, eur, placed } from './fixtures.ts';

/** OrderPlaced exactly as version 1 stored it: decimals of major units, one currency. */
const storedV1 = {
  orderId: 'ord-1',
  customerId: 'cust-1',
  currency: 'EUR',
  lines: [
    { sku: 'SKU-1', name: 'Espresso beans 1 kg', quantity: 2, unitPrice: 19.99 },
    { sku: 'SKU-3', name: 'Paper filters', quantity: 3, unitPrice: 0.1 },
  ],
  total: 40.279999999999994,
  placedAt: at(0),
};

describe('order event registry', () => {
  it('writes OrderPlaced at version 4 (a ship-to address and service level), OrderRejected at 2 (a fraud review reason), OrderShipped at 2 (a delivery estimate), every other order event at version 1', () => {
    expect(
      Object.fromEntries(orderEvents.types.map((t) => [t, orderEvents.currentVersion(t)])),
    ).toEqual({
      OrderPlaced: 4,
      OrderConfirmed: 1,
      OrderRejected: 2,
      OrderCancelled: 1,
      OrderShipped: 2,
      OrderDelivered: 1,
      OrderDeliveryEstimateRevised: 1,
    });
    expect(orderEvents.encode(placed)).toEqual({
      type: 'OrderPlaced',
      schemaVersion: 4,
      data: placed.data,
    });
  });

  it('reads a version 1 OrderShipped as version 2 without an estimate, and keeps a v2 estimate', () => {
    const v1 = { orderId: 'ord-1', carrier: 'SimPost', trackingId: 'SIM-1', shippedAt: at(0) };
    expect(orderEvents.parse('OrderShipped', 1, v1)).toEqual({ type: 'OrderShipped', data: v1 });
    const v2 = { ...v1, estimatedDeliveryAt: at(86_400_000) };
    expect(orderEvents.parse('OrderShipped', 2, v2).data).toEqual(v2);
    expect(() =>
      orderEvents.parse('OrderShipped', 2, { ...v1, estimatedDeliveryAt: 'soon' }),
    ).toThrow(InvalidEventData);
  });

  it('upcasts a version 1 OrderPlaced to Money per line, totals recomputed in cents', () => {
    expect(orderEvents.parse('OrderPlaced', 1, storedV1)).toEqual({
      type: 'OrderPlaced',
      data: {
        orderId: 'ord-1',
        customerId: 'cust-1',
        lines: [
          {
            sku: 'SKU-1',
            name: 'Espresso beans 1 kg',
            quantity: 2,
            unitPrice: eur(1999),
            lineTotal: eur(3998),
          },
          {
            sku: 'SKU-3',
            name: 'Paper filters',
            quantity: 3,
            unitPrice: eur(10),
            lineTotal: eur(30),
          },
        ],
        total: eur(4028),
        placedAt: at(0),
      },
    });
  });

  it('uses the currency’s own minor unit when upcasting (JPY has none)', () => {
    const yen = {
      ...storedV1,
      currency: 'JPY',
      lines: [{ ...storedV1.lines[0], unitPrice: 1999 }],
    };
    const { data } = orderEvents.parse('OrderPlaced', 1, yen);
    expect(data).toMatchObject({ total: { amount: 3998, currency: 'JPY' } });
  });

  it('folds an upcast version 1 order like one placed today', () => {
    const upcast = orderEvents.parse('OrderPlaced', 1, { ...storedV1, lines: [storedV1.lines[0]] });
    const today = orderEvents.parse('OrderPlaced', 3, {
      ...placed.data,
      lines: [placed.data.lines[0]],
      total: eur(3998),
    });
    expect(fold(orderDecider, [upcast])).toEqual(fold(orderDecider, [today]));
  });

  it('leaves the stored data untouched', () => {
    const stored = structuredClone(storedV1);
    orderEvents.parse('OrderPlaced', 1, stored);
    expect(stored).toEqual(storedV1);
  });

  it('reads current-version data as it is', () => {
    expect(orderEvents.parse('OrderPlaced', 3, placed.data)).toEqual(placed);
    const line = { ...placed.data.lines[0], category: 'Coffee' };
    const categorised = { ...placed.data, lines: [line] };
    expect(orderEvents.parse('OrderPlaced', 3, categorised)).toEqual({
      type: 'OrderPlaced',
      data: categorised,
    });
  });

  it('reads a version 2 OrderPlaced as it was: its lines have no category', () => {
    const v2 = orderEvents.parse('OrderPlaced', 2, placed.data);
    expect(v2).toEqual(placed);
    expect(JSON.stringify(v2)).not.toContain('category');
  });

  it('refuses version 1 data that is not what version 1 wrote', () => {
    const broken = { ...storedV1, lines: [{ ...storedV1.lines[0], unitPrice: '19.99' }] };
    expect(() => orderEvents.parse('OrderPlaced', 1, broken)).toThrow(InvalidEventData);
    expect(() => orderEvents.parse('OrderPlaced', 1, broken)).toThrow(/OrderPlaced v1/);
  });

  it('refuses current data that breaks the schema', () => {
    const negative = { ...placed.data, total: { amount: -1, currency: 'EUR' } };
    expect(() => orderEvents.parse('OrderPlaced', 3, negative)).toThrow(InvalidEventData);
    expect(() => orderEvents.parse('OrderConfirmed', 1, { orderId: 'ord-1' })).toThrow(
      /confirmedAt/,
    );
    expect(() =>
      orderEvents.parse('OrderRejected', 1, {
        orderId: 'ord-1',
        reason: 'bored',
        detail: null,
        rejectedAt: at(1),
      }),
    ).toThrow(InvalidEventData);
  });

  it('refuses a type it does not know, and versions it never wrote', () => {
    expect(() => orderEvents.parse('OrderTeleported', 1, {})).toThrow(UnknownEventType);
    expect(() => orderEvents.parse('OrderPlaced', 5, placed.data)).toThrow(
      UnsupportedSchemaVersion,
    );
    expect(() => orderEvents.parse('OrderPlaced', 0, placed.data)).toThrow(
      UnsupportedSchemaVersion,
    );
    expect(() => orderEvents.parse('OrderConfirmed', 2, {})).toThrow(UnsupportedSchemaVersion);
  });

  it('refuses to encode an event that breaks its schema', () => {
    expect(() =>
      orderEvents.encode({ type: 'OrderConfirmed', data: { orderId: '', confirmedAt: at(1) } }),
    ).toThrow(InvalidEventData);
  });
});
