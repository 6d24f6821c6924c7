import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger.ts';
import { openMemoryLog } from '../log/memory-log.ts';
import { readStream } from '../store/reads.ts';
import { ExpectedVersion } from '../store/records.ts';
import { Store } from '../store/store.ts';
import { PersistentGroup } from './group.ts';
import { GroupStorage } from './group-storage.ts';
import type { Consumer, Message } from './message.ts';
import type { GroupSettings } from './settings.ts';
import { GroupSource } from './source.ts';

const defaults: GroupSettings = {
  startFrom: { kind: 'stream', revision: 0 },
  resolveLinkTos: false,
  extraStatistics: false,
  messageTimeoutMs: 30_000,
  maxRetryCount: 10,
  checkpointAfterMs: 2_000,
  minCheckpointCount: 10,
  maxCheckpointCount: 1_000,
  maxSubscriberCount: 0,
  liveBufferSize: 500,
  readBatchSize: 20,
  historyBufferSize: 500,
  consumerStrategy: 'RoundRobin',
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const setup = (overrides: Partial<GroupSettings> = {}) => {
  let now = 1_000_000;
  const store = new Store(openMemoryLog().log, [], { now: () => now });
  const definition = {
    stream: 's',
    group: 'g',
    filter: undefined,
    settings: { ...defaults, ...overrides },
  };
  const logger = silentLogger();
  const group = new PersistentGroup(
    definition,
    new GroupSource(store, definition),
    new GroupStorage(store, 's::g', false, logger),
    logger,
    () => now,
  );
  store.onCommit((records) => {
    for (const record of records) group.committed(record);
  });
  const append = async (count: number) => {
    const events = Array.from({ length: count }, () => ({
      id: randomUUID(),
      type: 'T',
      isJson: true,
      data: Buffer.from('{}'),
      metadata: Buffer.alloc(0),
    }));
    await store.append('s', ExpectedVersion.any, events);
  };
  const consumer = (maxInFlight: number) => {
    const received: Message[] = [];
    const state = { dropped: false };
    const c: Consumer = {
      id: randomUUID(),
      connectionName: 'test',
      from: 'test',
      username: 'test',
      maxInFlight,
      inFlight: new Map(),
      totalItems: 0,
      lastTotalItems: 0,
      send: (message) => received.push(message),
      drop: () => {
        state.dropped = true;
      },
    };
    group.connect(c, () => undefined);
    return { c, received, state, revisions: () => received.map((m) => m.resolved.event?.revision) };
  };
  const advance = (ms: number) => {
    now += ms;
    group.tick();
  };
  return { store, group, append, consumer, advance };
};

describe('persistent group', () => {
  it('delivers history then live events in order, never more than bufferSize unsettled', async () => {
    const { group, append, consumer } = setup();
    await append(5);
    const a = consumer(3);
    expect(a.revisions()).toEqual([0, 1, 2]);
    group.ack(a.received.slice(0, 2).map((m) => m.id));
    expect(a.revisions()).toEqual([0, 1, 2, 3, 4]);
    await append(2);
    await settle();
    group.ack(a.received.slice(2).map((m) => m.id));
    expect(a.revisions()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('retries a nacked message with its retry count raised, and parks it after maxRetryCount', async () => {
    const { store, group, append, consumer } = setup({ maxRetryCount: 2 });
    await append(1);
    const a = consumer(10);
    for (let i = 0; i < 3; i++) {
      const last = a.received[a.received.length - 1];
      if (last !== undefined) group.nack(a.c, 'retry', [last.id], 'failed');
    }
    expect(a.received.map((m) => m.retryCount)).toEqual([0, 1, 2]);
    await settle();
    const parked = readStream(store, '$persistentsubscription-s::g-parked', {
      from: 'start',
      direction: 'forwards',
      maxCount: 10,
      resolveLinks: true,
    });
    expect(parked.kind === 'ok' && parked.events.map((e) => e.event?.id)).toEqual([
      a.received[0]?.id,
    ]);
    expect(group.snapshot().parkedCount).toBe(1);
  });

  it('redelivers a message not settled within messageTimeout', async () => {
    const { append, consumer, advance } = setup({ messageTimeoutMs: 1_000 });
    await append(1);
    const a = consumer(10);
    advance(999);
    expect(a.received).toHaveLength(1);
    advance(1);
    expect(a.received.map((m) => m.retryCount)).toEqual([0, 1]);
  });

  it('falls behind when the live buffer overflows and still delivers each event once, in order', async () => {
    const { group, append, consumer } = setup({
      liveBufferSize: 2,
      readBatchSize: 1,
      historyBufferSize: 3,
    });
    const a = consumer(1);
    for (let i = 0; i < 10; i++) await append(1);
    await settle();
    while (a.received.length < 10) {
      const before = a.received.length;
      const last = a.received[a.received.length - 1];
      if (last !== undefined) group.ack([last.id]);
      if (a.received.length === before) break;
    }
    expect(a.revisions()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('falls behind within one commit of several events and still delivers each event once', async () => {
    // The read after falling behind takes the rest of the commit, which then arrives live too.
    const { group, append, consumer } = setup({
      liveBufferSize: 2,
      readBatchSize: 1,
      historyBufferSize: 10,
    });
    const a = consumer(1);
    await append(6);
    await settle();
    for (let i = 0; i < 10; i++) {
      const last = a.received[a.received.length - 1];
      if (last !== undefined) group.ack([last.id]);
    }
    expect(a.revisions()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('gives what a departing consumer held to the others, retry count raised', async () => {
    const { group, append, consumer } = setup({ consumerStrategy: 'DispatchToSingle' });
    await append(2);
    const a = consumer(10);
    const b = consumer(10);
    expect(a.revisions()).toEqual([0, 1]);
    group.disconnect(a.c);
    expect(b.revisions()).toEqual([0, 1]);
    expect(b.received.map((m) => m.retryCount)).toEqual([1, 1]);
  });

  it('nack stop drops the consumer and hands its messages on', async () => {
    const { group, append, consumer } = setup({ consumerStrategy: 'DispatchToSingle' });
    await append(1);
    const a = consumer(10);
    const b = consumer(10);
    const [first] = a.received;
    if (first === undefined) throw new Error('nothing delivered');
    group.nack(a.c, 'stop', [first.id], 'stop');
    expect(a.state.dropped).toBe(true);
    expect(b.revisions()).toEqual([0]);
  });

  it('writes a checkpoint once maxCheckpointCount messages settled', async () => {
    const { store, group, append, consumer } = setup({
      maxCheckpointCount: 3,
      minCheckpointCount: 3,
    });
    await append(4);
    const a = consumer(10);
    group.ack(a.received.slice(0, 3).map((m) => m.id));
    await settle();
    await settle();
    const checkpoint = readStream(store, '$persistentsubscription-s::g-checkpoint', {
      from: 'end',
      direction: 'backwards',
      maxCount: 1,
      resolveLinks: false,
    });
    expect(checkpoint.kind === 'ok' && checkpoint.events[0]?.event?.data.toString()).toBe('"2"');
    expect(group.snapshot().lastCheckpointedPosition).toBe(2);
  });

  it('refuses consumers beyond maxSubscriberCount', () => {
    const { consumer } = setup({ maxSubscriberCount: 1 });
    consumer(1);
    expect(() => consumer(1)).toThrow();
  });
});
