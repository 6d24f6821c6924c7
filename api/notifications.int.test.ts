import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kafka, Producer } from 'kafkajs';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents } from '../domain/order/events.ts';
import { orderStream } from '../domain/streams.ts';
import { loadConfig } from '../infra/config.ts';
import type { KafkaTopics } from '../infra/kafka/topics.ts';
import { silentLogger } from '../infra/logger.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import {
  createTestTopics,
  readCommitted,
  testKafka,
} from '../processes/kafka-bridge/testing/kafka.ts';
import { fileProcessedIds } from '../processes/notifications/processed-ids-file.ts';
import { systemClock } from '../processes/ports/clock.ts';
import { startNotificationsRole, type NotificationsRole } from './roles/notifications.ts';
import { startSystem } from './system.ts';
import { startTestApi, testSecret, type TestApi } from './testing/test-api.ts';

// The notifications role against real Kafka and a real SMTP server (smtp-server on 127.0.0.1):
// orders of registered customers go through confirmed, shipped and delivered; their events are put
// on the test's own topics as the bridge writes them; every e-mail is counted by its Message-ID.

interface Received {
  readonly messageId: string;
  readonly to: string;
  readonly raw: string;
}

/** An SMTP server that keeps what it receives; `stop` and `start` again on the same port. */
const smtpCatcher = () => {
  const received: Received[] = [];
  let server: SMTPServer | undefined;
  let port = 0;
  // From this many accepted on, each further mail is held unanswered: its sender waits mid-send.
  let holdFrom = Number.POSITIVE_INFINITY;
  let held = 0;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          // Long headers are folded onto the next line: \s takes the CRLF too.
          const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
          if (received.length >= holdFrom) {
            held += 1;
            return;
          }
          received.push({ messageId, to, raw });
          callback();
        });
      },
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    port = (listening.server.address() as AddressInfo).port;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server === undefined) resolve();
      else server.close(resolve);
    });
  return {
    received,
    start,
    stop,
    url: () => `smtp://127.0.0.1:${String(port)}`,
    hold: (from: number) => {
      holdFrom = from;
    },
    held: () => held,
  };
};

const childScript = fileURLToPath(
  new URL('./testing/notifications-role-process.ts', import.meta.url),
);
let api: TestApi;
let dataDir: string;
let kafka: Kafka;
let producer: Producer;
let topics: KafkaTopics;
const smtp = smtpCatcher();
const run = randomUUID().slice(0, 8);
const saga = { id: 'fulfilment-saga', roles: ['process'] as const };

const register = async (who: string): Promise<string> => {
  const response = await api.request('/api/customers', {
    method: 'POST',
    json: { email: `${who}.${run}@example.test`, password: `a passphrase for ${who}`, name: who },
  });
  expect(response.status).toBe(201);
  const { customerId } = (await response.json()) as { customerId: string };
  return customerId;
};

/** Places, confirms, ships and delivers an order in the log, and puts its events on Kafka. */
const orderThrough = async (customerId: string): Promise<string> => {
  const orderId = `ord-${randomUUID()}`;
  const stream = orderStream(orderId);
  const commands = [
    {
      type: 'PlaceOrder' as const,
      data: {
        orderId,
        customerId,
        lines: [
          { sku: 'SKU-1', name: 'Beans', quantity: 1, unitPrice: { amount: 999, currency: 'EUR' } },
        ],
      },
    },
    { type: 'ConfirmOrder' as const, data: { orderId } },
    {
      type: 'MarkShipped' as const,
      data: {
        orderId,
        carrier: 'SimPost',
        trackingId: `SIM-${orderId}`,
        estimatedDeliveryAt: '2030-01-02T10:00:00.000Z',
      },
    },
    { type: 'MarkDelivered' as const, data: { orderId } },
  ];
  for (const command of commands) {
    const now = new Date();
    await api.system.aggregates.orders.handle(
      stream,
      { ...command, metadata: { now, actor: saga } },
      {
        commandId: randomUUID(),
        correlationId: orderId,
        causationId: command.type,
        actor: saga.id,
        now,
      },
    );
  }
  const { events } = await api.system.store.readStream(stream, orderEvents);
  await producer.send({
    topic: topics.orders,
    acks: -1,
    messages: events.map((recorded) => ({
      key: orderId,
      value: JSON.stringify(recorded.event.data),
      headers: {
        'event-type': recorded.event.type,
        'event-id': recorded.id,
        'stream-id': stream,
        'stream-revision': String(recorded.revision),
        'schema-version': String(recorded.metadata.schemaVersion),
        'content-type': 'application/json',
      },
    })),
  });
  return orderId;
};

const roleEnvironment = () => ({
  EVENTSTORE_CONNECTION_STRING: serverUrl('eventstore'),
  KAFKA_BROKERS: serverUrl('kafka'),
  SMTP_URL: smtp.url(),
  JWT_SECRET: testSecret,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
});

/** The role in a process of its own, to be killed with -9. */
const spawnRole = () => {
  const child = spawn(process.execPath, [childScript], {
    env: {
      ...process.env,
      ...roleEnvironment(),
      NOTIFICATIONS_TEST: JSON.stringify({ topics, groupId: `notifications-${run}` }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  return {
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
};

const startRole = (): Promise<NotificationsRole> =>
  startNotificationsRole({
    config: loadConfig(roleEnvironment()),
    store: api.system.store,
    aggregates: api.system.aggregates,
    clock: systemClock,
    logger: silentLogger(),
    metrics: api.system.metrics,
    topics,
    groupId: `notifications-${run}`,
  });

const waitFor = async (what: string, done: () => boolean, timeoutMs = 30_000) => {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const countsById = () => {
  const counts = new Map<string, number>();
  for (const mail of smtp.received)
    counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'notifications-'));
  api = await startTestApi({ DATA_DIR: dataDir, PASSWORD_HASH_COST: '14' });
  kafka = testKafka(serverUrl('kafka'));
  topics = await createTestTopics(kafka);
  producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await smtp.start();
}, 60_000);
afterAll(async () => {
  await producer.disconnect();
  await smtp.stop();
  await api.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the notifications role on Kafka and SMTP', () => {
  it('sends one e-mail per event per customer, none twice across a kill -9 mid-batch, none lost while SMTP is down for 10 s', async () => {
    const ada = await register('ada');
    const grace = await register('grace');
    // Given 6 orders of two customers and one of a dev-token customer with no account (4 events each).
    const orders: string[] = [];
    for (const customer of [ada, grace, ada, grace, ada, grace])
      orders.push(await orderThrough(customer));
    const anonymous = await orderThrough(`dev-${run}`);
    // And a record no e-mail can be built from: an OrderShipped without its carrier.
    await producer.send({
      topic: topics.orders,
      acks: -1,
      messages: [
        {
          key: 'ord-broken',
          value: JSON.stringify({ orderId: 'ord-broken' }),
          headers: {
            'event-type': 'OrderShipped',
            'event-id': `broken-${run}`,
            'stream-id': 'order-ord-broken',
            'stream-revision': '2',
            'schema-version': '2',
          },
        },
      ],
    });

    // When the role runs in a process of its own and is killed (-9) in the middle of its batch,
    // while the SMTP server holds its fifth e-mail unanswered, then started again.
    smtp.hold(4);
    const child = spawnRole();
    await waitFor('the fifth e-mail under way', () => smtp.held() > 0, 45_000);
    await child.kill();
    expect(smtp.received).toHaveLength(4);
    smtp.hold(Number.POSITIVE_INFINITY);
    const role = await startRole();
    // Then each of the 6 orders' 3 notified events is mailed once to its customer.
    // (the killed member's partitions move on once its 10 s session expires).
    await waitFor('18 e-mails', () => smtp.received.length >= 18, 45_000);

    // When SMTP is stopped for 10 s while more orders come.
    await smtp.stop();
    const later = [await orderThrough(ada), await orderThrough(grace)];
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect(smtp.received).toHaveLength(18);
    await smtp.start();
    // Then none is lost once it is back.
    await waitFor('24 e-mails', () => smtp.received.length >= 24, 40_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await role.stop();

    // The offsets were committed after the e-mails: a restart now would read nothing again.
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({
      groupId: `notifications-${run}`,
      topics: [topics.orders],
    });
    await admin.disconnect();
    const next = (committed?.partitions ?? []).map(({ offset }) => Math.max(0, Number(offset)));
    expect(next.reduce((sum, offset) => sum + offset, 0)).toBe(9 * 4 + 1);
    // The broken record was parked on the dead-letter topic, and the consumer went on.
    const parked = await readCommitted(
      kafka,
      [topics.deadLetter],
      (records) => records.length >= 1,
    );
    // At least once: parked again if a crash came before its offset was committed.
    expect(new Set(parked.map((record) => record.headers['event-id']))).toEqual(
      new Set([`broken-${run}`]),
    );
    expect(parked[0]?.headers.reason).toMatch(/^mail_not_buildable/);
    const counts = countsById();
    expect(smtp.received).toHaveLength(24);
    expect(counts.size).toBe(24);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const toAda = smtp.received.filter((mail) => mail.to === `ada.${run}@example.test`);
    expect(toAda).toHaveLength(12);
    const shipped = smtp.received.find((mail) => mail.raw.includes(`SIM-${orders[0] ?? ''}`));
    expect(shipped?.raw).toContain('Expected delivery: Wednesday, 2 January 2030');
    // The customer without an account: recorded as skipped, nothing sent.
    const processed = await (
      await fileProcessedIds(join(dataDir, 'notifications', 'processed.jsonl'))
    ).list();
    const skipped = processed.filter((entry) => entry.orderId === anonymous);
    expect(skipped.map((entry) => [entry.outcome, entry.reason])).toEqual([
      ['skipped', 'no_account'],
      ['skipped', 'no_account'],
      ['skipped', 'no_account'],
    ]);
    expect(processed.filter((entry) => later.includes(entry.orderId))).toHaveLength(6);
  }, 90_000);
});

describe('the notifications in embedded mode (no Kafka, no SMTP)', () => {
  it('puts the e-mails of a customer’s order into the local mailbox, shows each customer their own, and reads erased after an erasure', async () => {
    const embeddedDir = await mkdtemp(join(tmpdir(), 'notifications-embedded-'));
    const system = await startSystem({
      config: loadConfig({
        DATA_DIR: embeddedDir,
        HOST: '127.0.0.1',
        PORT: '0',
        EMBEDDED_EVENTSTORE_PORT: '0',
        LOG_LEVEL: 'silent',
        PASSWORD_HASH_COST: '14',
        WAREHOUSE_PICK_PACK_MS: '0',
        CARRIER_DELIVERY_DELAY_MS: '200',
        FRAUD_REVIEW_THRESHOLD: '101',
      }),
      role: 'all',
      logger: silentLogger(),
    });
    const call = (path: string, token: string, json?: unknown) =>
      fetch(`${system.url}${path}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    type Mails = { items: { type: string; customerId: string; text?: string; erased?: true }[] };
    try {
      const email = `lin.${run}@example.test`;
      const password = 'a passphrase for lin';
      const registered = await fetch(`${system.url}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, name: 'Lin' }),
      });
      expect(registered.status).toBe(201);
      const signedIn = await fetch(`${system.url}/api/customers/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const { token, customerId } = (await signedIn.json()) as {
        token: string;
        customerId: string;
      };
      // Given an order of a registered customer, and one of a dev-token customer.
      const placed = await call('/api/orders', token, { lines: [{ sku: 'SKU-1', quantity: 1 }] });
      expect(placed.status).toBe(202);
      const { orderId } = (await placed.json()) as { orderId: string };
      const devToken = await system.tokens.issue?.({ sub: `dev-${run}`, roles: ['customer'] });
      const adminToken = await system.tokens.issue?.({ sub: 'root', roles: ['admin'] });
      if (devToken === undefined || adminToken === undefined) throw new Error('no dev tokens');
      await call('/api/orders', devToken, { lines: [{ sku: 'SKU-2', quantity: 1 }] });

      // Then the customer's mailbox gets confirmed, shipped (with the estimate) and delivered.
      let mails: Mails = { items: [] };
      for (let tries = 0; mails.items.length < 3 && tries < 150; tries += 1) {
        mails = (await (await call('/api/mailbox', token)).json()) as Mails;
        if (mails.items.length < 3) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(mails.items.map((mail) => mail.type)).toEqual([
        'OrderDelivered',
        'OrderShipped',
        'OrderConfirmed',
      ]);
      expect(mails.items.every((mail) => mail.customerId === customerId)).toBe(true);
      expect(mails.items[1]?.text).toMatch(/Expected delivery: \w+day, \d+ \w+ \d{4}/);
      const order = (await (await call(`/api/orders/${orderId}`, token)).json()) as {
        shipment?: { estimatedDeliveryAt?: string };
      };
      expect(order.shipment?.estimatedDeliveryAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      // Another customer sees none of them; the dev-token customer got none (no account).
      const theirs = (await (await call('/api/mailbox', devToken)).json()) as Mails;
      expect(theirs.items).toEqual([]);

      // When the customer is erased, then their mails read erased, even to an admin.
      const erased = await call(`/api/customers/${customerId}/erase`, token, {});
      expect(erased.status).toBeLessThan(300);
      const all = (await (await call('/api/mailbox', adminToken)).json()) as Mails;
      const linsMails = all.items.filter((mail) => mail.customerId === customerId);
      expect(linsMails).toHaveLength(3);
      expect(linsMails.every((mail) => mail.erased === true && mail.text === undefined)).toBe(true);
    } finally {
      await system.stop();
      await rm(embeddedDir, { recursive: true, force: true });
    }
  }, 60_000);
});
