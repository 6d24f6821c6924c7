import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { spawnEventStore, type ChildEventStore } from './child.ts';

const ROUNDS = 20;
const WRITERS = 4;
/** Acknowledged appends per writer before the kill, so that it lands mid-appends. */
const ACKS_BEFORE_KILL = 3;

/** What a writer appended to its stream and was acknowledged, in order. */
interface Written {
  readonly stream: string;
  readonly acknowledged: string[];
}

/** Appends one event at a time with exact expected revisions until the server goes away. */
const write = async (client: EventStoreDBClient, written: Written): Promise<void> => {
  for (let revision = -1n; ; revision++) {
    const event = jsonEvent({ type: 'CrashRestartTested', data: { revision: String(revision) } });
    try {
      await client.appendToStream(written.stream, event, {
        expectedRevision: revision < 0n ? NO_STREAM : revision,
      });
    } catch {
      return;
    }
    written.acknowledged.push(event.id);
  }
};

const idsOf = async (client: EventStoreDBClient, stream: string): Promise<string[]> => {
  const ids: string[] = [];
  for await (const resolved of client.readStream(stream)) ids.push(resolved.event?.id ?? '');
  return ids;
};

/** Every acknowledged append is in its stream, in order (an unacknowledged last one may be too). */
const expectAllAcknowledged = async (client: EventStoreDBClient, written: readonly Written[]) => {
  for (const { stream, acknowledged } of written) {
    const stored = await idsOf(client, stream);
    expect(stored.slice(0, acknowledged.length), stream).toEqual(acknowledged);
  }
};

const until = async (condition: () => boolean, failure: () => string | undefined) => {
  while (!condition()) {
    const failed = failure();
    if (failed !== undefined) throw new Error(failed);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('embedded event store: kill -9 and restart at once', () => {
  let dir: string;
  let servers: ChildEventStore[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventstore-crash-restart-'));
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    servers = [];
    await rm(dir, { recursive: true, force: true });
  });

  test(`${ROUNDS} times: the process group is killed mid-appends and started again at once; every start succeeds and keeps every acknowledged append`, async () => {
    const written: Written[] = [];
    let previous: Written[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Started while the killed one may still be dying: the lock must not be in the way.
      const server = await spawnEventStore(dir, { npmScript: true, logLevel: 'warn' });
      servers.push(server);
      const client = EventStoreDBClient.connectionString(server.connectionString);
      try {
        await expectAllAcknowledged(client, previous);
        const writers = Array.from({ length: WRITERS }, () => ({
          stream: `crash-restart-${randomUUID()}`,
          acknowledged: [],
        }));
        let stopped = 0;
        const writing = writers.map((writer) => write(client, writer).finally(() => stopped++));
        await until(
          () => writers.every((writer) => writer.acknowledged.length >= ACKS_BEFORE_KILL),
          () =>
            stopped > 0
              ? `round ${round}: an append failed before the kill:\n${server.lines.join('\n')}`
              : undefined,
        );
        void server.kill();
        await Promise.all(writing);
        written.push(...writers);
        previous = writers;
      } finally {
        await client.dispose();
      }
    }

    const last = await spawnEventStore(dir, { npmScript: true, logLevel: 'warn' });
    servers.push(last);
    const client = EventStoreDBClient.connectionString(last.connectionString);
    try {
      await expectAllAcknowledged(client, written);
      expect(written.flatMap((writer) => writer.acknowledged).length).toBeGreaterThanOrEqual(
        ROUNDS * WRITERS * ACKS_BEFORE_KILL,
      );
    } finally {
      await client.dispose();
    }
  }, 120_000);
});
