import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/records.ts';
import type { Consumer, Message } from './message.ts';
import { createStrategy, pinningStreamOf } from './strategies.ts';

const consumer = (id: string, maxInFlight: number): Consumer => ({
  id,
  connectionName: id,
  from: '',
  username: '',
  maxInFlight,
  inFlight: new Map(),
  totalItems: 0,
  lastTotalItems: 0,
  send: () => undefined,
  drop: () => undefined,
});

let counter = 0;
const message = (stream: string, type = 'T', data = ''): Message => {
  const event: EventRecord = {
    position: ++counter,
    stream,
    revision: 0,
    id: `m-${counter}`,
    type,
    isJson: false,
    tombstone: false,
    createdMs: 0,
    data: Buffer.from(data),
    metadata: Buffer.alloc(0),
  };
  return {
    id: event.id,
    resolved: { event, link: undefined },
    position: counter,
    sequence: counter,
    previous: undefined,
    retryCount: 0,
  };
};

/** Pushes messages, recording which consumer took each (and holding it in flight). */
const run = (
  name: 'RoundRobin' | 'DispatchToSingle' | 'Pinned',
  consumers: Consumer[],
  messages: Message[],
) => {
  const strategy = createStrategy(name);
  for (const c of consumers) strategy.add(c);
  return {
    strategy,
    results: messages.map((m) => {
      let taker = '';
      const result = strategy.push(m, (c) => {
        c.inFlight.set(m.id, m);
        taker = c.id;
      });
      return result === 'sent' ? taker : result;
    }),
  };
};

describe('consumer strategies', () => {
  it('RoundRobin takes turns, skipping consumers that are full', () => {
    const [a, b] = [consumer('a', 2), consumer('b', 1)];
    const { results } = run(
      'RoundRobin',
      [a, b],
      [message('s'), message('s'), message('s'), message('s')],
    );
    expect(results).toEqual(['a', 'b', 'a', 'no-capacity']);
  });

  it('DispatchToSingle fills the first consumer before the next', () => {
    const [a, b] = [consumer('a', 2), consumer('b', 2)];
    const { results } = run('DispatchToSingle', [a, b], [message('s'), message('s'), message('s')]);
    expect(results).toEqual(['a', 'a', 'b']);
  });

  it('Pinned sends a stream to one consumer; a full consumer makes its streams wait', () => {
    const [a, b] = [consumer('a', 10), consumer('b', 10)];
    const messages = ['s1', 's2', 's3', 's4', 's1', 's2', 's3', 's4'].map((s) => message(s));
    const { results } = run('Pinned', [a, b], messages);
    for (let i = 0; i < 4; i++) expect(results[i + 4]).toBe(results[i]);
    expect(new Set(results)).toEqual(new Set(['a', 'b']));
    const [c] = [consumer('c', 1)];
    const single = run('Pinned', [c], [message('x'), message('x')]);
    expect(single.results).toEqual(['c', 'no-capacity']);
  });

  it('Pinned reassigns a departed consumer’s streams', () => {
    const [a, b] = [consumer('a', 10), consumer('b', 10)];
    const { strategy, results } = run('Pinned', [a, b], [message('s1'), message('s2')]);
    const gone = results[0] === 'a' ? a : b;
    strategy.remove(gone);
    let taker = '';
    strategy.push(message('s1'), (c) => (taker = c.id));
    expect(taker).not.toBe(gone.id);
  });

  it('pins an unresolved link by the stream it points at', () => {
    expect(pinningStreamOf(message('$ce-order', '$>', '3@order-7'))).toBe('order-7');
  });
});
