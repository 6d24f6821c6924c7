import {
  DISPATCH_TO_SINGLE,
  END,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionExistsError,
  ROUND_ROBIN,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { ackEach, startConsumer } from './consumer.ts';
import { numberedEvents } from './events.ts';
import { groupsFor, type Groups } from './persistent.ts';
import { positionOf, readStream } from './read.ts';
import { rejectionOf } from './rejection.ts';
import { firstError, within } from './wait.ts';

const customStreamSettings = persistentSubscriptionToStreamSettingsFromDefaults({
  startFrom: 2n,
  resolveLinkTos: true,
  extraStatistics: true,
  messageTimeout: 12_000,
  maxRetryCount: 7,
  checkPointAfter: 3_000,
  checkPointLowerBound: 5,
  checkPointUpperBound: 50,
  maxSubscriberCount: 4,
  liveBufferSize: 300,
  readBatchSize: 25,
  historyBufferSize: 400,
  consumerStrategyName: DISPATCH_TO_SINGLE,
});

// Persistent subscription groups, as documented in "Persistent subscriptions" (gRPC clients and
// server docs): create, update (drops connections), delete and info, on a stream and on $all.
describe('persistent subscription groups', () => {
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

  test('a group on a stream reports every setting it was created with', async () => {
    const stream = uniqueName('ps');
    const group = await groups.onStream(stream, customStreamSettings);
    const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
    expect(info.eventSource).toBe(stream);
    expect(info.groupName).toBe(group);
    expect(info.settings).toEqual(customStreamSettings);
    expect(info.connections).toEqual([]);
  });

  test('a filtered group on $all reports its settings, start position included', async () => {
    const prefix = uniqueName('ps_all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(2));
    const [, second] = await readStream(client, `${prefix}-a`);
    if (second === undefined) throw new Error('our second event is missing');
    const settings = persistentSubscriptionToAllSettingsFromDefaults({
      startFrom: positionOf(second),
      maxRetryCount: 3,
      messageTimeout: 5_000,
      consumerStrategyName: ROUND_ROBIN,
    });
    const group = await groups.onAll(prefix, settings);
    const info = await client.getPersistentSubscriptionToAllInfo(group);
    expect(info.eventSource).toBe('$all');
    expect(info.groupName).toBe(group);
    expect(info.settings).toEqual(settings);
  });

  test('creating a group that exists fails with PersistentSubscriptionExistsError', async () => {
    const stream = uniqueName('ps');
    const group = await groups.onStream(stream);
    await rejectionOf(
      client.createPersistentSubscriptionToStream(
        stream,
        group,
        persistentSubscriptionToStreamSettingsFromDefaults(),
      ),
      PersistentSubscriptionExistsError,
    );
  });

  test('a group that does not exist has no info and cannot be deleted', async () => {
    const [stream, group] = [uniqueName('ps'), uniqueName('group')];
    const error = await rejectionOf(
      client.getPersistentSubscriptionToStreamInfo(stream, group),
      PersistentSubscriptionDoesNotExistError,
    );
    expect(error.streamName).toBe(stream);
    expect(error.groupName).toBe(group);
    await rejectionOf(
      client.deletePersistentSubscriptionToStream(stream, group),
      PersistentSubscriptionDoesNotExistError,
    );
    await rejectionOf(
      client.getPersistentSubscriptionToAllInfo(group),
      PersistentSubscriptionDoesNotExistError,
    );
  });

  test('an update changes the settings and drops the connected consumers', async () => {
    const stream = uniqueName('ps');
    const group = await groups.onStream(stream);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    const updated = persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: END,
      maxRetryCount: 2,
      messageTimeout: 2_000,
      consumerStrategyName: DISPATCH_TO_SINGLE,
    });
    await client.updatePersistentSubscriptionToStream(stream, group, updated);
    await within(consumer.dropped, 'the consumer to be dropped by the update');
    expect((await client.getPersistentSubscriptionToStreamInfo(stream, group)).settings).toEqual(
      updated,
    );
  });

  test('deleting a group drops its consumers; it cannot be subscribed to any more', async () => {
    const stream = uniqueName('ps');
    const group = await groups.onStream(stream);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    await client.deletePersistentSubscriptionToStream(stream, group);
    await within(consumer.dropped, 'the consumer to be dropped by the delete');
    await rejectionOf(
      client.getPersistentSubscriptionToStreamInfo(stream, group),
      PersistentSubscriptionDoesNotExistError,
    );
    const again = client.subscribeToPersistentSubscriptionToStream(stream, group);
    expect(await firstError(again, 'an error subscribing to a deleted group')).toBeInstanceOf(
      PersistentSubscriptionDoesNotExistError,
    );
    again.destroy();
  });

  test('deleting a $all group drops its consumers', async () => {
    const group = await groups.onAll(uniqueName('ps_all'));
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToAll(group),
      ackEach,
    );
    await client.deletePersistentSubscriptionToAll(group);
    await within(consumer.dropped, 'the consumer to be dropped by the delete');
    await rejectionOf(
      client.getPersistentSubscriptionToAllInfo(group),
      PersistentSubscriptionDoesNotExistError,
    );
  });
});
