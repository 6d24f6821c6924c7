import { parentPort, workerData } from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Reply, Request } from './client-thread.ts';
import { clientStreamIo, disposeClient } from './stream-io.ts';

// The client thread: an EventStoreDB client of its own that appends and reads for the thread
// that started it (see client-thread.ts). Requests come in batches; replies go back in batches,
// one message per turn of this thread's event loop.
const port = parentPort;
if (port === null) throw new Error('client-thread-worker.ts runs as a worker thread');
const { connectionString } = workerData as { connectionString: string };
const client = EventStoreDBClient.connectionString(connectionString);
const io = clientStreamIo(client);

let replies: Reply[] = [];
const reply = (answer: Reply) => {
  if (replies.length === 0) setImmediate(flush);
  replies.push(answer);
};
const flush = () => {
  const batch = replies;
  replies = [];
  port.postMessage(batch);
};

const describe = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error), stack: undefined };

const run = async (request: Request): Promise<void> => {
  try {
    const value =
      request.op === 'append'
        ? await io.append(request.stream, request.events, request.expected)
        : await io.read(request.stream, request.options);
    reply({ id: request.id, value });
  } catch (error) {
    reply({ id: request.id, error: describe(error) });
  }
};

port.on('message', (message: Request[] | 'close') => {
  if (message === 'close') {
    void disposeClient(client).finally(() => {
      process.exit(0); // in a worker: ends this thread only
    });
    return;
  }
  for (const request of message) void run(request);
});
