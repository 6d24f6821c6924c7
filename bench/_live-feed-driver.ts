import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { attachLiveUpdates } from '../api/live/attach.ts';
import { ordersRoom } from '../api/live/protocol.ts';
import { testTokens } from '../api/testing/test-api.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';

// The live layer alone, for `npm run bench -- live`: Socket.IO on a memory feed that this
// process publishes to itself, once someone is in the orders room, --rate orders a second for
// --seconds, each order as the projections would report it (7 steps, each a summary, a timeline
// and a stock level). A summary's updatedAt is when it was published, for the client to time its arrival.
const { values } = parseArgs({
  options: { rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' } },
});
const rate = Number(values.rate);
const feed = createMemoryChangeFeed();
const http = createServer();
const live = attachLiveUpdates(http, {
  verifier: await testTokens(),
  feed,
  ownerOf: () => Promise.resolve(undefined),
  logger: silentLogger(),
  metrics: createMetrics(),
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const address = http.address();
console.log(
  `listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
);
while ((live.io.of('/').adapter.rooms.get(ordersRoom)?.size ?? 0) === 0) await sleep(20);

const steps = ['placed', 'placed', 'placed', 'confirmed', 'shipped', 'shipped', 'delivered'];
let position = 1;
const change = (orderId: string, step: number) => {
  position++;
  const now = new Date().toISOString();
  const entries = steps.slice(0, step + 1).map((type, index) => ({
    eventId: `${orderId}-${index}`,
    type,
    position: position - step + index,
    recordedAt: now,
    summary: `${type} ${orderId}`,
  }));
  const summary = { orderId, customerId: 'c', status: steps[step], updatedAt: now, position };
  return [
    { projection: 'order_summaries', id: orderId, position, document: summary },
    {
      projection: 'order_timelines',
      id: orderId,
      position,
      document: { orderId, customerId: 'c', entries },
    },
    {
      projection: 'inventory_levels',
      id: 'SKU-1',
      position,
      document: { sku: 'SKU-1', available: position },
    },
  ];
};
const started = performance.now();
const total = rate * steps.length * Number(values.seconds);
for (let sent = 0; sent < total;) {
  const due = Math.min(
    total,
    Math.floor(((performance.now() - started) / 1000) * rate * steps.length),
  );
  for (; sent < due; sent++)
    await feed.publish(change(`o-${Math.floor(sent / steps.length)}`, sent % steps.length));
  await sleep(2);
}
console.log(`done heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
process.on('SIGTERM', () => process.exit(0));
