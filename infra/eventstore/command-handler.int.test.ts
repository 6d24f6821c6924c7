import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { serverUrl } from '../test-servers/use-server.ts';
import { createCommandHandler } from './command-handler.ts';
import { connectEventStore, type EventStore } from './event-store.ts';
import {
  capacity,
  seatCodec as codec,
  seatContext as context,
  seats,
  take,
  type SeatEvent,
  type Take,
} from './testing/seats.ts';

let store: EventStore;
const meta = {
  $correlationId: 'test',
  $causationId: 'test',
  actor: 'tester',
  occurredAt: new Date().toISOString(),
};

const handler = (maxBatch = 500) =>
  createCommandHandler({
    name: 'seats',
    store,
    decider: seats,
    codec,
    maxBatch,
    logger: silentLogger(),
    metrics: createMetrics({ defaultMetrics: false }),
  });

// Appends and reads either by the client on this thread, or on the client thread the API uses.
describe.each([
  ['on this thread', false],
  ['on a client thread', true],
])('the command handler, its client %s', (_where, clientThread) => {
  beforeAll(() => {
    store = connectEventStore(serverUrl('eventstore'), { clientThread });
  });
  afterAll(async () => {
    await store.close();
  });

  it('never gives more seats than there are, even with two processes (two handlers) racing on one stream', async () => {
    const stream = `seats-${randomUUID()}`;
    const [first, second] = [handler(), handler()];
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        (i % 2 === 0 ? first : second).handle(
          stream,
          { type: 'Take', by: `p${i}` },
          context(`c${i}`),
        ),
      ),
    );
    const taken = results.filter((result) => result.events[0]?.type === 'SeatTaken');
    expect(taken).toHaveLength(capacity);
    const { events } = await store.readStream(stream, codec);
    expect(events).toHaveLength(400);
    expect(events.filter((e) => e.event.type === 'SeatTaken')).toHaveLength(capacity);
    expect(first.stats().appends + second.stats().appends).toBeLessThan(400);
    expect(first.stats().conflicts + second.stats().conflicts).toBeGreaterThan(0);
  });

  it('groups the commands that queue behind an append into one append', async () => {
    const stream = `seats-${randomUUID()}`;
    const grouped = handler();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        grouped.handle(stream, { type: 'Take', by: `g${i}` }, context(`g${i}`)),
      ),
    );
    expect(grouped.stats().appends).toBeLessThanOrEqual(3);

    const oneByOne = handler(1);
    const other = `seats-${randomUUID()}`;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        oneByOne.handle(other, { type: 'Take', by: `o${i}` }, context(`o${i}`)),
      ),
    );
    expect(oneByOne.stats().appends).toBe(50);
  });

  it('treats a command id the stream has seen as already done, also in another process', async () => {
    const stream = `seats-${randomUUID()}`;
    const first = await handler().handle(stream, { type: 'Take', by: 'x' }, context('same'));
    expect(first.alreadyHandled).toBe(false);
    const again = await handler().handle(stream, { type: 'Take', by: 'x' }, context('same'));
    expect(again).toMatchObject({ alreadyHandled: true, events: [], revision: 0 });
    expect((await store.readStream(stream, codec)).events).toHaveLength(1);
  });

  it('decides again on what is there when a stream presumed new exists after all', async () => {
    const stream = `seats-${randomUUID()}`;
    await handler().handle(stream, { type: 'Take', by: 'early' }, context('early'));
    const late = await handler().handle(stream, { type: 'Take', by: 'late' }, context('late'), {
      newStream: true,
    });
    expect(late.revision).toBe(1);
    expect(late.state.taken).toBe(2);
  });

  it('does not count a command as done when its append lost a race', async () => {
    const stream = `seats-${randomUUID()}`;
    const seats2 = handler();
    await seats2.handle(stream, { type: 'Take', by: 'first' }, context('first'));
    // Another writer appends between this handler's read and its append, once.
    let raced = false;
    const racing: EventStore = {
      ...store,
      append: async (...args) => {
        if (!raced) {
          raced = true;
          await store.append(stream, [{ event: take('rival'), metadata: meta }], codec, 'any');
        }
        return store.append(...args);
      },
    };
    const racer = createCommandHandler({
      name: 'seats',
      store: racing,
      decider: seats,
      codec,
      logger: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
    });
    const result = await racer.handle(stream, { type: 'Take', by: 'late' }, context('late'));
    expect(raced).toBe(true);
    expect(result).toMatchObject({ alreadyHandled: false, revision: 2 });
    expect((await store.readStream(stream, codec)).events.map((e) => e.event.data.by)).toEqual([
      'first',
      'rival',
      'late',
    ]);
  });

  it('rejects only the command whose decision throws, not the others in its batch', async () => {
    const stream = `seats-${randomUUID()}`;
    const picky = createCommandHandler<Take, SeatEvent, { taken: number }>({
      name: 'picky',
      store,
      codec,
      decider: {
        ...seats,
        decide: (command, state) => {
          if (command.by === 'bad') throw new Error('refused');
          return seats.decide(command, state);
        },
      },
      logger: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
    });
    const outcomes = await Promise.allSettled(
      ['a', 'bad', 'b'].map((by) => picky.handle(stream, { type: 'Take', by }, context(by))),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream(stream, codec)).events.map((e) => e.event.data.by)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('the client thread', () => {
  it('appends and reads what the client on this thread appends and reads, metadata and all', async () => {
    const here = connectEventStore(serverUrl('eventstore'));
    const there = connectEventStore(serverUrl('eventstore'), { clientThread: true });
    try {
      const stream = `seats-${randomUUID()}`;
      const metadata = {
        $correlationId: 'c-1',
        $causationId: 'r-1',
        actor: 'tester',
        occurredAt: '2026-12-07T00:00:00.000Z',
      };
      const first = await there.append(
        stream,
        [{ event: take('x'), metadata }],
        codec,
        'no_stream',
      );
      await here.append(stream, [{ event: take('y'), metadata }], codec, 0);
      await expect(
        there.append(stream, [{ event: take('z'), metadata }], codec, 0),
      ).rejects.toMatchObject({ name: 'StreamConflict', actual: 1, expected: 0 });

      const read = await there.readStream(stream, codec);
      expect(read).toEqual(await here.readStream(stream, codec));
      expect(read.revision).toBe(1);
      expect(read.events[0]).toMatchObject({
        revision: 0,
        position: first.position,
        event: take('x'),
        metadata: { ...metadata, schemaVersion: 1 },
      });
      expect(read.events[0]?.recordedAt).toBeInstanceOf(Date);
      expect(await there.readStream(`seats-${randomUUID()}`, codec)).toEqual({
        events: [],
        revision: undefined,
      });
    } finally {
      await Promise.all([here.close(), there.close()]);
    }
  });

  it('hands the client errors over, and refuses calls once closed', async () => {
    const there = connectEventStore(serverUrl('eventstore'), { clientThread: true });
    const metadata = { $correlationId: 'c', $causationId: 'r', actor: 'a', occurredAt: 'now' };
    // An empty stream name is refused by the server, not by us.
    await expect(
      there.append('', [{ event: take('x'), metadata }], codec, 'any'),
    ).rejects.toBeInstanceOf(Error);
    await there.close();
    await expect(
      there.append(`seats-${randomUUID()}`, [{ event: take('x'), metadata }], codec, 'any'),
    ).rejects.toMatchObject({ name: 'ClientThreadLost' });
  });
});
