import { createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import { z } from 'zod';
import { createEventStore } from '../../infra/eventstore/event-store.ts';
import type { FraudLabel } from './fraud.ts';
import { seedHistory } from './history.ts';
import { seedOptionsSchema } from './options.ts';
import { writeHistory } from './writer.ts';

// The seed's own thread: it makes the history, encodes it and talks gRPC, while the embedded
// event store (in embedded mode) keeps the main thread, as under `npm start`. Handing events to a
// client thread instead cost a structured clone of every event on the server's thread.

export const seedJobSchema = z.object({
  options: seedOptionsSchema,
  end: z.number().int(),
  connectionString: z.string().min(1),
  labelsPath: z.string().min(1).nullable(),
});
export type SeedJob = z.infer<typeof seedJobSchema>;

export type SeedReport =
  | { readonly kind: 'chunk'; readonly events: number; readonly orders: number }
  | { readonly kind: 'done'; readonly appends: number }
  | { readonly kind: 'failed'; readonly message: string };

const report = (message: SeedReport) => parentPort?.postMessage(message);

const job = seedJobSchema.parse(workerData);
// The client gives an append 10 s by default, counted from when it was made, not sent. A bulk load
// keeps hundreds of appends queued, and on a loaded machine (load 6-8) one waited longer than that
// at 5.6 million events, ending a million-order seed (the pause's cause was not found; the server's
// thread collecting a heap of millions of events is the likely one). A queued append is not a lost
// one, so the seed waits longer.
const SEED_APPEND_DEADLINE_MS = 120_000;
const withDeadline = (connection: string): string =>
  /[?&]defaultDeadline=/i.test(connection)
    ? connection
    : `${connection}${connection.includes('?') ? '&' : '?'}defaultDeadline=${String(SEED_APPEND_DEADLINE_MS)}`;
const store = createEventStore(
  EventStoreDBClient.connectionString(withDeadline(job.connectionString)),
);
const labels = job.labelsPath === null ? undefined : createWriteStream(job.labelsPath);
const onLabel = (label: FraudLabel) => labels?.write(`${JSON.stringify(label)}\n`);
try {
  const { options } = job;
  const history = seedHistory({ ...options, end: job.end, onLabel });
  const { appends } = await writeHistory(history, {
    store,
    chunkSize: options.chunk,
    concurrency: options.concurrency,
    logOrder: options['log-order'],
    onChunk: (events, orders) => report({ kind: 'chunk', events, orders }),
  });
  report({ kind: 'done', appends });
} catch (error) {
  // Some client errors carry their meaning in the name or the cause only.
  const message =
    error instanceof Error
      ? `${error.name}: ${error.message} ${error.cause instanceof Error ? error.cause.message : ''}\n${error.stack ?? ''}`
      : String(error);
  report({ kind: 'failed', message });
} finally {
  await new Promise<void>((resolve) => {
    if (labels === undefined) resolve();
    else labels.end(resolve);
  });
  await store.close();
}
