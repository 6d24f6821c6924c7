import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  PARK,
  persistentSubscriptionToStreamSettingsFromDefaults,
  PINNED,
  START,
  StreamNotFoundError,
  type PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startEmbeddedEventStore, type EmbeddedEventStore } from './index.ts';

const settings = persistentSubscriptionToStreamSettingsFromDefaults({
  startFrom: START,
  checkPointAfter: 100,
  checkPointLowerBound: 1,
  checkPointUpperBound: 5,
  maxRetryCount: 3,
  messageTimeout: 5_000,
  consumerStrategyName: PINNED,
  readBatchSize: 5,
  historyBufferSize: 50,
});

const waitFor = async (what: string, condition: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/**
 * Takes deliveries one at a time, settling each with `settle`, until `count` were taken; then
 * waits for `settled` before leaving (a client's last acks can be lost when it cancels its call).
 */
const consume = async (
  client: EventStoreDBClient,
  stream: string,
  group: string,
  count: number,
  settle: (delivery: PersistentSubscriptionToStreamResolvedEvent, index: number) => 'ack' | 'park',
  settled: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<bigint[]> => {
  const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group);
  const revisions: bigint[] = [];
  for await (const delivery of subscription) {
    const index = revisions.length;
    revisions.push(delivery.event?.revision ?? -1n);
    if (settle(delivery, index) === 'park') await subscription.nack(PARK, 'restart test', delivery);
    else await subscription.ack(delivery);
    if (revisions.length >= count) break;
  }
  await waitFor('the deliveries to be settled', settled);
  await subscription.unsubscribe();
  return revisions;
};

describe('embedded event store: restarts', () => {
  let dir: string;
  let server: EmbeddedEventStore | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventstore-restart-'));
  });
  afterEach(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("a persistent subscription group's settings, checkpoint and parked messages survive a restart", async () => {
    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    let client = EventStoreDBClient.connectionString(server.connectionString);
    const [stream, group] = [`restart-${randomUUID()}`, `group-${randomUUID()}`];
    await client.createPersistentSubscriptionToStream(stream, group, settings);
    await client.appendToStream(
      stream,
      Array.from({ length: 10 }, (_, n) => jsonEvent({ type: 'RestartTested', data: { n } })),
    );
    const checkpointed = async () => {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
      return (
        info.stats.lastCheckpointedEventRevision === 5n && info.stats.parkedMessageCount === 1n
      );
    };
    const first = await consume(
      client,
      stream,
      group,
      6,
      (_, i) => (i === 2 ? 'park' : 'ack'),
      checkpointed,
    );
    expect(first).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    await client.dispose();
    await server.stop();

    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
      expect(info.settings).toEqual(settings);
      expect(info.stats.lastCheckpointedEventRevision).toBe(5n);
      expect(info.stats.parkedMessageCount).toBe(1n);
      const allSettled = async () => {
        const { stats } = await client.getPersistentSubscriptionToStreamInfo(stream, group);
        return stats.totalInFlightMessages === 0 && stats.retryBufferCount === 0;
      };
      expect(await consume(client, stream, group, 4, () => 'ack', allSettled)).toEqual([
        6n,
        7n,
        8n,
        9n,
      ]);
      await client.replayParkedMessagesToStream(stream, group);
      expect(await consume(client, stream, group, 1, () => 'ack')).toEqual([2n]);
    } finally {
      await client.dispose();
    }
  });

  test('a group on a link stream resumes after a restart from its checkpoint, and follows new links', async () => {
    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    let client = EventStoreDBClient.connectionString(server.connectionString);
    const category = `restart${randomUUID().replaceAll('-', '')}`;
    const [a, b] = [`${category}-a`, `${category}-b`];
    const [stream, group] = [`$ce-${category}`, `group-${randomUUID()}`];
    const appendTo = (target: string) =>
      client.appendToStream(target, [jsonEvent({ type: 'RestartTested', data: {} })]);
    await client.createPersistentSubscriptionToStream(stream, group, settings);
    for (const target of [a, b, a, b]) await appendTo(target);
    // The checkpoint read back from its stream, not from the group's stats: a stop does not wait
    // for a checkpoint write still in flight.
    const checkpointed = async () => {
      const read = client.readStream(`$persistentsubscription-${stream}::${group}-checkpoint`, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      try {
        for await (const { event } of read) return JSON.stringify(event?.data) === '"3"';
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      return false;
    };
    expect(await consume(client, stream, group, 4, () => 'ack', checkpointed)).toEqual([
      0n,
      1n,
      2n,
      3n,
    ]);
    await client.dispose();
    await server.stop();

    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await appendTo(a);
      const consumed = consume(client, stream, group, 2, () => 'ack');
      // The second link comes while the group is live again.
      await waitFor('the consumer to connect', async () => {
        const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
        return info.connections.length > 0;
      });
      await appendTo(b);
      expect(await consumed).toEqual([4n, 5n]);
    } finally {
      await client.dispose();
    }
  });

  test('restartSubsystem drops consumers and reloads groups from the log', async () => {
    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const [stream, group] = [`restart-${randomUUID()}`, `group-${randomUUID()}`];
      await client.createPersistentSubscriptionToStream(stream, group, settings);
      const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group);
      const dropped = new Promise<unknown>((resolve) => subscription.once('error', resolve));
      await new Promise((resolve) => subscription.once('confirmation', resolve));
      await client.restartPersistentSubscriptionSubsystem();
      expect(await dropped).toBeInstanceOf(Error);
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
      expect(info.settings).toEqual(settings);
      expect(info.connections).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  test('the system streams are written on the first start only, in one record', async () => {
    const systemEvents = async (connectionString: string) => {
      const client = EventStoreDBClient.connectionString(connectionString);
      try {
        const found: string[] = [];
        for await (const resolved of client.readAll({ fromPosition: START, maxCount: 1000 }))
          if (resolved.event?.streamId.startsWith('$') === true)
            found.push(`${resolved.event.streamId} ${resolved.event.type}`);
        return found;
      } finally {
        await client.dispose();
      }
    };
    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    const first = await systemEvents(server.connectionString);
    await server.stop();
    server = await startEmbeddedEventStore({ port: 0, dataDir: dir });
    expect(await systemEvents(server.connectionString)).toEqual(first);
    expect(first).toEqual([
      '$$$user-admin $metadata',
      '$user-admin $UserCreated',
      '$users $User',
      '$$$user-ops $metadata',
      '$user-ops $UserCreated',
      '$users $User',
      '$$$scavenges $metadata',
      '$settings $settings',
    ]);
  });
});
