import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../infra/logger.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import type { Revocations } from './revocations.ts';
import { connectMongoRevocations } from './revocations-mongo.ts';

// The shared revocations as two api processes see them through one MongoDB database.
const url = serverUrl('mongodb');
const database = `revocations_${randomUUID().slice(0, 8)}`;
let client: MongoClient;
const opened: Revocations[] = [];

const open = async (options: { sweepIntervalMs?: number } = {}) => {
  const revocations = await connectMongoRevocations({
    url,
    database,
    pollIntervalMs: 100,
    logger: silentLogger(),
    ...options,
  });
  opened.push(revocations);
  return revocations;
};
const rows = () =>
  client.db(database).collection<{ _id: string } & Record<string, unknown>>('revoked_tokens');

/** Waits (at most 3 s) until `check` holds; answers how long that took. */
const within = async (check: () => boolean | Promise<boolean>): Promise<number> => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 3_000) throw new Error('did not happen within 3 s');
    await sleep(20);
  }
  return Date.now() - started;
};

beforeAll(async () => {
  client = await new MongoClient(url).connect();
});
afterAll(async () => {
  await Promise.all(opened.map((revocations) => revocations.close()));
  await client.db(database).dropDatabase();
  await client.close();
});

describe('revocations shared through MongoDB', () => {
  it('given a revocation recorded by one process, then it holds there at once and in another within its poll', async () => {
    const [one, other] = [await open(), await open()];
    const key = `jti:${randomUUID()}`;
    await one.add(key, Date.now() + 60_000);
    expect(one.has(key)).toBe(true);
    expect(await within(() => other.has(key))).toBeLessThan(1_000);
    expect(other.has(`jti:${randomUUID()}`)).toBe(false);
  });

  it('given revocations recorded before it started, then a process loads those not yet expired', async () => {
    const [live, expired] = [`jti:${randomUUID()}`, `jti:${randomUUID()}`];
    const writer = await open();
    await writer.add(live, Date.now() + 60_000);
    await rows().insertOne({
      _id: expired,
      expiresAt: new Date(Date.now() - 1_000),
      revokedAt: new Date(),
    });
    const later = await open();
    expect(later.has(live)).toBe(true);
    expect(later.has(expired)).toBe(false);
  });

  it('skips a document of another shape, and deletes expired revocations', async () => {
    const key = `jti:${randomUUID()}`;
    await rows().insertOne({ _id: `odd:${randomUUID()}`, expiresAt: 'tomorrow' });
    const process = await open({ sweepIntervalMs: 100 });
    await process.add(key, Date.now() + 300);
    expect(process.has(key)).toBe(true);
    await within(async () => (await rows().countDocuments({ _id: key })) === 0);
    expect(process.has(key)).toBe(false);
  });
});
