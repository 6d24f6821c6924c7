import { describe, expect, it } from 'vitest';
import { compileFilter, defaultAllFilter, InvalidFilterError } from './filters.ts';
import type { EventRecord } from './store/records.ts';

const record = (stream: string, type = 'OrderPlaced'): EventRecord => ({
  position: 1,
  stream,
  revision: 0,
  id: '00000000-0000-4000-8000-000000000000',
  type,
  isJson: true,
  tombstone: false,
  createdMs: 0,
  data: Buffer.alloc(0),
  metadata: Buffer.alloc(0),
});

describe('filters', () => {
  it('matches stream-name prefixes at the start of the name only', () => {
    const filter = compileFilter(
      { on: 'stream', regex: '', prefixes: ['order-', 'payment-'] },
      { allStream: false },
    );
    expect(filter(record('order-1'))).toBe(true);
    expect(filter(record('payment-1'))).toBe(true);
    expect(filter(record('x-order-1'))).toBe(false);
  });

  it('matches a regex anywhere in the event type, as .NET Regex.Match does', () => {
    const filter = compileFilter(
      { on: 'event-type', regex: 'Placed', prefixes: ['ignored'] },
      { allStream: false },
    );
    expect(filter(record('a', 'OrderPlaced'))).toBe(true);
    expect(filter(record('a', 'OrderCancelled'))).toBe(false);
  });

  it('excludes system events with the client excludeSystemEvents regex', () => {
    const filter = compileFilter(
      { on: 'event-type', regex: '^[^$].*', prefixes: [] },
      { allStream: false },
    );
    expect(filter(record('$$order-1', '$metadata'))).toBe(false);
    expect(filter(record('order-1'))).toBe(true);
  });

  it('matches nothing with no prefixes and no regex', () => {
    expect(
      compileFilter({ on: 'stream', regex: '', prefixes: [] }, { allStream: false })(record('a')),
    ).toBe(false);
  });

  it('hides $all groups their own checkpoints and parked messages', () => {
    expect(defaultAllFilter(record('$persistentsubscription-$all::g-checkpoint'))).toBe(false);
    expect(defaultAllFilter(record('$persistentsubscription-$all::g-parked'))).toBe(false);
    expect(defaultAllFilter(record('$persistentsubscription-order-1::g-parked'))).toBe(true);
    expect(defaultAllFilter(record('$epoch-information'))).toBe(false);
    const all = compileFilter({ on: 'stream', regex: '^\\$', prefixes: [] }, { allStream: true });
    expect(all(record('$persistentsubscription-$all::g-parked'))).toBe(false);
    expect(all(record('$ce-order'))).toBe(true);
  });

  it('refuses a regex it cannot compile', () => {
    expect(() =>
      compileFilter({ on: 'stream', regex: '(', prefixes: [] }, { allStream: false }),
    ).toThrow(InvalidFilterError);
  });
});
