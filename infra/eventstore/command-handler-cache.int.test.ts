import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { serverUrl } from '../test-servers/use-server.ts';
import { createCommandHandler } from './command-handler.ts';
import { createEventStore, type EventStore } from './event-store.ts';
import { countingClient } from './testing/counting-client.ts';
import { seatCodec, seatContext, seats, take, type SeatEvent, type Take } from './testing/seats.ts';

// The command handler decides on the fold it has cached and lets the expected revision of the
// append prove it current: no read before a command, a read of only what is new on a conflict.
let counting: ReturnType<typeof countingClient>;
let store: EventStore;
/** Where each stream read started (undefined: from the start). */
let readsFrom: (number | undefined)[];
/** The same event store, noting where each stream read starts. */
let noted: EventStore;

beforeAll(() => {
  counting = countingClient(serverUrl('eventstore'));
  store = createEventStore(counting.client);
  noted = {
    ...store,
    readStream: (stream, codec, options) => {
      readsFrom.push(options?.fromRevision);
      return store.readStream(stream, codec, options);
    },
  };
});
afterAll(async () => {
  await store.close();
});

const handler = (on: EventStore = noted) =>
  createCommandHandler({
    name: 'seats',
    store: on,
    decider: seats,
    codec: seatCodec,
    logger: silentLogger(),
    metrics: createMetrics({ defaultMetrics: false }),
  });
const takeSeat = (by: string) => ({ type: 'Take' as const, by });
const rival = {
  $correlationId: 'rival',
  $causationId: 'rival',
  actor: 'rival',
  occurredAt: new Date().toISOString(),
};
const storedBy = async (stream: string) =>
  (await store.readStream(stream, seatCodec)).events.map((e) => e.event.data.by);

describe('the command handler on its cached fold', () => {
  it('reads a stream once, on the first command, and decides later ones without a read', async () => {
    readsFrom = [];
    const stream = `seats-${randomUUID()}`;
    const seatsHandler = handler();
    const readsBefore = counting.streamReads();
    const results = [];
    for (let i = 0; i < 10; i++)
      results.push(await seatsHandler.handle(stream, takeSeat(`p${i}`), seatContext(`c${i}`)));

    expect(counting.streamReads() - readsBefore).toBe(1);
    expect(readsFrom).toEqual([undefined]);
    expect(results.map((r) => r.revision)).toEqual([...Array(10).keys()]);
    expect(results.at(-1)?.state.taken).toBe(10);
    expect(await storedBy(stream)).toEqual([...Array(10).keys()].map((i) => `p${i}`));
  });

  it('on a conflict with another writer, reads from its cached revision on and decides again', async () => {
    readsFrom = [];
    const stream = `seats-${randomUUID()}`;
    const seatsHandler = handler();
    for (const by of ['a', 'b', 'c'])
      await seatsHandler.handle(stream, takeSeat(by), seatContext(by));
    // Another process appends twice behind this handler's back: its fold is at revision 2 of 4.
    await store.append(stream, [{ event: take('r1'), metadata: rival }], seatCodec, 2);
    await store.append(stream, [{ event: take('r2'), metadata: rival }], seatCodec, 3);
    readsFrom = [];

    const late = await seatsHandler.handle(stream, takeSeat('d'), seatContext('d'));

    expect(readsFrom).toEqual([3]);
    expect(seatsHandler.stats()).toMatchObject({ conflicts: 1, appends: 4 });
    expect(late).toMatchObject({ alreadyHandled: false, revision: 5, state: { taken: 6 } });
    expect(await storedBy(stream)).toEqual(['a', 'b', 'c', 'r1', 'r2', 'd']);
  });

  it('still counts a repeated command id as done when the repeat is found in what a conflict read', async () => {
    const stream = `seats-${randomUUID()}`;
    const [here, there] = [handler(), handler()];
    await here.handle(stream, takeSeat('first'), seatContext('first'));
    // The other process handles 'other' and then 'again', which then comes here too
    // (a redelivery); this handler's fold is still at revision 0.
    await there.handle(stream, takeSeat('other'), seatContext('other'));
    await there.handle(stream, takeSeat('again'), seatContext('again'));
    readsFrom = [];

    const repeat = await here.handle(stream, takeSeat('again'), seatContext('again'));

    expect(here.stats().conflicts).toBe(1);
    expect(readsFrom).toEqual([1]);
    expect(repeat).toMatchObject({ alreadyHandled: true, events: [], revision: 2 });
    expect(await storedBy(stream)).toEqual(['first', 'other', 'again']);
  });

  it('checks a refusal decided on its cached fold against the stream before it stands', async () => {
    const stream = `seats-${randomUUID()}`;
    const picky = createCommandHandler<Take, SeatEvent, { taken: number }>({
      name: 'seats',
      store: noted,
      decider: {
        ...seats,
        // Refuses everyone until someone else has taken a seat.
        decide: (command, state) => {
          if (state.taken === 0) throw new Error('nobody here yet');
          return seats.decide(command, state);
        },
      },
      codec: seatCodec,
      logger: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
    });
    await expect(picky.handle(stream, takeSeat('x'), seatContext('x'))).rejects.toThrow(
      'nobody here yet',
    );
    await store.append(stream, [{ event: take('someone'), metadata: rival }], seatCodec, 'any');

    const now = await picky.handle(stream, takeSeat('y'), seatContext('y'));

    expect(now).toMatchObject({ revision: 1, state: { taken: 2 } });
  });

  it('never gives more seats than there are to two processes with clients of their own', async () => {
    const stream = `seats-${randomUUID()}`;
    const other = createEventStore(countingClient(serverUrl('eventstore')).client);
    try {
      const [here, there] = [handler(store), handler(other)];
      // Both folds cached first, so every later round starts from a fold the other has passed.
      await here.handle(stream, takeSeat('h'), seatContext('h'));
      await there.handle(stream, takeSeat('t'), seatContext('t'));
      const results = [];
      for (let round = 0; round < 4; round++) {
        results.push(
          ...(await Promise.all(
            Array.from({ length: 40 }, (_, i) =>
              (i % 2 === 0 ? here : there).handle(
                stream,
                takeSeat(`r${round}-${i}`),
                seatContext(`r${round}-${i}`),
              ),
            ),
          )),
        );
      }
      const taken = results.filter((result) => result.events[0]?.type === 'SeatTaken');
      expect(taken).toHaveLength(23);
      const { events } = await store.readStream(stream, seatCodec);
      expect(events).toHaveLength(162);
      expect(events.filter((e) => e.event.type === 'SeatTaken')).toHaveLength(25);
      expect(here.stats().conflicts + there.stats().conflicts).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
