import { describe, expect, it } from 'vitest';
import type { ParkedEvent } from '../eventstore/persistent-runner.ts';
import { deadLetterMessage } from './dead-letter.ts';

const parked: ParkedEvent = {
  group: 'fulfilment',
  eventId: 'e-1',
  stream: 'order-ord-1',
  revision: 3,
  type: 'OrderPlaced',
  reason: 'bad metadata',
  retryCount: 2,
};

describe('the dead letter of a parked event', () => {
  it('is keyed by its stream and carries the parked info as JSON', () => {
    const message = deadLetterMessage(parked);
    expect(message.key).toBe('order-ord-1');
    expect(JSON.parse(String(message.value))).toEqual(parked);
  });

  it('has the event headers it knows, plus group, reason and retry count', () => {
    expect(deadLetterMessage(parked).headers).toEqual({
      'event-type': 'OrderPlaced',
      'event-id': 'e-1',
      'stream-id': 'order-ord-1',
      'stream-revision': '3',
      'content-type': 'application/json',
      group: 'fulfilment',
      reason: 'bad metadata',
      'retry-count': '2',
    });
  });

  it('adds correlation, causation and schema version when the metadata gave them', () => {
    const headers = deadLetterMessage({
      ...parked,
      correlationId: 'ord-1',
      causationId: 'req-1',
      schemaVersion: 2,
    }).headers;
    expect(headers).toMatchObject({
      'correlation-id': 'ord-1',
      'causation-id': 'req-1',
      'schema-version': '2',
    });
  });
});
