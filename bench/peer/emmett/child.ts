import { once } from 'node:events';
import { EventStoreDBClient } from '@eventstore/db-client';
import { z } from 'zod';
import { startEmmettFlow } from './flow.ts';
import { loadPlan, placeOrders, restock } from './load.ts';

// The Emmett flow in a process of its own, so its CPU is counted apart from the event store's
// and the bench's. Talks to its parent over IPC: 'ready' once live and stocked, then it waits
// for 'go', runs the load, sends back its outcome and waits for 'stop'.
const config = loadPlan
  .extend({ connectionString: z.string().min(1) })
  .parse(JSON.parse(process.env.EMMETT_PEER ?? '{}'));
const send = (message: unknown) =>
  new Promise<void>((resolve) => {
    if (process.send === undefined) throw new Error('run me with runEmmettPeer(), over IPC');
    process.send(message, () => {
      resolve();
    });
  });

// Bounded by its parent: if the parent goes, so does this process.
process.on('disconnect', () => process.exit(1));

const client = EventStoreDBClient.connectionString(config.connectionString);
const outcomes = new Map<string, { outcome: string; at: number }>();
const failures: { count: number; first?: string } = { count: 0 };
const flow = await startEmmettFlow({
  client,
  onOutcome: (orderId, outcome) => outcomes.set(orderId, { outcome, at: performance.now() }),
  onFailure: (error) => {
    failures.count++;
    failures.first ??= error instanceof Error ? error.message : String(error);
  },
});
await restock(flow, config);
const go = once(process, 'message');
await send({ type: 'ready' });
await go;
const outcome = await placeOrders(flow, config, { outcomes }, failures);
// Alive until the parent has read this process's CPU time (a zombie's /proc entry has no name).
const stop = once(process, 'message');
await send({ type: 'result', outcome });
await stop;
await flow.stop();
await client.dispose();
process.exit(0);
