import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

// Connected mode: two api processes share the key store and the sign-in limits through MongoDB,
// so an erasure through one is seen at once by the other, and a guesser cannot split attempts.
const mongoUrl = serverUrl('mongodb');
const database = `customers_${randomUUID().slice(0, 8)}`;
let one: TestApi;
let two: TestApi;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  const env = {
    MONGODB_URL: mongoUrl,
    MONGODB_DATABASE: database,
    PASSWORD_HASH_COST: '14',
    SIGN_IN_RATE_LIMIT_PER_ACCOUNT: '4',
    PII_SECRET: 'a-pii-secret-for-the-connected-test-0123456789',
  };
  [one, two] = await Promise.all([startTestApi(env), startTestApi(env)]);
});
afterAll(async () => {
  await Promise.all([one.stop(), two.stop()]);
  const client = new MongoClient(mongoUrl);
  await client.db(database).dropDatabase();
  await client.close();
});

const signIn = (api: TestApi, email: string, password: string) =>
  api.request('/api/customers/sign-in', { method: 'POST', json: { email, password } });

describe('customer accounts over two api processes and MongoDB', () => {
  it('given an account made through one, when erased through the other, then both read it erased', async () => {
    const who = {
      email: `ivy.${run}@example.com`,
      password: 'ivy has a passphrase',
      name: `Ivy ${run}`,
    };
    const created = await one.request('/api/customers', { method: 'POST', json: who });
    expect(created.status).toBe(201);
    const { customerId } = (await created.json()) as { customerId: string };
    const session = (await (await signIn(two, who.email, who.password)).json()) as {
      token: string;
    };
    const read = async (api: TestApi) =>
      (await (await api.request('/api/customers/me', { token: session.token })).json()) as {
        name: unknown;
      };
    expect(await read(one)).toMatchObject({ name: who.name });

    const keys = new MongoClient(mongoUrl);
    try {
      const row = () =>
        keys.db(database).collection<{ _id: string }>('pii_keys').findOne({ _id: customerId });
      expect(await row()).toHaveProperty('wrapped');
      const erased = await two.request(`/api/customers/${customerId}/erase`, {
        method: 'POST',
        token: session.token,
      });
      expect(erased.status).toBe(200);
      expect(await row()).not.toHaveProperty('wrapped');
    } finally {
      await keys.close();
    }
    expect(await read(one)).toMatchObject({ name: { erased: true } });
    expect(await read(two)).toMatchObject({ name: { erased: true } });
  });

  it('counts sign-in attempts on one account across both processes', async () => {
    const email = `nobody.${run}@example.com`;
    const statuses: number[] = [];
    for (const api of [one, two, one, two, one])
      statuses.push((await signIn(api, email, 'guess guess')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});
