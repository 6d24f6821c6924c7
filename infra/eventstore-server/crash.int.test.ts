import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  START,
  type EventData,
} from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { spawnEventStore, type ChildEventStore } from './child.ts';
import { LOG_FILE_NAME } from './log/file-log.ts';
import { encodeRecord } from './log/record.ts';

interface Attempt {
  readonly ids: readonly string[];
  acknowledged: boolean;
}

const WRITERS = 16;

/** Reads a whole stream's event ids; none when it does not exist. */
const idsOf = async (client: EventStoreDBClient, stream: string): Promise<string[]> => {
  const ids: string[] = [];
  try {
    for await (const resolved of client.readStream(stream)) ids.push(resolved.event?.id ?? '');
  } catch {
    return ids;
  }
  return ids;
};

/** Appends of 1 to 4 events with exact expected revisions, until the server goes away. */
const write = async (
  client: EventStoreDBClient,
  stream: string,
  attempts: Attempt[],
): Promise<void> => {
  let revision = -1n;
  for (let round = 0; ; round++) {
    const events: EventData[] = Array.from({ length: 1 + (round % 4) }, () =>
      jsonEvent({ type: 'CrashTested', data: { stream, round } }),
    );
    const attempt: Attempt = { ids: events.map((event) => event.id), acknowledged: false };
    attempts.push(attempt);
    try {
      const result = await client.appendToStream(stream, events, {
        expectedRevision: revision < 0n ? NO_STREAM : revision,
      });
      attempt.acknowledged = true;
      revision = result.nextExpectedRevision;
    } catch {
      return;
    }
  }
};

describe('embedded event store: crashes', () => {
  let dir: string;
  let children: ChildEventStore[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventstore-crash-'));
  });
  afterEach(async () => {
    await Promise.all(children.map((child) => child.kill()));
    children = [];
    await rm(dir, { recursive: true, force: true });
  });
  const start = async () => {
    const child = await spawnEventStore(dir);
    children.push(child);
    return child;
  };

  test('after kill -9, every acknowledged append is there in order, and no append is half there', async () => {
    const first = await start();
    const client = EventStoreDBClient.connectionString(first.connectionString);
    const streams = Array.from({ length: WRITERS }, () => `crash-${randomUUID()}`);
    const attempts = streams.map(() => [] as Attempt[]);
    const writing = streams.map((stream, index) => write(client, stream, attempts[index] ?? []));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await first.kill();
    await Promise.all(writing);
    await client.dispose();

    const second = await start();
    const reader = EventStoreDBClient.connectionString(second.connectionString);
    try {
      let acknowledged = 0;
      for (const [index, stream] of streams.entries()) {
        const stored = await idsOf(reader, stream);
        const tried = attempts[index] ?? [];
        // The stream holds whole appends, in the order they were made, as far as they got.
        const expected: string[] = [];
        let whole = 0;
        for (const attempt of tried) {
          if (expected.length >= stored.length) break;
          expected.push(...attempt.ids);
          whole++;
        }
        expect(stored).toEqual(expected);
        const mustHave = tried.filter((attempt) => attempt.acknowledged);
        acknowledged += mustHave.length;
        expect(whole).toBeGreaterThanOrEqual(mustHave.length);
      }
      expect(acknowledged).toBeGreaterThan(WRITERS);

      let previous = -1n;
      for await (const resolved of reader.readAll({ fromPosition: START })) {
        const position = resolved.event?.position.commit ?? -1n;
        expect(position).toBeGreaterThan(previous);
        previous = position;
      }
    } finally {
      await reader.dispose();
    }
  });

  test('garbage and a partial record at the end of the log are cut off at restart, with a log line', async () => {
    const first = await start();
    const client = EventStoreDBClient.connectionString(first.connectionString);
    const stream = `crash-${randomUUID()}`;
    const kept = [
      jsonEvent({ type: 'Kept', data: { n: 1 } }),
      jsonEvent({ type: 'Kept', data: { n: 2 } }),
    ];
    await client.appendToStream(stream, kept);
    await client.dispose();
    await first.stop();

    const path = join(dir, LOG_FILE_NAME);
    const goodSize = (await stat(path)).size;
    const { record } = encodeRecord([
      {
        stream,
        revision: 2,
        id: randomUUID(),
        type: 'Torn',
        isJson: true,
        tombstone: false,
        createdMs: Date.now(),
        data: Buffer.from('{"torn":true}'),
        metadata: Buffer.alloc(0),
      },
    ]);
    await appendFile(path, record.subarray(0, record.length - 5));
    await appendFile(path, Buffer.from('\u0000garbage\u00ff after the partial record'));

    const second = await start();
    expect(second.lines.join('\n')).toMatch(/torn record at the end of the log.*cutting it off/);
    expect(second.lines.join('\n')).toContain(`"cutAt":${goodSize}`);
    expect((await stat(path)).size).toBe(goodSize);
    const reader = EventStoreDBClient.connectionString(second.connectionString);
    try {
      expect(await idsOf(reader, stream)).toEqual(kept.map((event) => event.id));
      const next = await reader.appendToStream(stream, jsonEvent({ type: 'After', data: {} }), {
        expectedRevision: 1n,
      });
      expect(next.nextExpectedRevision).toBe(2n);
    } finally {
      await reader.dispose();
    }
  });
});
