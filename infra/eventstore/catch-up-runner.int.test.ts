import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { countingClient } from './testing/counting-client.ts';
import { serverUrl } from '../test-servers/use-server.ts';
import { createCatchUpGroup, type CatchUpMember, type CatchUpRunner } from './catch-up-runner.ts';
import type { EventCodec } from './codec.ts';
import { createEventStore, type EventStore } from './event-store.ts';
import type { LogPosition, RecordedDomainEvent } from './recorded.ts';

type Noted = { type: 'Noted'; data: { n: number } };
const codec: EventCodec<Noted> = {
  handles: (type) => type === 'Noted',
  parse: (type, _version, data) => {
    if (type === 'Noted' && typeof data === 'object' && data !== null && 'n' in data)
      return { type, data: { n: Number(data.n) } };
    throw new Error(`not a note: ${type}`);
  },
  currentVersion: () => 1,
};
const metadata = {
  $correlationId: 'c',
  $causationId: 'r',
  actor: 't',
  occurredAt: new Date().toISOString(),
};

// The client is wrapped to count the subscriptions it opens: a group shares them.
let client: EventStoreDBClient;
let store: EventStore;
let subscriptions: () => number;
beforeAll(() => {
  const counting = countingClient(serverUrl('eventstore'));
  client = counting.client;
  subscriptions = counting.subscriptions;
  store = createEventStore(client);
});
afterAll(async () => {
  await store.close();
});

const note = async (stream: string, ...ns: number[]) => {
  const appended = await store.append(
    stream,
    ns.map((n) => ({ event: { type: 'Noted', data: { n } }, metadata })),
    codec,
    'any',
  );
  return appended.position;
};

/** A subscriber that records what it handled, in memory, from a checkpoint it is given. */
const subscriber = (prefix: string, from?: LogPosition) => {
  const controller = new AbortController();
  const handled: RecordedDomainEvent<Noted>[] = [];
  let saved = from;
  let gate: Promise<void> | undefined;
  const member: CatchUpMember<Noted> = {
    name: prefix,
    streamPrefixes: [prefix],
    checkpoints: {
      load: () => Promise.resolve(from),
      save: (position) => {
        saved = position;
        return Promise.resolve();
      },
    },
    handle: async (batch) => {
      await gate;
      handled.push(...batch);
    },
    signal: controller.signal,
  };
  return {
    member,
    handled,
    numbers: () => handled.map((event) => event.event.data.n),
    saved: () => saved,
    hold: (until: Promise<void>) => {
      gate = until;
    },
    stop: () => {
      controller.abort();
    },
  };
};

const group = () =>
  createCatchUpGroup<Noted>({
    client,
    codec,
    logger: silentLogger(),
    metrics: createMetrics({ defaultMetrics: false }),
  });

const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
};

describe('catch-up subscribers in a group', () => {
  it('share one subscription; each gets its own streams, after its own checkpoint', async () => {
    const [a, b] = [`ga${randomUUID().slice(0, 8)}-`, `gb${randomUUID().slice(0, 8)}-`];
    await note(`${a}1`, 1, 2);
    const bFrom = await note(`${b}1`, 10, 11);
    await note(`${a}1`, 3);
    const first = subscriber(a, await note(`${b}1`, 0)); // a resumes after its 1, 2 and 3
    const second = subscriber(b, bFrom); // b resumes after 10 and 11

    const before = subscriptions();
    const shared = group();
    const runners: CatchUpRunner[] = [shared.join(first.member), shared.join(second.member)];
    expect(runners.map((r) => r.status().state)).toEqual(['starting', 'starting']);
    shared.start();
    await note(`${a}2`, 4);
    await note(`${b}2`, 12);
    await until(() => first.numbers().includes(4) && second.numbers().includes(12));

    expect(subscriptions() - before).toBe(1);
    expect(first.numbers()).toEqual([4]);
    expect(second.numbers()).toEqual([0, 12]);
    expect(first.handled.every((event) => event.stream.startsWith(a))).toBe(true);
    await until(() => runners.every((r) => r.status().state === 'live'));
    expect(runners[0]?.status().position).toEqual(first.saved());

    // One stops: it is done at once, the other goes on.
    first.stop();
    await runners[0]?.done;
    await note(`${a}2`, 5);
    await note(`${b}2`, 13);
    await until(() => second.numbers().includes(13));
    expect(first.numbers()).toEqual([4]);
    second.stop();
    await runners[1]?.done;
    expect(runners.map((r) => r.status().state)).toEqual(['stopped', 'stopped']);
  });

  it('gives one starting from nothing a subscription apart, so it never holds back the live one', async () => {
    const [fresh, live] = [`gf${randomUUID().slice(0, 8)}-`, `gl${randomUUID().slice(0, 8)}-`];
    await note(`${fresh}1`, 1);
    const newcomer = subscriber(fresh);
    let release = () => undefined as unknown;
    newcomer.hold(new Promise((resolve) => (release = resolve)));
    const resumer = subscriber(live, await note(`${live}1`, 0));

    const before = subscriptions();
    const shared = group();
    const runners = [shared.join(newcomer.member), shared.join(resumer.member)];
    shared.start();
    await note(`${live}1`, 7);
    await until(() => resumer.numbers().includes(7)); // while the newcomer's handler is held
    expect(newcomer.numbers()).toEqual([]);
    expect(subscriptions() - before).toBe(2);

    release();
    await until(() => newcomer.numbers().includes(1));
    newcomer.stop();
    resumer.stop();
    await Promise.all(runners.map((r) => r.done));
  });

  it('retries a failing handler with the same batch, losing nothing', async () => {
    const prefix = `gr${randomUUID().slice(0, 8)}-`;
    const from = await note(`${prefix}0`, 0);
    const flaky = subscriber(prefix, from);
    let failures = 2;
    const handle = flaky.member.handle;
    const member = {
      ...flaky.member,
      handle: async (batch: readonly RecordedDomainEvent<Noted>[]) => {
        if (failures-- > 0) throw new Error('the store is down');
        await handle(batch);
      },
    };
    const shared = group();
    const runner = shared.join(member);
    shared.start();
    await note(`${prefix}1`, 1, 2);
    await until(() => flaky.numbers().length === 2);
    expect(flaky.numbers()).toEqual([1, 2]);
    expect(runner.status()).toMatchObject({ handled: 2, lastError: undefined });
    flaky.stop();
    await runner.done;
  });

  it('refuses a subscriber once started, and stops one told to before it started', async () => {
    const shared = group();
    const early = subscriber(`gs${randomUUID().slice(0, 8)}-`);
    const runner = shared.join(early.member);
    early.stop();
    shared.start();
    await runner.done;
    expect(runner.status().state).toBe('stopped');
    expect(() => shared.join(subscriber('late-').member)).toThrow(/started/);
  });
});
