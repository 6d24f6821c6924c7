import { Worker } from 'node:worker_threads';
import type { ResolvedEvent } from '@eventstore/db-client';
import type { AppendResult, ExpectedRevision, PreparedEvent, StreamIo } from './stream-io.ts';

export type Request =
  | {
      readonly id: number;
      readonly op: 'append';
      readonly stream: string;
      readonly events: readonly PreparedEvent[];
      readonly expected: ExpectedRevision;
    }
  | {
      readonly id: number;
      readonly op: 'read';
      readonly stream: string;
      readonly options: { readonly fromRevision?: number; readonly maxCount?: number };
    };

export type Reply =
  | { readonly id: number; readonly value: AppendResult | ResolvedEvent[] | undefined }
  | {
      readonly id: number;
      readonly error: { name: string; message: string; stack: string | undefined };
    };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The client thread stopped while calls were under way; they may or may not have been done. */
export class ClientThreadLost extends Error {
  constructor(reason: string) {
    super(`the event store client thread stopped: ${reason}`);
    this.name = 'ClientThreadLost';
  }
}

const rebuilt = (error: { name: string; message: string; stack: string | undefined }): Error =>
  Object.assign(new Error(error.message), { name: error.name, stack: error.stack });

/**
 * Appends and stream reads done by an EventStoreDB client on a worker thread of their own. The
 * client's protobuf encoding and gRPC traffic are about a third of what the API's thread does per
 * command; on this thread they become one message out and one back per turn of the event loop,
 * for every call of that turn together. Should the thread die, the calls under way fail with
 * ClientThreadLost (a command handler reads before it decides again, so nothing is decided on a
 * guess) and the next call starts a new thread.
 */
export const startClientThread = (connectionString: string): StreamIo => {
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let outbox: Request[] = [];

  const lose = (reason: string) => {
    for (const waiting of pending.values()) waiting.reject(new ClientThreadLost(reason));
    pending.clear();
    worker = undefined;
  };

  const start = (): Worker => {
    const started = new Worker(new URL('./client-thread-worker.ts', import.meta.url), {
      workerData: { connectionString },
    });
    started.on('message', (replies: Reply[]) => {
      for (const answer of replies) {
        const waiting = pending.get(answer.id);
        if (waiting === undefined) continue;
        pending.delete(answer.id);
        if ('error' in answer) waiting.reject(rebuilt(answer.error));
        else waiting.resolve(answer.value);
      }
      // The thread keeps the process alive only while it has calls to answer.
      if (pending.size === 0) started.unref();
    });
    started.on('error', (error: Error) => {
      if (worker === started) lose(error.message);
    });
    started.on('exit', (code) => {
      if (worker === started) lose(`exited with ${String(code)}`);
    });
    started.unref();
    return started;
  };

  const flush = () => {
    const batch = outbox;
    outbox = [];
    if (batch.length === 0) return;
    worker ??= start();
    worker.ref();
    worker.postMessage(batch);
  };

  const call = <T>(request: WithoutId<Request>): Promise<T> => {
    if (closing !== undefined) return Promise.reject(new ClientThreadLost('closed'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        resolve: (value) => {
          resolve(value as T);
        },
        reject,
      });
      if (outbox.length === 0) setImmediate(flush);
      outbox.push({ ...request, id });
    });
  };

  return {
    append: (stream, events, expected) =>
      call<AppendResult>({ op: 'append', stream, events, expected }),
    read: (stream, options) => call<ResolvedEvent[] | undefined>({ op: 'read', stream, options }),
    close() {
      closing ??= (async () => {
        flush();
        const running = worker;
        if (running === undefined) return;
        running.ref();
        const exited = new Promise<void>((resolve) =>
          running.once('exit', () => {
            resolve();
          }),
        );
        running.postMessage('close');
        await exited;
      })();
      return closing;
    },
  };
};
