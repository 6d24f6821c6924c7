import { describe, expect, it } from 'vitest';
import {
  fulfilmentStream,
  inventoryStream,
  orderStream,
  parseFulfilmentStream,
  parseInventoryStream,
  parseOrderStream,
  parsePaymentStream,
  parseStreamName,
  paymentStream,
} from './streams.ts';

const uuid = '0b6f7a52-2a3c-4d3e-9f51-7a1c2e9d4b10';

describe('stream names', () => {
  it('follow DESIGN.md: order-{orderId}, inventory-{sku}, payment-{orderId}, fulfilment-{orderId}', () => {
    expect(orderStream(uuid)).toBe(`order-${uuid}`);
    expect(inventoryStream('SKU-1')).toBe('inventory-SKU-1');
    expect(paymentStream(uuid)).toBe(`payment-${uuid}`);
    expect(fulfilmentStream(uuid)).toBe(`fulfilment-${uuid}`);
  });

  it('parse back to the id, dashes in ids included', () => {
    expect(parseOrderStream(orderStream(uuid))).toBe(uuid);
    expect(parseInventoryStream(inventoryStream('SKU-1'))).toBe('SKU-1');
    expect(parsePaymentStream(paymentStream(uuid))).toBe(uuid);
    expect(parseFulfilmentStream(fulfilmentStream(uuid))).toBe(uuid);
    expect(parseStreamName('inventory-SKU-12')).toEqual({ category: 'inventory', id: 'SKU-12' });
  });

  it('parse only their own category', () => {
    expect(parseOrderStream(paymentStream(uuid))).toBeUndefined();
    expect(parseInventoryStream(orderStream(uuid))).toBeUndefined();
    expect(parsePaymentStream('payments-1')).toBeUndefined();
  });

  it('do not mistake other streams for ours', () => {
    for (const name of ['order-', 'order', 'orders-1', '$ce-order', '$et-OrderPlaced', '', '-1']) {
      expect(parseStreamName(name), name).toBeUndefined();
    }
  });

  it('refuse an empty id rather than name a stream for nothing', () => {
    expect(() => orderStream('')).toThrow(/empty/);
    expect(() => inventoryStream('')).toThrow(/empty/);
  });
});
