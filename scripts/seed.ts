import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startEmbeddedEventStore } from '../infra/eventstore-server/index.ts';
import { parseSeedArgs } from './seed/options.ts';
import { startProgress } from './seed/progress.ts';
import type { SeedJob, SeedReport } from './seed/seed-worker.ts';

// npm run seed -- --orders 1000000 --days 365 --seed 42 [--fraud] [--data-dir ./data]
// Writes a back-dated history through the live system's event shapes (README, "Seeding a year of
// history"). Embedded mode opens the data directory as `npm start` does, so it refuses while a
// running product holds it; with EVENTSTORE_CONNECTION_STRING it appends to that server.

const { options, target } = parseSeedArgs(process.argv.slice(2), process.env);
const end = options.end === undefined ? Date.now() : Date.parse(options.end);

const embedded =
  target.EVENTSTORE_CONNECTION_STRING === undefined
    ? await startEmbeddedEventStore({
        port: 0,
        host: '127.0.0.1',
        dataDir: join(target.DATA_DIR, 'eventstore'),
      }).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`npm run seed: cannot open the embedded event store: ${message}`);
        process.exit(1);
      })
    : undefined;
const connectionString = target.EVENTSTORE_CONNECTION_STRING ?? embedded?.connectionString;
if (connectionString === undefined) throw new Error('no event store to seed');

await mkdir(target.DATA_DIR, { recursive: true });
const labelsPath = options.fraud ? join(target.DATA_DIR, 'seed-labels.jsonl') : null;
const job: SeedJob = { options, end, connectionString, labelsPath };
const progress = startProgress(options.orders);
const worker = new Worker(new URL('./seed/seed-worker.ts', import.meta.url), { workerData: job });
const outcome = await new Promise<SeedReport>((resolve) => {
  worker.on('message', (message: SeedReport) => {
    if (message.kind === 'chunk') progress.chunk(message.events, message.orders);
    else resolve(message);
  });
  worker.on('error', (error: unknown) => {
    resolve({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});
await worker.terminate();
const { events, seconds } = progress.stop();
await embedded?.stop();
if (outcome.kind === 'failed') {
  console.error(`npm run seed failed: ${outcome.message}`);
  process.exitCode = 1;
} else if (outcome.kind === 'done') {
  console.log(
    `seeded ${String(options.orders)} orders over ${String(options.days)} days (seed ${String(options.seed)}): ` +
      `${String(events)} events in ${String(outcome.appends)} appends, ${seconds.toFixed(1)} s, ` +
      `${String(Math.round(events / seconds))} events/s`,
  );
  if (labelsPath !== null) console.log(`fraud labels: ${labelsPath}`);
}
