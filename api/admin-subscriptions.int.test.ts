import { randomUUID } from 'node:crypto';
import {
  jsonEvent,
  PARK,
  persistentSubscriptionToAllSettingsFromDefaults,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const poll = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('admin: persistent subscriptions', () => {
  it('lists groups, shows a parked message with its event, and replays it to the group', async () => {
    const client = api.system.store.client;
    const prefix = `admin-test-${randomUUID()}`;
    const group = `group-${randomUUID()}`;
    await client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
      {
        filter: streamNameFilter({ prefixes: [`${prefix}-`] }),
      },
    );
    await client.appendToStream(
      `${prefix}-1`,
      jsonEvent({ type: 'Poisonous', data: { why: 'test' } }),
    );

    const deliveries: { id: string; retryCount: number }[] = [];
    const subscription = client.subscribeToPersistentSubscriptionToAll(group);
    const consuming = (async () => {
      for await (const delivered of subscription) {
        deliveries.push({ id: delivered.event?.id ?? '', retryCount: delivered.retryCount });
        if (deliveries.length === 1) await subscription.nack(PARK, 'cannot be handled', delivered);
        else await subscription.ack(delivered);
      }
    })();

    const admin = await api.token('root', 'admin');
    try {
      const listed = await poll(async () => {
        const body = (await (
          await api.request('/api/admin/subscriptions', { token: admin })
        ).json()) as { items: { group: string; parked: number }[] };
        const found = body.items.find((item) => item.group === group);
        return found && found.parked === 1 ? found : undefined;
      });
      expect(listed).toMatchObject({ group, parked: 1 });

      const parked = (await (
        await api.request(`/api/admin/subscriptions/${group}/parked`, { token: admin })
      ).json()) as {
        items: {
          reason: string | null;
          event: { stream: string; type: string; data: unknown } | null;
        }[];
      };
      expect(parked.items).toHaveLength(1);
      expect(parked.items[0]?.event).toMatchObject({
        stream: `${prefix}-1`,
        type: 'Poisonous',
        data: { why: 'test' },
      });

      const replay = await api.request(`/api/admin/subscriptions/${group}/parked/replay`, {
        method: 'POST',
        token: admin,
        json: {},
      });
      expect(replay.status).toBe(202);
      await poll(() => Promise.resolve(deliveries.length >= 2 ? true : undefined));
      expect(deliveries[1]?.id).toBe(deliveries[0]?.id);
    } finally {
      await subscription.unsubscribe();
      await consuming.catch(() => undefined);
      await client.deletePersistentSubscriptionToAll(group);
    }
  });

  it('is for admins only, and answers 404 for a group that does not exist', async () => {
    expect(
      (await api.request('/api/admin/subscriptions', { token: await api.token('ops', 'operator') }))
        .status,
    ).toBe(403);
    const missing = await api.request(`/api/admin/subscriptions/no-such-${randomUUID()}/parked`, {
      token: await api.token('root', 'admin'),
    });
    expect(missing.status).toBe(404);
  });
});
