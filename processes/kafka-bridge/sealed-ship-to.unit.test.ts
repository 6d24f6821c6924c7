import { describe, expect, it } from 'vitest';
import { sealedSchema } from '../../domain/customer/sealed.ts';
import { defaultTopics } from '../../infra/kafka/topics.ts';
import { newDataKey } from '../../infra/pii/key-store.ts';
import { open } from '../../infra/pii/envelope.ts';
import { sealedShipToFixture } from '../../infra/pii/testing/sealed-ship-to.ts';
import { toBridged } from './mapping.ts';
import { storedEventCodec } from './stored-codec.ts';
import { recorded } from './testing/recorded.ts';

// An order placed to an address carries it sealed under the customer's key; the bridge hands the
// stored data on as it is, so Kafka gets the envelope, never the address.
const { address, key, context, shipTo } = sealedShipToFixture();
const placedV4 = {
  orderId: 'ord-1',
  customerId: 'cust-1',
  lines: [
    {
      sku: 'SKU-1',
      name: 'Beans',
      quantity: 1,
      unitPrice: { amount: 1999, currency: 'EUR' },
      lineTotal: { amount: 1999, currency: 'EUR' },
    },
  ],
  total: { amount: 1999, currency: 'EUR' },
  placedAt: '2025-03-01T10:00:00.000Z',
  shipTo,
  serviceLevel: 'express',
};

describe('an OrderPlaced with a ship-to, on its way to Kafka', () => {
  it('given a v4 event read by the bridge, then the record holds the envelope and no part of the address in clear', () => {
    const stored = storedEventCodec().parse('OrderPlaced', 4, placedV4);
    const bridged = toBridged(recorded('order-ord-1', 0, stored), defaultTopics);
    const value = bridged?.message.value ?? '';
    for (const clear of Object.values(address)) expect(value).not.toContain(clear);
    const { shipTo } = JSON.parse(value) as { shipTo: { address: unknown } };
    // A consumer with the customer's key (the notifications role) opens it; nobody else can.
    const envelope = sealedSchema.parse(shipTo.address);
    expect(JSON.parse(open(key, envelope, context))).toEqual(address);
    expect(() => open(newDataKey(), envelope, context)).toThrow();
  });
});
