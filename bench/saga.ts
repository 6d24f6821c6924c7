import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { END, EventStoreDBClient, streamNameFilter } from '@eventstore/db-client';
import type { Consumer } from 'kafkajs';
import { z } from 'zod';
import { connectedEnv, freePort, startApp, type AppChild } from '../api/testing/app-processes.ts';
import { signToken, testSecret } from '../api/testing/test-api.ts';
import { createKafka } from '../infra/kafka/client.ts';
import { childCpu, cpuPerUnit } from './_cpu.ts';
import { fraudScoringCost } from './_fraud-cost.ts';
import { defaultTopics } from '../infra/kafka/topics.ts';
import { silentLogger } from '../infra/logger.ts';
import { startLocalKafka, type LocalKafka } from '../infra/test-servers/kafka.ts';
import { eventStoreForBench, type EventStoreProcess } from './_eventstore-process.ts';
import { measureFloor, type Floor } from './_floor.ts';
import { closedLoopLoad } from './_load.ts';
import { emmettPeerFigures } from './peer/emmett/figures.ts';
import { runEmmettPeer } from './peer/emmett/run.ts';
import { percentile, printFigures } from './_report.ts';

// `npm run bench -- saga [--rates 25,50,100,250,500] [--seconds 10] [--buyers 10000] [--profile dir]`
// The whole pipeline as it runs: the event store in its own process, the api and processes roles
// as children, a private Kafka broker so the bridge runs. (1) Open-loop order rates, rising until
// one is not sustained: orders/s from POST to OrderConfirmed, and the bridge's lag in events
// (domain events appended minus records read from Kafka). (2) A flash sale over HTTP: `--buyers`
// concurrent orders for one sku holding 100 units. (3) The same rates in embedded mode, as
// `npm start` runs it (one process, its own event store, no Kafka). (4) The floor: the same
// appends and deliveries to confirmation with nothing else. (5) The same flow written with
// Emmett, against the same event store. --profile writes the children's CPU profiles.
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rates: { type: 'string', default: '25,50,100,250,500' },
    seconds: { type: 'string', default: '10' },
    buyers: { type: 'string', default: '10000' },
    profile: { type: 'string' },
    'embedded-rates': { type: 'string' },
  },
});
const rates = values.rates
  .split(',')
  .map(Number)
  .filter((rate) => rate > 0);
const embeddedRates = (values['embedded-rates'] ?? values.rates)
  .split(',')
  .map(Number)
  .filter((rate) => rate > 0);
const phaseMs = Number(values.seconds) * 1000;
const buyers = Number(values.buyers);
const flashStock = 100;

/** What the bench saw happen, with when (performance.now()). */
const seen = {
  sentAt: new Map<string, number>(),
  confirmedAt: new Map<string, number>(),
  terminal: new Map<string, { outcome: string; at: number }>(),
  domainEvents: 0,
  kafkaRecords: 0,
  /** Events of every stream (the saga's included) by `$correlationId`: the order's. */
  eventsByOrder: new Map<string, number>(),
  /** POST /api/orders answers by status, and failures by message. */
  placeOutcomes: new Map<string, number>(),
};
const lag = () => Math.max(0, seen.domainEvents - seen.kafkaRecords);
const rejection = z.object({ reason: z.string() });
const correlated = z.object({ $correlationId: z.string() });

/** Counts domain events and order outcomes as they are appended, from a catch-up subscription. */
const observe = (client: EventStoreDBClient) => {
  const subscription = client.subscribeToAll({
    fromPosition: END,
    filter: streamNameFilter({ prefixes: ['order-', 'inventory-', 'payment-', 'fulfilment-'] }),
  });
  void (async () => {
    for await (const { event } of subscription) {
      if (event === undefined) continue;
      const order = correlated.safeParse(event.metadata).data?.$correlationId;
      if (order !== undefined)
        seen.eventsByOrder.set(order, (seen.eventsByOrder.get(order) ?? 0) + 1);
      if (event.streamId.startsWith('fulfilment-')) continue;
      seen.domainEvents++;
      if (!event.streamId.startsWith('order-')) continue;
      const orderId = event.streamId.slice('order-'.length);
      const at = performance.now();
      if (event.type === 'OrderConfirmed') seen.confirmedAt.set(orderId, at);
      if (event.type === 'OrderDelivered') seen.terminal.set(orderId, { outcome: 'delivered', at });
      if (event.type === 'OrderCancelled') seen.terminal.set(orderId, { outcome: 'cancelled', at });
      if (event.type === 'OrderRejected') {
        const reason = rejection.safeParse(event.data).data?.reason ?? 'rejected';
        seen.terminal.set(orderId, { outcome: reason, at });
      }
    }
  })();
  return subscription;
};

/** The saga bench's processes, named after what they run. */
const childCpuByRole = () =>
  childCpu((command) =>
    command.includes('eventstore-server')
      ? 'event store'
      : command.includes('kafka.Kafka')
        ? 'kafka'
        : (/--role\0(\w+)/.exec(command)?.[1] ?? 'other'),
  );

/** CPU milliseconds per order each process spent between two readings, rounded. */
const cpuPerOrder = (before: Map<string, number>, after: Map<string, number>, orders: number) =>
  Object.fromEntries(
    Object.entries(cpuPerUnit(before, after, orders)).map(([name, ms]) => [name, Math.round(ms)]),
  );

/** Waits until `done` holds or `ms` pass; returns whether it held. */
const until = async (done: () => boolean, ms: number): Promise<boolean> => {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await sleep(50);
  return done();
};

/** Counts what a read_committed consumer gets from the bridged topics, once the bridge made them. */
const countKafka = async (brokers: string): Promise<Consumer> => {
  const kafka = createKafka({ brokers, clientId: 'bench-saga', logger: silentLogger() });
  const topics = [defaultTopics.orders, defaultTopics.inventory, defaultTopics.payments];
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const existing = await admin.listTopics();
    if (topics.every((topic) => existing.includes(topic))) break;
    if (Date.now() > deadline) throw new Error('the bridge made no topics within 60 s');
    await sleep(200);
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-saga-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachBatch: ({ batch }) => {
      seen.kafkaRecords += batch.messages.length;
      return Promise.resolve();
    },
  });
  return consumer;
};

const place = async (api: AppChild, token: string, sku: string): Promise<string | undefined> => {
  const sentAt = performance.now();
  const response = await api
    .request('/api/orders', { token, json: { lines: [{ sku, quantity: 1 }] } })
    .catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return cause instanceof Error ? cause.message : String(cause);
    });
  const outcome = typeof response === 'string' ? response : String(response.status);
  seen.placeOutcomes.set(outcome, (seen.placeOutcomes.get(outcome) ?? 0) + 1);
  if (typeof response === 'string' || response.status !== 202) {
    if (typeof response !== 'string') await response.arrayBuffer();
    return undefined;
  }
  const { orderId } = z.object({ orderId: z.string() }).parse(await response.json());
  seen.sentAt.set(orderId, sentAt);
  return orderId;
};

/** One open-loop phase at `rate` orders/s; then waits (30 s at most) for its confirmations. */
const runRate = async (api: AppChild, tokens: readonly string[], rate: number) => {
  const total = Math.round((rate * phaseMs) / 1000);
  const lags: number[] = [];
  const sampler = setInterval(() => lags.push(lag()), 250);
  const cpuBefore = await childCpuByRole();
  const first = performance.now();
  const placing: Promise<string | undefined>[] = [];
  for (let n = 0; n < total; n++) {
    const wait = first + (n * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    placing.push(place(api, tokens[n % tokens.length] ?? '', `SKU-${1 + (n % 3)}`));
  }
  const lastSent = performance.now();
  const orderIds = (await Promise.all(placing)).filter((id) => id !== undefined);
  await until(() => orderIds.every((id) => seen.confirmedAt.has(id)), 30_000);
  clearInterval(sampler);
  const cpuMsPerOrder = cpuPerOrder(cpuBefore, await childCpuByRole(), orderIds.length);
  const latencies = orderIds.flatMap((id) => {
    const [sent, confirmed] = [seen.sentAt.get(id), seen.confirmedAt.get(id)];
    return sent === undefined || confirmed === undefined ? [] : [confirmed - sent];
  });
  const last = Math.max(...orderIds.map((id) => seen.confirmedAt.get(id) ?? 0));
  const result = {
    rate,
    placed: orderIds.length,
    confirmed: latencies.length,
    perSecond: (latencies.length * 1000) / (last - first),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    drainMs: last - lastSent,
    maxLag: Math.max(0, ...lags),
    p50Lag: percentile(lags, 50),
    cpuMsPerOrder,
  };
  // Sustained: every order placed and confirmed, the last within 2 s of the last POST.
  const sustained = result.placed === total && result.confirmed === total && result.drainMs < 2_000;
  console.log(JSON.stringify({ ...result, sustained }));
  return { ...result, sustained };
};

/** Rates in turn until one is not sustained; each next rate starts on a quiet pipeline. */
const risingRates = async (
  api: AppChild,
  tokens: readonly string[],
  offered: readonly number[],
  { bridged }: { bridged: boolean },
) => {
  const phases = [];
  for (const rate of offered) {
    const phase = await runRate(api, tokens, rate);
    phases.push(phase);
    // Every order delivered, and (with the bridge) Kafka caught up.
    const placed = [...seen.sentAt.keys()];
    await until(
      () => (!bridged || lag() === 0) && placed.every((id) => seen.terminal.has(id)),
      60_000,
    );
    if (!phase.sustained) break;
  }
  return phases;
};

/** Orders the catalog can always serve: a million units of each sku the phases order. */
const restockForPhases = async (api: AppChild, operator: string) => {
  for (const sku of ['SKU-1', 'SKU-2', 'SKU-3']) {
    const restock = await api.request(`/api/inventory/${sku}/restock`, {
      token: operator,
      json: { quantity: 1_000_000 },
    });
    if (!restock.ok) throw new Error(`restock answered ${restock.status}`);
  }
};

/**
 * Embedded mode as `npm start` runs it: one process with its own event store and read models
 * in memory, no Kafka. Rising rates; the process is stopped afterwards.
 */
const embeddedPhases = async (operator: string, tokens: readonly string[]) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-bench-embedded-'));
  const eventStorePort = await freePort();
  const app = await startApp({
    role: 'all',
    name: 'embedded',
    env: {
      EVENTSTORE_CONNECTION_STRING: '',
      MONGODB_URL: '',
      KAFKA_BROKERS: '',
      DATA_DIR: dataDir,
      EMBEDDED_EVENTSTORE_PORT: String(eventStorePort),
      JWT_SECRET: testSecret,
      LOG_LEVEL: 'warn',
      CARRIER_DELIVERY_DELAY_MS: '1000',
      WAREHOUSE_PICK_PACK_MS: '0',
    },
  });
  const local = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${eventStorePort}?tls=false`);
  const subscription = observe(local);
  try {
    await restockForPhases(app, operator);
    return await risingRates(app, tokens, embeddedRates, { bridged: false });
  } finally {
    await subscription.unsubscribe();
    await local.dispose();
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

/** Runs at most `limit` tasks at once; the others wait their turn. */
const limiter = (limit: number) => {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
};

/**
 * `buyers` orders at once for one sku holding 100 units, until every one is terminal. They go
 * out over at most 256 connections, as from a load balancer's pool: 10,000 connections opened at
 * once overflow the listen backlog, and the test would be of TCP rather than of the product.
 */
const flashSale = async (api: AppChild, operator: string, tokens: readonly string[]) => {
  const sku = 'SKU-10';
  const restock = await api.request(`/api/inventory/${sku}/restock`, {
    token: operator,
    json: { quantity: flashStock },
  });
  if (!restock.ok) throw new Error(`restock answered ${restock.status}`);
  const first = performance.now();
  const connection = limiter(256);
  seen.placeOutcomes.clear();
  const placed = await Promise.all(
    Array.from({ length: buyers }, (_, n) =>
      connection(() => place(api, tokens[n % tokens.length] ?? '', sku)),
    ),
  );
  const answered = (performance.now() - first) / 1000;
  console.log(JSON.stringify({ flashSalePosts: Object.fromEntries(seen.placeOutcomes) }));
  const orderIds = placed.filter((id) => id !== undefined);
  await until(() => orderIds.every((id) => seen.terminal.has(id)), 300_000);
  const outcomes = orderIds.map((id) => seen.terminal.get(id));
  const count = (outcome: string) => outcomes.filter((o) => o?.outcome === outcome).length;
  const last = Math.max(...outcomes.map((o) => o?.at ?? Number.NaN));
  return {
    accepted: orderIds.length,
    confirmed: orderIds.filter((id) => seen.confirmedAt.has(id)).length,
    delivered: count('delivered'),
    outOfStock: count('out_of_stock'),
    open: outcomes.filter((o) => o === undefined).length,
    answeredSeconds: answered,
    terminalSeconds: (last - first) / 1000,
  };
};

type Phase = Awaited<ReturnType<typeof runRate>>;
type Sale = Awaited<ReturnType<typeof flashSale>>;

/** The mean over the orders seen delivered: every event appended with their correlation id. */
const eventsPerDelivered = (): number => {
  const counts = [...seen.terminal]
    .filter(([, { outcome }]) => outcome === 'delivered')
    .map(([orderId]) => seen.eventsByOrder.get(orderId) ?? 0);
  return counts.length === 0 ? 0 : counts.reduce((sum, n) => sum + n, 0) / counts.length;
};

/** The last rate tried (the first not sustained, or the highest) and the highest sustained. */
const topOf = (phases: readonly Phase[]) => {
  const top = phases.at(-1);
  if (top === undefined) throw new Error('no rate measured');
  return { top, sustained: phases.filter((phase) => phase.sustained).at(-1)?.rate ?? 0 };
};
const cpuTotal = (cpuMsPerOrder: Readonly<Record<string, number>>) =>
  Object.values(cpuMsPerOrder).reduce((sum, ms) => sum + ms, 0);
const cpuFigures = (cpuMsPerOrder: Readonly<Record<string, number>>) =>
  Object.entries(cpuMsPerOrder)
    .filter(([name, ms]) => name !== 'other' || ms > 0)
    .map(([name, ms]) => ({ name: `CPU per order: ${name}`, value: ms, unit: 'ms' }));
const loadNow = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${cpus().length} cores`;

const reportEmbedded = (phases: readonly Phase[]) => {
  const { top, sustained } = topOf(phases);
  printFigures(
    `embedded mode as npm start runs it (one process, no Kafka): open-loop ${phases.map((phase) => phase.rate).join(', ')} orders/s, ${phaseMs / 1000} s each (${loadNow()})`,
    [
      {
        name: 'highest offered rate sustained (all confirmed within 2 s of the last POST)',
        value: sustained,
        unit: 'orders/s',
        target: { atLeast: 500 },
      },
      { name: `placed→confirmed at ${top.rate}/s offered`, value: top.perSecond, unit: 'orders/s' },
      { name: `placed→confirmed latency p50 at ${top.rate}/s`, value: top.p50Ms, unit: 'ms' },
      { name: `placed→confirmed latency p99 at ${top.rate}/s`, value: top.p99Ms, unit: 'ms' },
      ...cpuFigures(top.cpuMsPerOrder),
    ],
  );
};

const reportFloor = (floor: Floor, phases: readonly Phase[]) => {
  const { top } = topOf(phases);
  printFigures(
    `the floor: the same appends and deliveries to confirmation alone (${floor.orders} orders, closed loop, the same event store; ${loadNow()})`,
    [
      { name: 'floor: orders/s to confirmation', value: floor.perSecond, unit: 'orders/s' },
      ...Object.entries(floor.cpuMsPerOrder).map(([name, ms]) => ({
        name: `floor: CPU per order, ${name}`,
        value: ms,
        unit: 'ms',
      })),
      {
        name: `ours with the bridge at ${top.rate}/s offered`,
        value: top.perSecond,
        unit: 'orders/s',
        baseline: { name: 'the floor', value: floor.perSecond },
      },
      {
        name: 'ours with the bridge: CPU per order, every process',
        value: cpuTotal(top.cpuMsPerOrder),
        unit: 'ms',
        baseline: { name: 'the floor', value: cpuTotal(floor.cpuMsPerOrder) },
      },
    ],
  );
};

const report = (phases: readonly Phase[], postsPerSecond: number, sale: Sale) => {
  const { top, sustained } = topOf(phases);
  printFigures(
    `saga end to end with the Kafka bridge and broker: open-loop ${phases.map((phase) => phase.rate).join(', ')} orders/s, ${phaseMs / 1000} s each (${loadNow()})`,
    [
      {
        name: 'highest offered rate sustained (all confirmed within 2 s of the last POST)',
        value: sustained,
        unit: 'orders/s',
        target: { atLeast: 400 },
      },
      {
        name: `placed→confirmed at ${top.rate}/s offered`,
        value: top.perSecond,
        unit: 'orders/s',
        baseline: { name: 'POST /api/orders/s with no saga running', value: postsPerSecond },
        target: { atLeast: 400 },
      },
      { name: `placed→confirmed latency p50 at ${top.rate}/s`, value: top.p50Ms, unit: 'ms' },
      { name: `placed→confirmed latency p99 at ${top.rate}/s`, value: top.p99Ms, unit: 'ms' },
      {
        name: `Kafka bridge lag at ${top.rate}/s, max sampled`,
        value: top.maxLag,
        unit: 'events',
        target: { atMost: 500 },
      },
      { name: `Kafka bridge lag at ${top.rate}/s, median`, value: top.p50Lag, unit: 'events' },
      {
        name: 'events per delivered order, every stream (by $correlationId)',
        value: eventsPerDelivered(),
        unit: 'events',
        target: { atMost: 12 },
      },
      ...cpuFigures(top.cpuMsPerOrder),
    ],
  );
  printFigures(
    `flash sale over HTTP: ${buyers} concurrent orders for one sku holding ${flashStock}`,
    [
      { name: 'confirmed', value: sale.confirmed, unit: 'orders', target: { atMost: flashStock } },
      {
        name: 'rejected out_of_stock',
        value: sale.outOfStock,
        unit: 'orders',
        target: { atLeast: buyers - flashStock },
      },
      {
        name: 'time until the last order is terminal',
        value: sale.terminalSeconds,
        unit: 's',
        baseline: { name: 'until the last POST was answered', value: sale.answeredSeconds },
      },
    ],
  );
};

const children: AppChild[] = [];
let store: EventStoreProcess | undefined;
let broker: LocalKafka | undefined;
let client: EventStoreDBClient | undefined;
let consumer: Consumer | undefined;
const cleanUp = async () => {
  await Promise.allSettled(children.map((child) => child.stop()));
  await Promise.allSettled([consumer?.disconnect(), client?.dispose()]);
  await Promise.allSettled([store?.stop(), broker?.dispose()]);
};
process.once('SIGINT', () => {
  void cleanUp().finally(() => process.exit(130));
});

// Every Node child (event store, api, processes) inherits it and writes its profile on exit.
if (values.profile !== undefined)
  process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${values.profile}`;

try {
  const operator = await signToken(
    { sub: 'bench-operator', roles: ['operator'] },
    { expiresIn: '2h' },
  );
  const tokens = await Promise.all(
    Array.from({ length: 200 }, (_, n) =>
      signToken({ sub: `bench-customer-${n}`, roles: ['customer'] }, { expiresIn: '2h' }),
    ),
  );

  // (3) first, on a machine with nothing else started yet.
  const embedded = await embeddedPhases(operator, tokens);
  seen.domainEvents = 0;

  [store, broker] = await Promise.all([eventStoreForBench(), startLocalKafka()]);
  const env = connectedEnv(
    { eventStore: store.connectionString, kafkaBrokers: broker.brokers },
    { CARRIER_DELIVERY_DELAY_MS: '1000', WAREHOUSE_PICK_PACK_MS: '0' },
  );
  const api = await startApp({ role: 'api', env });
  children.push(api);
  const processes = await startApp({ role: 'processes', env });
  children.push(processes);
  client = EventStoreDBClient.connectionString(store.connectionString);
  const subscription = observe(client);
  consumer = await countKafka(broker.brokers);
  await restockForPhases(api, operator);

  const phases = await risingRates(api, tokens, rates, { bridged: true });
  const sale = await flashSale(api, operator, tokens);
  console.log(JSON.stringify({ flashSale: sale }));

  // The baseline: the same POST with no saga, no bridge, nothing else behind the event store.
  await processes.stop();
  const baseline = await closedLoopLoad({
    concurrency: 32,
    durationMs: 5_000,
    send: (n) =>
      api.request('/api/orders', {
        token: tokens[n % tokens.length] ?? '',
        json: { lines: [{ sku: 'SKU-1', quantity: 1 }] },
      }),
    isOk: (response) => response.status === 202,
  });
  await subscription.unsubscribe();
  await api.stop();

  // (4) and (5) on the same event store, with nothing of ours running.
  const floor = await measureFloor(store.connectionString, { orders: 2_000 });
  const embeddedTop = topOf(embedded);
  const peerRate = Math.max(25, embeddedTop.sustained || embeddedTop.top.rate);
  const peer = await runEmmettPeer({
    connectionString: store.connectionString,
    rate: peerRate,
    durationSeconds: phaseMs / 1000,
  });
  const oursAtPeerRate = embedded.find((phase) => phase.rate === peerRate) ?? embeddedTop.top;

  reportEmbedded(embedded);
  report(phases, baseline.perSecond, sale);
  reportFloor(floor, phases);
  printFigures(
    `the same placed→confirmed flow written with Emmett (no HTTP, the same event store, ${loadNow()}), beside ours in embedded mode at ${oursAtPeerRate.rate}/s`,
    emmettPeerFigures(peer, {
      ordersPerSecond: oursAtPeerRate.perSecond,
      cpuMsPerOrder: cpuTotal(oursAtPeerRate.cpuMsPerOrder),
    }),
  );
  // Scoring runs inside the processes role on every order: what it adds, on the code it runs.
  const scoring = await fraudScoringCost();
  const pipelineMicros = cpuTotal(embeddedTop.top.cpuMsPerOrder) * 1000;
  printFigures(
    `fraud scoring in the processes role: CPU it adds per order (the features folded from every event, the order scored, held or not), ${loadNow()}`,
    [
      {
        name: 'with the rules (no model trained)',
        value: scoring.rules,
        unit: 'µs/order',
        target: { atMost: 1000 },
        baseline: { name: 'all processes per order, embedded', value: pipelineMicros },
      },
      {
        name: 'with a trained logistic model',
        value: scoring.model,
        unit: 'µs/order',
        target: { atMost: 1000 },
        baseline: { name: 'all processes per order, embedded', value: pipelineMicros },
      },
    ],
  );
  const exact =
    sale.accepted === buyers &&
    sale.confirmed === flashStock &&
    sale.outOfStock === buyers - flashStock;
  if (!exact) {
    console.error(`the flash sale did not end exactly: ${JSON.stringify(sale)}`);
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
