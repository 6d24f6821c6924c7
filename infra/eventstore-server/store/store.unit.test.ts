import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openMemoryLog } from '../log/memory-log.ts';
import type { Durable, EventLog } from '../log/event-log.ts';
import { DELETED_REVISION, ExpectedVersion, type ProposedEvent } from './records.ts';
import { readAll, readStream, viewStream } from './reads.ts';
import { Store } from './store.ts';

const event = (type = 'OrderPlaced', data: unknown = {}): ProposedEvent => ({
  id: randomUUID(),
  type,
  isJson: true,
  data: Buffer.from(JSON.stringify(data)),
  metadata: Buffer.alloc(0),
});
const store = (now: () => number = Date.now) => new Store(openMemoryLog().log, [], { now });
const revisions = (s: Store, stream: string) => {
  const read = readStream(s, stream, {
    from: 'start',
    direction: 'forwards',
    maxCount: 1000,
    resolveLinks: false,
  });
  return read.kind === 'ok' ? read.events.map((e) => e.event?.revision) : read.kind;
};
const meta = (value: object): ProposedEvent => ({ ...event('$metadata', value) });

describe('store: expected revisions', () => {
  it('appends with any, no_stream, an exact revision and stream_exists', async () => {
    const s = store();
    expect(await s.append('a', ExpectedVersion.noStream, [event(), event()])).toMatchObject({
      kind: 'success',
      revision: 1,
    });
    expect(await s.append('a', 1, [event()])).toMatchObject({ kind: 'success', revision: 2 });
    expect(await s.append('a', ExpectedVersion.streamExists, [event()])).toMatchObject({
      revision: 3,
    });
    expect(await s.append('a', ExpectedVersion.any, [event()])).toMatchObject({ revision: 4 });
    expect(revisions(s, 'a')).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a wrong expected revision, reporting the actual one', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event(), event()]);
    expect(await s.append('a', 5, [event()])).toEqual({
      kind: 'wrong-expected-version',
      current: 1,
      expected: 5,
    });
    expect(await s.append('a', ExpectedVersion.noStream, [event()])).toMatchObject({ current: 1 });
    expect(await s.append('b', ExpectedVersion.streamExists, [event()])).toMatchObject({
      current: -1,
    });
    expect(await s.append('b', 0, [event()])).toMatchObject({
      kind: 'wrong-expected-version',
      current: -1,
    });
  });

  it('writes nothing twice for a retry of the same events at the same expected revision', async () => {
    const s = store();
    const batch = [event(), event()];
    const first = await s.append('a', ExpectedVersion.noStream, batch);
    await s.append('a', 1, [event()]);
    expect(await s.append('a', ExpectedVersion.noStream, batch)).toEqual(first);
    expect(await s.append('a', ExpectedVersion.any, batch)).toEqual(first);
    expect(revisions(s, 'a')).toEqual([0, 1, 2]);
  });

  it('treats a retry that only partly matches as a wrong expected revision', async () => {
    const s = store();
    const [x, y] = [event(), event()];
    await s.append('a', ExpectedVersion.noStream, [x, y]);
    expect((await s.append('a', ExpectedVersion.noStream, [x, event()])).kind).toBe(
      'wrong-expected-version',
    );
    expect((await s.append('a', ExpectedVersion.any, [x, event()])).kind).toBe(
      'wrong-expected-version',
    );
  });

  it('checks a second append against the first even while the first is still being synced, and refuses it once the first is readable', async () => {
    const held: Durable[] = [];
    const memory = openMemoryLog().log;
    const slow: EventLog = {
      ...memory,
      get end() {
        return memory.end;
      },
      write: (r, d) => memory.write(r, () => held.push(d)),
    };
    const s = new Store(slow, []);
    const first = s.append('a', ExpectedVersion.noStream, [event()]);
    await Promise.resolve();
    let answered = false;
    const second = s.append('a', ExpectedVersion.noStream, [event()]).finally(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 0));
    // Not answered while what won is still being synced: a client that reads the stream on the
    // refusal must find the event it lost to.
    expect(answered).toBe(false);
    expect(viewStream(s, 'a').kind).toBe('not-found');
    for (const durable of held) durable();
    expect((await second).kind).toBe('wrong-expected-version');
    expect(revisions(s, 'a')).toEqual([0]);
    expect(await first).toMatchObject({ kind: 'success', revision: 0 });
  });
});

describe('store: deletes', () => {
  it('soft delete: reads as not found, then appending continues the revisions', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event(), event()]);
    expect((await s.softDelete('a', 1)).kind).toBe('success');
    expect(revisions(s, 'a')).toBe('not-found');
    expect((await s.append('a', ExpectedVersion.streamExists, [event()])).kind).toBe(
      'stream-deleted',
    );
    expect(await s.append('a', ExpectedVersion.any, [event()])).toMatchObject({ revision: 2 });
    expect(revisions(s, 'a')).toEqual([2]);
  });

  it('soft delete then no_stream recreates the stream, as EventStoreDB allows', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event()]);
    await s.softDelete('a', ExpectedVersion.any);
    expect(await s.append('a', ExpectedVersion.noStream, [event()])).toMatchObject({ revision: 1 });
    expect(revisions(s, 'a')).toEqual([1]);
  });

  it('tombstone: reads and appends report the stream deleted, for good', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event()]);
    expect((await s.tombstone('a', ExpectedVersion.any)).kind).toBe('success');
    expect(revisions(s, 'a')).toBe('deleted');
    expect((await s.append('a', ExpectedVersion.any, [event()])).kind).toBe('stream-deleted');
    expect((await s.softDelete('a', ExpectedVersion.any)).kind).toBe('stream-deleted');
    const tombstone = s.all[s.all.length - 1];
    expect(tombstone).toMatchObject({ type: '$streamDeleted', revision: DELETED_REVISION });
  });

  it('refuses a delete at a wrong expected revision', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event()]);
    expect(await s.softDelete('a', 3)).toEqual({
      kind: 'wrong-expected-version',
      current: 0,
      expected: 3,
    });
  });
});

describe('store: metadata', () => {
  it('honours $maxCount, $tb and $maxAge on reads', async () => {
    let now = 1_000_000;
    const s = store(() => now);
    await s.append('a', ExpectedVersion.any, [event(), event(), event(), event()]);
    await s.append('$$a', ExpectedVersion.any, [meta({ $maxCount: 2 })]);
    expect(revisions(s, 'a')).toEqual([2, 3]);
    await s.append('$$a', ExpectedVersion.any, [meta({ $tb: 1 })]);
    expect(revisions(s, 'a')).toEqual([1, 2, 3]);
    now += 10_000;
    await s.append('a', ExpectedVersion.any, [event()]);
    await s.append('$$a', ExpectedVersion.any, [meta({ $maxAge: 5 })]);
    expect(revisions(s, 'a')).toEqual([4]);
  });

  it('keeps only the last event of a metadata stream readable', async () => {
    const s = store();
    await s.append('$$a', ExpectedVersion.any, [meta({ $maxCount: 2 }), meta({ $maxCount: 3 })]);
    expect(revisions(s, '$$a')).toEqual([1]);
  });

  it('ignores metadata that does not parse', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event(), event()]);
    await s.append('$$a', ExpectedVersion.any, [meta({ $maxCount: 'two' })]);
    expect(revisions(s, 'a')).toEqual([0, 1]);
  });
});

describe('store: $all', () => {
  it('reads forwards from a position inclusive and backwards exclusive, positions increasing', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event('A1'), event('A2')]);
    await s.append('b', ExpectedVersion.any, [event('B1')]);
    const forwards = readAll(s, {
      from: 'start',
      direction: 'forwards',
      maxCount: 10,
      resolveLinks: false,
    });
    const positions = forwards.map((e) => e.event?.position ?? -1);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(3);
    const second = positions[1] ?? 0;
    const from = readAll(s, {
      from: second,
      direction: 'forwards',
      maxCount: 10,
      resolveLinks: false,
    });
    expect(from.map((e) => e.event?.type)).toEqual(['A2', 'B1']);
    const back = readAll(s, {
      from: second,
      direction: 'backwards',
      maxCount: 10,
      resolveLinks: false,
    });
    expect(back.map((e) => e.event?.type)).toEqual(['A1']);
    const end = readAll(s, {
      from: 'end',
      direction: 'backwards',
      maxCount: 2,
      resolveLinks: false,
    });
    expect(end.map((e) => e.event?.type)).toEqual(['B1', 'A2']);
  });

  it('resolves links when asked to', async () => {
    const s = store();
    await s.append('a', ExpectedVersion.any, [event('A1')]);
    await s.append('links', ExpectedVersion.any, [
      { ...event('$>'), isJson: false, data: Buffer.from('0@a') },
    ]);
    const read = readStream(s, 'links', {
      from: 'start',
      direction: 'forwards',
      maxCount: 5,
      resolveLinks: true,
    });
    expect(read.kind === 'ok' && read.events[0]?.event?.type).toBe('A1');
    expect(read.kind === 'ok' && read.events[0]?.link?.type).toBe('$>');
  });
});
