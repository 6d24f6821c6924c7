import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { z } from 'zod';

// A client thread for `npm run bench -- eventstore`: its own @eventstore/db-client, `writers`
// loops each appending `size` events at a time to a stream of its own for `ms`. One JS thread
// serializing every request (the client's protobuf encoding costs more CPU per event than the
// server's append) caps what a single client can offer; writers spread over threads do not.
const task = z.object({
  url: z.string(),
  prefix: z.string(),
  writers: z.number().int().positive(),
  size: z.number().int().positive(),
  ms: z.number().positive(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
});
type Task = z.infer<typeof task>;

export interface AppendThreads {
  /** Starts every thread's writers at once; resolves with the events they all appended. */
  run(): Promise<number>;
}

/**
 * Starts `threads` worker threads for `given` and resolves once each has loaded, connected and
 * appended once, so that `run()` times appends only.
 */
export const prepareAppendThreads = async (
  threads: number,
  given: Task,
): Promise<AppendThreads> => {
  const workers = await Promise.all(
    Array.from({ length: threads }, async (_, thread) => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { ...given, prefix: `${given.prefix}-t${String(thread)}` },
      });
      await once(worker, 'message'); // ready
      return worker;
    }),
  );
  return {
    async run() {
      const counts = await Promise.all(
        workers.map(async (worker) => {
          const done = once(worker, 'message');
          worker.postMessage('go');
          const [count] = (await done) as [number];
          await worker.terminate();
          return count;
        }),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    },
  };
};

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const { url, prefix, writers, size, ms, data, metadata } = task.parse(workerData);
  const client = EventStoreDBClient.connectionString(url);
  const batch = () =>
    Array.from({ length: size }, () => jsonEvent({ type: 'OrderPlaced', data, metadata }));
  await client.appendToStream(`${prefix}-warmup`, batch());
  port.postMessage('ready');
  await once(port, 'message');
  let appended = 0;
  const deadline = performance.now() + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (performance.now() < deadline) {
        await client.appendToStream(`${prefix}-${String(writer)}`, batch());
        appended += size;
      }
    }),
  );
  await client.dispose();
  port.postMessage(appended);
}
