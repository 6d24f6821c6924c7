import { describe, expect, it } from 'vitest';
import { foldProgressRecord, progressRecords, PublishedRevisions } from './progress.ts';
import { transactionMessages } from './session.ts';
import { bridged } from './testing/recorded.ts';

const text = (value: string) => Buffer.from(value);

describe('what is already in Kafka', () => {
  it('covers a stream up to and including its last published revision', () => {
    const published = new PublishedRevisions(new Map([['order-1', 4]]));
    expect(published.covers({ stream: 'order-1', revision: 3 })).toBe(true);
    expect(published.covers({ stream: 'order-1', revision: 4 })).toBe(true);
    expect(published.covers({ stream: 'order-1', revision: 5 })).toBe(false);
    expect(published.covers({ stream: 'order-2', revision: 0 })).toBe(false);
  });

  it('moves forward with what this process commits, never back', () => {
    const published = new PublishedRevisions();
    published.record([bridged('order-1', 0), bridged('order-1', 1), bridged('order-2', 0)]);
    published.record([bridged('order-1', 0)]);
    expect(published.covers(bridged('order-1', 1))).toBe(true);
    expect(published.covers(bridged('order-1', 2))).toBe(false);
    expect(published.size).toBe(2);
  });
});

describe('the progress records of a batch', () => {
  it('is one per stream, at the highest revision in the batch', () => {
    const batch = [bridged('order-1', 0), bridged('inventory-A', 3), bridged('order-1', 1)];
    expect(progressRecords(batch)).toEqual([
      { key: 'order-1', value: '{"revision":1}' },
      { key: 'inventory-A', value: '{"revision":3}' },
    ]);
  });

  it('go into the same transaction as the events, each topic in batch order', () => {
    const order = (revision: number) => bridged('order-1', revision);
    const stock = {
      ...bridged('inventory-A', 0),
      message: { ...bridged('inventory-A', 0).message, topic: 'stock' },
    };
    const topics = transactionMessages([order(0), stock, order(1)], 'progress');
    expect(
      topics.map(({ topic, messages }) => [topic, messages.map((message) => message.value)]),
    ).toEqual([
      ['orders.test', ['{"revision":0}', '{"revision":1}']],
      ['stock', ['{"revision":0}']],
      ['progress', ['{"revision":1}', '{"revision":0}']],
    ]);
    expect(topics[2]?.messages.map((message) => message.key)).toEqual(['order-1', 'inventory-A']);
  });
});

describe('reading the progress topic back', () => {
  it('keeps the highest revision per stream and forgets a stream at its tombstone', () => {
    const revisions = new Map<string, number>();
    expect(foldProgressRecord(revisions, text('order-1'), text('{"revision":3}'))).toBe(true);
    foldProgressRecord(revisions, text('order-1'), text('{"revision":2}'));
    foldProgressRecord(revisions, text('order-2'), text('{"revision":0}'));
    expect(foldProgressRecord(revisions, text('order-2'), null)).toBe(true);
    expect(revisions).toEqual(new Map([['order-1', 3]]));
  });

  it('says which records are not progress, and ignores them', () => {
    const revisions = new Map<string, number>();
    expect(foldProgressRecord(revisions, null, text('{"revision":1}'))).toBe(false);
    expect(foldProgressRecord(revisions, text('order-1'), text('not json'))).toBe(false);
    expect(foldProgressRecord(revisions, text('order-1'), text('{"revision":-1}'))).toBe(false);
    expect(revisions.size).toBe(0);
  });
});
