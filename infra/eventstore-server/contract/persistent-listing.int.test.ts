import http from 'node:http';
import https from 'node:https';
import {
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { ackEach, holdEach, startConsumer } from './consumer.ts';
import { numberedEvents } from './events.ts';
import { groupsFor, type Groups } from './persistent.ts';
import { waitFor } from './wait.ts';

// Listing and inspecting persistent subscription groups, as documented in "Persistent
// subscriptions" (gRPC clients): list all, per stream and on $all; info with connections and
// stats. The client has HTTP fallbacks for servers that do not advertise these gRPC calls; our
// server must advertise them all, so no call may reach for HTTP.
describe('persistent subscription groups: lists and info', () => {
  let client: EventStoreDBClient;
  let groups: Groups;
  beforeAll(() => {
    client = connectClient();
    groups = groupsFor(client);
  });
  afterAll(async () => {
    await groups.deleteAll();
    await disposeClient(client);
  });

  test('lists: every group, the groups of one stream, the groups on $all', async () => {
    const [stream, other] = [uniqueName('ps'), uniqueName('ps')];
    const first = await groups.onStream(stream);
    const second = await groups.onStream(stream, { maxRetryCount: 4 });
    const elsewhere = await groups.onStream(other);
    const onAll = await groups.onAll(uniqueName('ps_all'));

    const all = await client.listAllPersistentSubscriptions();
    const keys = all.map((info) => `${info.eventSource}::${info.groupName}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        `${stream}::${first}`,
        `${stream}::${second}`,
        `${other}::${elsewhere}`,
        `$all::${onAll}`,
      ]),
    );

    const ofStream = await client.listPersistentSubscriptionsToStream(stream);
    expect(ofStream.map((info) => info.groupName).sort()).toEqual([first, second].sort());
    expect(ofStream.find((info) => info.groupName === second)?.settings.maxRetryCount).toBe(4);

    const ofAll = await client.listPersistentSubscriptionsToAll();
    expect(ofAll.map((info) => info.groupName)).toContain(onAll);
    expect(new Set(ofAll.map((info) => info.eventSource))).toEqual(new Set(['$all']));
  });

  test('info reports each connection with its in-flight messages and free slots', async () => {
    const stream = uniqueName('ps');
    await client.appendToStream(stream, numberedEvents(10));
    const group = await groups.onStream(stream);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group, { bufferSize: 4 }),
      holdEach,
    );
    await waitFor('4 deliveries', () => consumer.deliveries.length === 4);
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
    await consumer.stop();
    expect(info.connections).toHaveLength(1);
    const [connection] = info.connections;
    expect(connection?.connectionName).toBe(client.connectionName);
    expect(connection?.inFlightMessages).toBe(4);
    expect(connection?.availableSlots).toBe(0);
    expect(info.stats.totalInFlightMessages).toBe(4);
  });

  test('a group with extraStatistics reports each connection’s ack latencies; one without, none', async () => {
    const stream = uniqueName('ps');
    await client.appendToStream(stream, numberedEvents(5));
    const measured = await groups.onStream(stream, { extraStatistics: true });
    const plain = await groups.onStream(stream);
    const consumers = await Promise.all(
      [measured, plain].map((group) =>
        startConsumer(client.subscribeToPersistentSubscriptionToStream(stream, group), ackEach),
      ),
    );
    const latencies = async (group: string) => {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
      return info.connections[0]?.extraStatistics;
    };
    // Acks reach the server after the deliveries: wait until it has measured them.
    await waitFor('the acks measured', async () => (await latencies(measured)) !== undefined);
    await waitFor('every event acked on the plain group', async () => {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, plain);
      return info.stats.totalItems === 5n && info.stats.totalInFlightMessages === 0;
    });
    const extra = await latencies(measured);
    const withoutExtra = await latencies(plain);
    await Promise.all(consumers.map((consumer) => consumer.stop()));

    expect(
      (await client.getPersistentSubscriptionToStreamInfo(stream, measured)).settings,
    ).toMatchObject({ extraStatistics: true });
    // The client lower-cases KurrentDB's keys; values are milliseconds.
    expect([...(extra?.keys() ?? [])]).toEqual(
      expect.arrayContaining(['mean', 'fastest', '90%', '99%', 'highest']),
    );
    const highest = extra?.get('highest') ?? -1n;
    expect(highest).toBeGreaterThanOrEqual(extra?.get('fastest') ?? Infinity);
    expect(withoutExtra).toBeUndefined();
  });

  test('no persistent subscription call falls back to the HTTP API', async () => {
    const httpRequest = vi.spyOn(http, 'request');
    const httpsRequest = vi.spyOn(https, 'request');
    try {
      const stream = uniqueName('ps');
      const streamGroup = await groups.onStream(stream);
      const allGroup = await groups.onAll(
        uniqueName('ps_all'),
        {},
        streamNameFilter({ regex: '^x' }),
      );
      await client.updatePersistentSubscriptionToStream(
        stream,
        streamGroup,
        persistentSubscriptionToStreamSettingsFromDefaults({ maxRetryCount: 3 }),
      );
      await client.updatePersistentSubscriptionToAll(
        allGroup,
        persistentSubscriptionToAllSettingsFromDefaults({ maxRetryCount: 3 }),
      );
      // Replays need a loaded group; a confirmed consumer shows it is.
      const consumers = await Promise.all([
        startConsumer(
          client.subscribeToPersistentSubscriptionToStream(stream, streamGroup),
          ackEach,
        ),
        startConsumer(client.subscribeToPersistentSubscriptionToAll(allGroup), ackEach),
      ]);
      await client.getPersistentSubscriptionToStreamInfo(stream, streamGroup);
      await client.getPersistentSubscriptionToAllInfo(allGroup);
      await client.listAllPersistentSubscriptions();
      await client.listPersistentSubscriptionsToStream(stream);
      await client.listPersistentSubscriptionsToAll();
      await client.replayParkedMessagesToStream(stream, streamGroup);
      await client.replayParkedMessagesToAll(allGroup);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await client.deletePersistentSubscriptionToStream(stream, streamGroup);
      await client.deletePersistentSubscriptionToAll(allGroup);
      expect(httpRequest).not.toHaveBeenCalled();
      expect(httpsRequest).not.toHaveBeenCalled();
    } finally {
      httpRequest.mockRestore();
      httpsRequest.mockRestore();
    }
  });
});
