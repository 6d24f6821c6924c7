import { describe, expect, it } from 'vitest';
import { sealed } from '../customer/fixtures.ts';
import { fold } from '../shared/decider.ts';
import { InvalidEventData } from '../shared/event-errors.ts';
import { spec } from '../shared/spec.ts';
import type { PlaceOrder } from './commands.ts';
import { orderDecider } from './decide.ts';
import { orderEvents, type OrderPlaced } from './events.ts';
import { at, beans, by, customer, eur, orderId, placed } from './fixtures.ts';
import { orderView } from './view.ts';

const order = spec(orderDecider, orderEvents);
const shipTo = { addressId: 'addr-1', address: sealed(7) };
const placeTo = (extra: Pick<PlaceOrder['data'], 'shipTo' | 'serviceLevel'>): PlaceOrder => ({
  type: 'PlaceOrder',
  data: { orderId, customerId: customer.id, lines: [{ ...beans, quantity: 2 }], ...extra },
  metadata: by(customer, 0),
});
const placedWith = (extra: Pick<OrderPlaced['data'], 'shipTo' | 'serviceLevel'>): OrderPlaced => ({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId: customer.id,
    lines: [{ ...beans, quantity: 2, lineTotal: eur(3998) }],
    total: eur(3998),
    placedAt: at(0),
    ...extra,
  },
});

describe('an order placed to an address', () => {
  it('given nothing, when placed with a sealed ship-to and express, then OrderPlaced carries both as given', () => {
    order
      .given([])
      .when(placeTo({ shipTo, serviceLevel: 'express' }))
      .thenEmits([placedWith({ shipTo, serviceLevel: 'express' })]);
  });

  it('given nothing, when placed without them, then OrderPlaced names neither (it ships standard)', () => {
    order
      .given([])
      .when(placeTo({}))
      .thenEmits([placedWith({})]);
  });

  it('keeps the ship-to and service level in the state and the view, still sealed', () => {
    const state = fold(orderDecider, [placedWith({ shipTo, serviceLevel: 'express' })]);
    expect(orderView(state)).toMatchObject({ shipTo, serviceLevel: 'express' });
    const plain = orderView(fold(orderDecider, [placedWith({})]));
    expect(plain).not.toHaveProperty('shipTo');
    expect(plain).not.toHaveProperty('serviceLevel');
  });
});

describe('OrderPlaced version 4', () => {
  it('reads a version 3 event as a version 4 one without a ship-to or service level', () => {
    expect(orderEvents.parse('OrderPlaced', 3, placed.data)).toEqual(placed);
  });

  it('refuses a ship-to that is not an envelope, and an unknown service level', () => {
    const clear = { addressId: 'addr-1', address: { city: 'Paris' } };
    expect(() => orderEvents.parse('OrderPlaced', 4, { ...placed.data, shipTo: clear })).toThrow(
      InvalidEventData,
    );
    expect(() =>
      orderEvents.parse('OrderPlaced', 4, { ...placed.data, serviceLevel: 'overnight' }),
    ).toThrow(InvalidEventData);
  });
});
