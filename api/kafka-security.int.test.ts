import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../infra/kafka/client.ts';
import { kafkaSecurityOf, type KafkaSecuritySettings } from '../infra/kafka/security.ts';
import { defaultTopics } from '../infra/kafka/topics.ts';
import { silentLogger } from '../infra/logger.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import { startSecuredLocalKafka, type SecuredLocalKafka } from '../infra/test-servers/kafka.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { readCommitted } from '../processes/kafka-bridge/testing/kafka.ts';
import {
  connectedEnv,
  placeOrder,
  startApp,
  stopApps,
  type AppChild,
} from './testing/app-processes.ts';
import { signToken } from './testing/test-api.ts';

// Connected mode against a managed-style Kafka: a broker of this file's own whose client listener
// is SASL_SSL (SCRAM-SHA-512 over TLS, client certificates required), with certificates made for
// it; the event store is this file's own too, and the read models live in the harness's MongoDB.
const user = { mechanism: 'SCRAM-SHA-512', username: 'ledger', password: 'ledger-s3cret' } as const;
let eventStore: StartedServer | undefined;
let kafka: SecuredLocalKafka | undefined;
let secrets: string | undefined;
const apps: AppChild[] = [];

const securedEnv = (overrides: Readonly<Record<string, string>> = {}) => {
  if (eventStore === undefined || kafka === undefined || secrets === undefined)
    throw new Error('the servers did not start');
  const { caFile, clientCertFile, clientKeyFile } = kafka.secured.certificates;
  return connectedEnv(
    { eventStore: eventStore.url, kafkaBrokers: kafka.secured.brokers },
    {
      MONGODB_URL: serverUrl('mongodb'),
      MONGODB_DATABASE: `kafka_security_${randomUUID().slice(0, 8)}`,
      KAFKA_SASL_MECHANISM: user.mechanism,
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD_FILE: join(secrets, 'kafka-password'),
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: caFile,
      KAFKA_TLS_CERT_FILE: clientCertFile,
      KAFKA_TLS_KEY_FILE: clientKeyFile,
      ...overrides,
    },
  );
};

// The catalog reaches the API through its read model: a product may be a moment away at start.
const restock = async (app: AppChild, token: string, sku: string, quantity: number) => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await app.request(`/api/inventory/${sku}/restock`, {
      token,
      json: { quantity },
    });
    if (response.status !== 404 || Date.now() > deadline) return response.status;
    await sleep(200);
  }
};

beforeAll(async () => {
  [eventStore, kafka] = await Promise.all([
    startPrivateEventStore(),
    startSecuredLocalKafka({ users: [user] }),
  ]);
  secrets = await mkdtemp(join(tmpdir(), 'order-ledger-secrets-'));
  // As a mounted secret holds it: with a trailing newline.
  await writeFile(join(secrets, 'kafka-password'), `${user.password}\n`);
});

afterAll(async () => {
  await stopApps(apps);
  await Promise.allSettled([eventStore?.stop(), kafka?.dispose()]);
  if (secrets !== undefined) await rm(secrets, { recursive: true, force: true });
});

describe('connected mode on Kafka with SCRAM-SHA-512 over TLS', () => {
  it('carries an order from the API to its topic, delivered', async () => {
    const app = await startApp({ role: 'all', env: securedEnv() });
    apps.push(app);
    const operator = await signToken({ sub: 'op-1', roles: ['operator'] });
    expect(await restock(app, operator, 'SKU-1', 10)).toBe(200);
    const token = await signToken({ sub: 'customer-1', roles: ['customer'] });
    const orderId = await placeOrder(app, token, [{ sku: 'SKU-1', quantity: 2 }]);

    // Read back over the same secured listener, with the settings the app was given.
    const { secured } = kafka ?? {};
    if (secured === undefined || secrets === undefined) throw new Error('no secured listener');
    const settings: KafkaSecuritySettings = {
      KAFKA_BROKERS: secured.brokers,
      KAFKA_SASL_MECHANISM: user.mechanism,
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD: user.password,
      KAFKA_TLS: true,
      KAFKA_TLS_CA_FILE: secured.certificates.caFile,
      KAFKA_TLS_CERT_FILE: secured.certificates.clientCertFile,
      KAFKA_TLS_KEY_FILE: secured.certificates.clientKeyFile,
    };
    const reader = createKafka({
      brokers: secured.brokers,
      clientId: 'kafka-security-test',
      logger: silentLogger(),
      security: kafkaSecurityOf(settings),
    });
    const types = (records: readonly { key: string; headers: Record<string, string> }[]) =>
      records
        .filter((record) => record.key === orderId)
        .map((record) => record.headers['event-type']);
    const records = await readCommitted(
      reader,
      [defaultTopics.orders],
      (read) => types(read).includes('OrderDelivered'),
      { timeoutMs: 60_000, settleMs: 0 },
    );
    expect(types(records)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'OrderShipped',
      'OrderDelivered',
    ]);
  });

  it('stops at start with a message naming the variables when the password is wrong', async () => {
    const started = Date.now();
    const attempt = startApp({
      role: 'processes',
      name: 'processes with a wrong password',
      env: securedEnv({ KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: 'wrong' }),
    });
    const failure = await attempt.then(
      (app) => {
        apps.push(app);
        return 'it started';
      },
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/exited before it was ready/);
    expect(failure).toMatch(
      /KAFKA_SASL_USERNAME \/ KAFKA_SASL_PASSWORD: Kafka at 127\.0\.0\.1:\d+ refused the credentials for user "ledger" \(SCRAM-SHA-512\)/,
    );
    // A message, not a stack trace.
    expect(failure).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a broker whose certificate it cannot trust, by default', async () => {
    const failure = await startApp({
      role: 'processes',
      name: 'processes without the CA',
      env: securedEnv({ KAFKA_TLS_CA_FILE: '' }),
    }).then(
      (app) => {
        apps.push(app);
        return 'it started';
      },
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(
      /KAFKA_TLS_CA_FILE: the certificate of Kafka at 127\.0\.0\.1:\d+ is not trusted/,
    );
  });
});
