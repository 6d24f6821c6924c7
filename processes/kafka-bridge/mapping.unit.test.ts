import { describe, expect, it } from 'vitest';
import { defaultTopics } from '../../infra/kafka/topics.ts';
import { destinationOf, messageBytes, toBridged } from './mapping.ts';
import { storedEventCodec } from './stored-codec.ts';
import { recorded } from './testing/recorded.ts';

const restocked = {
  type: 'StockRestocked',
  data: { sku: 'SKU-1', quantity: 5, restockedAt: '2025-03-01T10:00:00.000Z' },
};

describe('where each stream goes', () => {
  it('sends each aggregate to its topic, keyed by the aggregate id', () => {
    expect(destinationOf('order-ord-1', defaultTopics)).toEqual({
      topic: 'orders.events.v1',
      key: 'ord-1',
    });
    expect(destinationOf('inventory-SKU-1', defaultTopics)).toEqual({
      topic: 'inventory.events.v1',
      key: 'SKU-1',
    });
    expect(destinationOf('payment-ord-1', defaultTopics)).toEqual({
      topic: 'payments.events.v1',
      key: 'ord-1',
    });
  });

  it('keeps ids with dashes whole, as the stream name has them', () => {
    expect(destinationOf('inventory-SKU-1-XL', defaultTopics)?.key).toBe('SKU-1-XL');
  });

  it('bridges neither the saga’s own streams nor streams of no category', () => {
    expect(destinationOf('fulfilment-ord-1', defaultTopics)).toBeUndefined();
    expect(destinationOf('orders-ord-1', defaultTopics)).toBeUndefined();
    expect(destinationOf('$all', defaultTopics)).toBeUndefined();
  });
});

describe('the Kafka record of a stored event', () => {
  it('carries the stored data as JSON and exactly the headers DESIGN.md names', () => {
    const event = recorded('inventory-SKU-1', 7, restocked, { id: 'e-7', commit: 4096 });
    expect(toBridged(event, defaultTopics)).toEqual({
      id: 'e-7',
      stream: 'inventory-SKU-1',
      revision: 7,
      commitPosition: 4096,
      message: {
        topic: 'inventory.events.v1',
        key: 'SKU-1',
        value: JSON.stringify(restocked.data),
        headers: {
          'event-type': 'StockRestocked',
          'event-id': 'e-7',
          'stream-id': 'inventory-SKU-1',
          'stream-revision': '7',
          'correlation-id': 'ord-1',
          'causation-id': 'req-7',
          'schema-version': '1',
          'content-type': 'application/json',
        },
      },
    });
  });

  it('is not made for a stream that is not bridged', () => {
    expect(toBridged(recorded('fulfilment-ord-1', 0, restocked), defaultTopics)).toBeUndefined();
  });

  it('weighs its key, value and headers in bytes', () => {
    const message = { topic: 't', key: 'k', value: 'é', headers: { ab: 'c' } };
    expect(messageBytes(message)).toBe(1 + 2 + 3);
  });
});

describe('reading stored events for the bridge', () => {
  const codec = storedEventCodec();
  const placedV1 = {
    orderId: 'ord-1',
    customerId: 'cust-1',
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', name: 'Beans', quantity: 2, unitPrice: 19.99 }],
    total: 39.98,
    placedAt: '2025-03-01T10:00:00.000Z',
  };

  it('checks an old version through its upcaster but hands on the data as stored', () => {
    expect(codec.parse('OrderPlaced', 1, placedV1)).toEqual({
      type: 'OrderPlaced',
      data: placedV1,
    });
  });

  it('refuses data its schema refuses, so the runner parks it', () => {
    expect(() => codec.parse('StockRestocked', 1, { sku: 'SKU-1', quantity: -1 })).toThrow();
  });

  it('takes every type as its own, so an unknown one is parked rather than skipped unseen', () => {
    expect(codec.handles('SomethingNew')).toBe(true);
    expect(() => codec.parse('SomethingNew', 1, {})).toThrow(/Unknown event type/);
  });
});
