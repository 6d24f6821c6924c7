import { describe, expect, it } from 'vitest';
import { UnreadableEvent } from '../../infra/eventstore/unreadable-event.ts';
import { problemFor } from './errors.ts';

describe('the problem an unreadable event answers', () => {
  it('is a named 500 with the stream, revision, type and id, and not the reason', () => {
    const error = new UnreadableEvent({
      eventId: 'e-1',
      stream: 'order-9',
      revision: 2,
      eventType: 'OrderPlaced',
      knownType: true,
      position: { commit: 10, prepare: 10 },
      reason: 'lines: expected array',
    });
    expect(problemFor(error)).toEqual({
      type: 'urn:order-ledger:problem:unreadable_event',
      title: 'Unreadable event',
      status: 500,
      detail: 'event 2 of stream order-9 cannot be read (the server log says why)',
      stream: 'order-9',
      revision: 2,
      eventType: 'OrderPlaced',
      eventId: 'e-1',
    });
  });

  it('given a link whose target is gone, then it names the stream without a revision', () => {
    const error = new UnreadableEvent({
      eventId: '?',
      stream: '?',
      revision: undefined,
      eventType: undefined,
      knownType: false,
      position: undefined,
      reason: 'the link points at nothing',
    });
    expect(problemFor(error)).toEqual({
      type: 'urn:order-ledger:problem:unreadable_event',
      title: 'Unreadable event',
      status: 500,
      detail: 'event ? of stream ? cannot be read (the server log says why)',
      stream: '?',
      eventId: '?',
    });
  });
});
