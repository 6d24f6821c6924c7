import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { EventStoreDBClient } from '@eventstore/db-client';
import { signToken } from '../api/testing/test-api.ts';
import { startChild } from './_child.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { startParts } from './_live-parts.ts';
import { echoRoundTrips, openLoop, watchAppends, watchOrders } from './_live-probe.ts';
import { liveLayerOnly } from './_live-layer.ts';
import { percentile, printFigures, type Figure } from './_report.ts';

// `npm run bench -- live [--rate 200] [--seconds 20] [--mode one|split|both]`: orders placed over
// HTTP at --rate a second (open loop, after 3 s of warm-up) against the running system, the event
// store in a process of its own; an operator's Socket.IO client in the `orders` room notes each
// order.changed, whose latency is its arrival minus the append of the event it reports (the
// store's `created` of its commit position, same machine clock). `one`: API, saga and projections
// in one process (read models and change feed in memory); `split`: API, saga and projections in
// three processes, read models and change feed in MongoDB (MONGODB_URL, else a local FerretDB).
// Baseline: a bare Socket.IO server's echo round trip at the same rate.
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    mode: { type: 'string', default: 'both' },
  },
});
const rate = Number(values.rate);
const measureMs = Number(values.seconds) * 1000;
const modes = values.mode === 'both' ? ['one', 'split'] : [values.mode];
const root = join(import.meta.dirname, '..');
const terminal = new Set(['delivered', 'cancelled', 'rejected']);

interface Outcome {
  readonly latencies: number[];
  readonly placed: number;
  readonly seenPlaced: number;
  readonly seenEnded: number;
  readonly unmatched: number;
  readonly rssMb: number;
  /** Mean time from a projection's publish to the relay to Socket.IO, in the API process. */
  readonly relayMs: number;
}

const runMode = async (mode: string): Promise<Outcome> => {
  const store = await eventStoreForBench();
  const parts = await startParts(mode, store.connectionString);
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const appends = watchAppends(client);
  try {
    const operator = await signToken({ sub: 'bench-operator', roles: ['operator'] });
    const customers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signToken({ sub: `bench-${i}`, roles: ['customer'] })),
    );
    const restock = await fetch(`${parts.apiUrl}/api/inventory/SKU-1/restock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      body: JSON.stringify({ quantity: 1_000_000 }),
    });
    if (!restock.ok) throw new Error(`restock answered ${restock.status}`);
    const watcher = await watchOrders(parts.liveUrl, operator);
    const measured = new Set<string>();
    const place = (into?: Set<string>) => async (sequence: number) => {
      const response = await fetch(`${parts.apiUrl}/api/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${customers[sequence % customers.length] ?? ''}`,
        },
        body: JSON.stringify({ lines: [{ sku: 'SKU-1', quantity: 1 }] }),
      });
      const body = (await response.json()) as { orderId?: string };
      if (response.status !== 202 || body.orderId === undefined) throw new Error('not placed');
      into?.add(body.orderId);
    };
    await openLoop(rate, 3_000, place());
    const load = await openLoop(rate, measureMs, place(measured));
    console.log(
      `${mode}: ${load.sent} orders sent in ${measureMs / 1000} s, ${load.failed} failed`,
    );

    const mine = () => watcher.receipts.filter((r) => measured.has(r.orderId));
    const ended = () =>
      new Set(
        mine()
          .filter((r) => terminal.has(r.status))
          .map((r) => r.orderId),
      );
    const deadline = Date.now() + 60_000;
    while (ended().size < measured.size && Date.now() < deadline) await sleep(200);
    await sleep(500);

    const statuses = new Map<string, number>();
    for (const receipt of mine())
      statuses.set(receipt.status, (statuses.get(receipt.status) ?? 0) + 1);
    console.log(`${mode}: order.changed by status ${JSON.stringify(Object.fromEntries(statuses))}`);
    const latencies: number[] = [];
    let unmatched = 0;
    for (const receipt of mine()) {
      const created = appends.createdAt.get(receipt.position);
      if (created === undefined) unmatched++;
      else latencies.push(receipt.at - created);
    }
    const metrics = await (await fetch(`${parts.apiUrl}/metrics`)).text();
    const metric = (name: string) =>
      Number(new RegExp(`^order_ledger_${name} ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const relayMs =
      (metric('live_relay_latency_seconds_sum') / metric('live_relay_latency_seconds_count')) *
      1000;
    watcher.close();
    return {
      latencies,
      placed: measured.size,
      seenPlaced: new Set(
        mine()
          .filter((r) => r.status === 'placed')
          .map((r) => r.orderId),
      ).size,
      seenEnded: ended().size,
      unmatched,
      rssMb: metric('process_resident_memory_bytes') / 2 ** 20,
      relayMs,
    };
  } finally {
    await appends.stop();
    await client.dispose();
    await parts.stop();
    await store.stop();
  }
};

const echo = await startChild(
  join(root, 'bench', '_socketio-echo.ts'),
  [],
  {},
  /listening (http\S+)/,
);
const baseline = await echoRoundTrips(echo.url, rate, 5_000).finally(() => echo.stop());
const echoP50 = percentile(baseline, 50);
const echoP95 = percentile(baseline, 95);
const layer = await liveLayerOnly(rate, Math.min(10, measureMs / 1000));
const figures: Figure[] = [
  {
    name: 'live layer alone: publish → client p95',
    value: percentile(layer, 95),
    unit: 'ms',
    baseline: { name: 'echo p95', value: echoP95 },
  },
];
for (const mode of modes) {
  const outcome = await runMode(mode);
  console.log(
    `${mode}: ${outcome.placed} orders placed; order.changed seen for ${outcome.seenPlaced} placed, ` +
      `${outcome.seenEnded} ended; ${outcome.latencies.length} receipts timed, ${outcome.unmatched} ` +
      `without a known append; API process RSS ${outcome.rssMb.toFixed(0)} MB; ` +
      `publish → relay in the API ${outcome.relayMs.toFixed(1)} ms on average`,
  );
  // Every placed order must be told; how many end within the bench is the saga's pace (bench
  // saga), not the live layer's, so it is reported, not failed on.
  if (outcome.seenPlaced < outcome.placed) process.exitCode = 1;
  if (outcome.seenEnded < outcome.placed)
    console.log(
      `${mode}: ${outcome.placed - outcome.seenEnded} orders were still on their way when the bench ended (the saga's pace)`,
    );
  const at = (p: number) => percentile(outcome.latencies, p);
  figures.push(
    {
      name: `${mode}: append → client p50`,
      value: at(50),
      unit: 'ms',
      baseline: { name: 'echo p50', value: echoP50 },
    },
    {
      name: `${mode}: append → client p95`,
      value: at(95),
      unit: 'ms',
      baseline: { name: 'echo p95', value: echoP95 },
      target: { atMost: 100 },
    },
    { name: `${mode}: append → client p99`, value: at(99), unit: 'ms' },
  );
}
printFigures(
  `live updates at ${rate} orders/s for ${measureMs / 1000} s (order.changed to the orders room)`,
  figures,
);
