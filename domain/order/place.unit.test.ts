import { describe, it } from 'vitest';
import { spec } from '../shared/spec.ts';
import { orderDecider } from './decide.ts';
import {
  DuplicateOrderLine,
  EmptyOrder,
  InvalidLineQuantity,
  MixedCurrencies,
  OrderAlreadyExists,
  TooManyLines,
} from './errors.ts';
import { orderEvents } from './events.ts';
import type { PlaceOrder } from './commands.ts';
import { at, beans, by, customer, eur, histories, mug, orderId, placed } from './fixtures.ts';

const order = spec(orderDecider, orderEvents);
const place = (lines: PlaceOrder['data']['lines']): PlaceOrder => ({
  type: 'PlaceOrder',
  data: { orderId, customerId: customer.id, lines },
  metadata: by(customer, 0),
});
const manyLines = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ ...beans, sku: `SKU-${i}`, quantity: 1 }));

describe('PlaceOrder', () => {
  it('places the order, pricing each line and the total in minor units', () => {
    order
      .given([])
      .when(
        place([
          { ...beans, quantity: 2 },
          { ...mug, quantity: 1 },
        ]),
      )
      .thenEmits([placed]);
  });

  it('keeps each line’s category at purchase beside its name and price', () => {
    const coffee = { ...beans, category: 'Coffee' };
    order
      .given([])
      .when(place([{ ...coffee, quantity: 2 }]))
      .thenEmits([
        {
          type: 'OrderPlaced',
          data: {
            orderId,
            customerId: customer.id,
            lines: [{ ...coffee, quantity: 2, lineTotal: eur(3998) }],
            total: eur(3998),
            placedAt: at(0),
          },
        },
      ]);
  });

  it('accepts the limits: 100 lines, quantities of 1 and 1000', () => {
    order
      .given([])
      .when(place(manyLines(100)))
      .thenEmits([
        {
          type: 'OrderPlaced',
          data: {
            orderId,
            customerId: customer.id,
            lines: manyLines(100).map((line) => ({ ...line, lineTotal: eur(1999) })),
            total: eur(1999 * 100),
            placedAt: at(0),
          },
        },
      ]);
    order
      .given([])
      .when(
        place([
          { ...beans, quantity: 1000 },
          { ...mug, quantity: 1 },
        ]),
      )
      .thenEmits([
        {
          type: 'OrderPlaced',
          data: {
            orderId,
            customerId: customer.id,
            lines: [
              { ...beans, quantity: 1000, lineTotal: eur(1_999_000) },
              { ...mug, quantity: 1, lineTotal: eur(1250) },
            ],
            total: eur(2_000_250),
            placedAt: at(0),
          },
        },
      ]);
  });

  it.each(['placed', 'cancelled', 'rejected', 'delivered'] as const)(
    'refuses an order id that already exists (%s)',
    (status) => {
      order
        .given(histories[status])
        .when(place([{ ...beans, quantity: 1 }]))
        .thenThrows(OrderAlreadyExists, { orderId });
    },
  );

  it('refuses an order without lines', () => {
    order.given([]).when(place([])).thenThrows(EmptyOrder, { orderId });
  });

  it('refuses more than 100 lines', () => {
    order
      .given([])
      .when(place(manyLines(101)))
      .thenThrows(TooManyLines, { lines: 101, max: 100 });
  });

  it.each([0, -1, 1001, 1.5, Number.NaN])('refuses a quantity of %s', (quantity) => {
    order
      .given([])
      .when(
        place([
          { ...mug, quantity: 1 },
          { ...beans, quantity },
        ]),
      )
      .thenThrows(InvalidLineQuantity, { sku: beans.sku, max: 1000 });
  });

  it('refuses two lines for the same sku', () => {
    order
      .given([])
      .when(
        place([
          { ...beans, quantity: 1 },
          { ...mug, quantity: 1 },
          { ...beans, quantity: 3 },
        ]),
      )
      .thenThrows(DuplicateOrderLine, { sku: beans.sku });
  });

  it('refuses lines priced in different currencies', () => {
    order
      .given([])
      .when(
        place([
          { ...beans, quantity: 1 },
          { ...mug, unitPrice: { amount: 900, currency: 'USD' }, quantity: 1 },
        ]),
      )
      .thenThrows(MixedCurrencies, { currencies: ['EUR', 'USD'] });
  });
});
