import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealedSchema } from '../domain/customer/sealed.ts';
import { orderStream } from '../domain/streams.ts';
import { loadConfig } from '../infra/config.ts';
import type { KafkaTopics } from '../infra/kafka/topics.ts';
import type { PiiKeyStore } from '../infra/pii/key-store.ts';
import type { PiiVault } from '../infra/pii/vault.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import {
  newIdentity,
  runBridge,
  untilSubscribed,
  type RunningBridge,
} from '../processes/kafka-bridge/testing/bridge.ts';
import {
  createTestTopics,
  readCommitted,
  testKafka,
  type ReadRecord,
} from '../processes/kafka-bridge/testing/kafka.ts';
import { openPiiVault } from './roles/pii-vault.ts';
import { startTestApi, testSecret, type TestApi } from './testing/test-api.ts';
import { caller, shopper } from './testing/shopper.ts';

// The Kafka side of issue 15's erasure check, against the harness's event store and Kafka: the
// bridge publishes an order's ship-to as the envelope it stored, and a consumer that reads the
// record after the customer was erased can no longer open it, however it holds the record.

let api: TestApi;
let dataDir: string;
let kafka: Kafka;
let bridge: RunningBridge;
let topics: KafkaTopics;
let pii: { vault: PiiVault; keys: PiiKeyStore };
const sku = `ERASE-${randomUUID().slice(0, 8)}`;

/** A product of this file's own, in stock, listed in the catalog. */
const addProduct = async (operator: string) => {
  const added = await api.request('/api/admin/products', {
    method: 'POST',
    token: operator,
    json: {
      sku,
      name: `Erasure test ${sku}`,
      category: 'Test',
      description: 'for the erasure test',
      unitPrice: { amount: 1500, currency: 'EUR' },
    },
  });
  expect(added.status).toBe(201);
  const restocked = await api.request(`/api/inventory/${sku}/restock`, {
    method: 'POST',
    token: operator,
    json: { quantity: 10 },
  });
  expect(restocked.status).toBe(200);
  for (let tries = 0; tries < 100; tries += 1) {
    if ((await api.request(`/api/products/${sku}`, { token: operator })).status === 200) return;
    await sleep(50);
  }
  throw new Error(`${sku} never reached the catalog`);
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'erasure-kafka-'));
  const env = { DATA_DIR: dataDir, PASSWORD_HASH_COST: '14' };
  api = await startTestApi(env);
  // The customers' key store, opened the way every consumer holding the secret opens it (the
  // notifications role).
  const opened = await openPiiVault(
    loadConfig({
      EVENTSTORE_CONNECTION_STRING: serverUrl('eventstore'),
      JWT_SECRET: testSecret,
      ...env,
    }),
  );
  if (opened === undefined) throw new Error('the test secret opens the key store');
  pii = opened;
  kafka = testKafka(serverUrl('kafka'));
  topics = await createTestTopics(kafka);
  bridge = runBridge(api.system.store.client, serverUrl('kafka'), newIdentity(topics));
  await untilSubscribed(bridge.bridge);
  await addProduct(await api.token('op-erasure', 'operator'));
}, 90_000);
afterAll(async () => {
  await bridge.stop();
  await pii.keys.close();
  await api.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('an order’s ship-to on Kafka', () => {
  it('given an order placed to an address and bridged, when its customer is erased, then the record consumed afterwards holds only the envelope and reads erased', async () => {
    const eve = await shopper(caller(api.url), 'Eve', { postalCode: '75004', country: 'FR' });
    const orderId = await eve.checkout(sku, 'express');
    const isPlaced = (record: ReadRecord) =>
      record.headers['stream-id'] === orderStream(orderId) &&
      record.headers['event-type'] === 'OrderPlaced';
    const consume = async () => {
      const records = await readCommitted(kafka, [topics.orders], (read) => read.some(isPlaced), {
        settleMs: 0,
      });
      const record = records.find(isPlaced);
      if (record === undefined) throw new Error('no OrderPlaced record');
      return record;
    };
    const openedFrom = async (record: ReadRecord) => {
      const { shipTo } = JSON.parse(record.value) as { shipTo: { address: unknown } };
      const opener = await pii.vault.openerFor(eve.customerId);
      return opener.open(sealedSchema.parse(shipTo.address));
    };

    // The record never holds the address in clear; until the erasure, its key opens it.
    const before = await consume();
    for (const clear of Object.values(eve.address)) {
      if (clear.length > 2) expect(before.value).not.toContain(clear);
    }
    const opened = await openedFrom(before);
    expect(typeof opened === 'string' ? JSON.parse(opened) : opened).toEqual(eve.address);

    const erased = await api.request(`/api/customers/${eve.customerId}/erase`, {
      method: 'POST',
      token: eve.token,
      json: {},
    });
    expect(erased.status).toBe(200);

    // A new consumer reading the topic from the start after the erasure: the same record, erased.
    const after = await consume();
    expect(after.value).toBe(before.value);
    expect(await openedFrom(after)).toEqual({ erased: true });
  }, 90_000);
});
