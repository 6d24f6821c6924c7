import { occurredAt } from '../shared/command.ts';
import { multiplyMoney, sumMoney } from '../shared/money.ts';
import type { PlaceOrder } from './commands.ts';
import {
  DuplicateOrderLine,
  EmptyOrder,
  InvalidLineQuantity,
  MixedCurrencies,
  OrderAlreadyExists,
  TooManyLines,
} from './errors.ts';
import type { OrderPlaced } from './events.ts';
import type { Order } from './state.ts';

export const maxOrderLines = 100;
export const maxLineQuantity = 1000;

const checkLines = ({ orderId, lines }: PlaceOrder['data']): string => {
  if (lines.length === 0) throw new EmptyOrder(orderId);
  if (lines.length > maxOrderLines) throw new TooManyLines(orderId, lines.length, maxOrderLines);
  const skus = new Set<string>();
  for (const { sku, quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxLineQuantity) {
      throw new InvalidLineQuantity(sku, quantity, maxLineQuantity);
    }
    if (skus.has(sku)) throw new DuplicateOrderLine(sku);
    skus.add(sku);
  }
  const currencies = [...new Set(lines.map((line) => line.unitPrice.currency))];
  const [currency] = currencies;
  if (currency === undefined || currencies.length > 1) throw new MixedCurrencies(currencies);
  return currency;
};

/** Prices come in on the command (the caller read the catalog); totals are computed here. */
export const place = (command: PlaceOrder, state: Order): OrderPlaced[] => {
  const { orderId, customerId, shipTo, serviceLevel } = command.data;
  if (state.status !== 'none') throw new OrderAlreadyExists(orderId);
  const currency = checkLines(command.data);
  const lines = command.data.lines.map(({ sku, name, quantity, unitPrice, category }) => ({
    sku,
    name,
    quantity,
    unitPrice,
    lineTotal: multiplyMoney(unitPrice, quantity),
    ...(category === undefined ? {} : { category }),
  }));
  const total = sumMoney(
    lines.map((line) => line.lineTotal),
    currency,
  );
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId,
        customerId,
        lines,
        total,
        placedAt: occurredAt(command),
        // Only what the customer chose: an order placed without them reads as it always did.
        ...(shipTo === undefined ? {} : { shipTo }),
        ...(serviceLevel === undefined ? {} : { serviceLevel }),
      },
    },
  ];
};
