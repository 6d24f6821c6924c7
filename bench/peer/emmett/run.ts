import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { childCpu, cpuPerUnit } from '../../_cpu.ts';
import { loadOutcome, type LoadOutcome } from './load.ts';

const childScript = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface EmmettPeerOptions {
  /** The event store to run against (the bench's embedded server, or any EventStoreDB). */
  readonly connectionString: string;
  /** Orders per second offered, open loop. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Orders in all; `rate × durationSeconds` when left out. */
  readonly orders?: number;
  /** Distinct skus the orders spread over; 3 by default, as `npm run bench -- saga` places. */
  readonly skus?: number;
  /** The longest wait for the last confirmations after the last order is placed. */
  readonly drainMs?: number;
}

export interface EmmettPeerResult extends LoadOutcome {
  readonly skus: number;
  /** CPU milliseconds per confirmed order of every child of this process, and of this one. */
  readonly cpuMsPerOrder: Record<string, number>;
}

const readyMessage = z.object({ type: z.literal('ready') });
const resultMessage = z.object({ type: z.literal('result'), outcome: loadOutcome });

/** Names the processes `childCpu` finds, as the saga bench names its own. */
const processName = (commandLine: string): string =>
  commandLine.includes('eventstore-server')
    ? 'event store'
    : commandLine.includes('peer/emmett')
      ? 'emmett flow'
      : 'other';

/**
 * Runs the placed-to-confirmed flow written with Emmett in a child process against
 * `connectionString`, and measures it as `npm run bench -- saga` measures the app: orders/s
 * placed to confirmed, latency, and CPU per order of every process (the event store counts only
 * when it is a child of this process, as `eventStoreForBench()` starts it).
 */
export const runEmmettPeer = async (options: EmmettPeerOptions): Promise<EmmettPeerResult> => {
  const skus = options.skus ?? 3;
  const orders = options.orders ?? Math.round(options.rate * options.durationSeconds);
  const plan = {
    runId: `e${randomUUID().slice(0, 8)}`,
    orders,
    rate: options.rate,
    skus,
    drainMs: options.drainMs ?? 30_000,
    connectionString: options.connectionString,
  };
  const child = fork(childScript, [], {
    env: { ...process.env, EMMETT_PEER: JSON.stringify(plan) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Not the parent's flags: under a test runner they name its loaders, not this script's needs.
    execArgv: [],
  });
  const exited = once(child, 'exit');
  let stopping = false;
  const next = async <T>(schema: z.ZodType<T>): Promise<T> => {
    const received: unknown[] = await Promise.race([
      once(child, 'message'),
      exited.then(([code]) => {
        throw new Error(`the Emmett peer exited (${String(code)}) before it finished`);
      }),
    ]);
    return schema.parse(received[0]);
  };
  // The whole run is bounded: start, the load, the drain and a margin.
  const limit = setTimeout(() => child.kill('SIGKILL'), 60_000 + (orders / options.rate) * 1000);
  try {
    await next(readyMessage);
    const before = await childCpu(processName);
    child.send({ type: 'go' });
    const result = await next(resultMessage);
    const after = await childCpu(processName);
    child.send({ type: 'stop' });
    stopping = true;
    // Per confirmed order: what an unconfirmed one cost still counts, so a run that is not
    // sustained shows its real cost of a finished order, not a flattering share of the work.
    const cpu = cpuPerUnit(before, after, result.outcome.confirmed);
    const cpuMsPerOrder = Object.fromEntries(
      Object.entries(cpu).map(([name, ms]) => [name, Math.round(ms * 100) / 100]),
    );
    return { ...result.outcome, skus, cpuMsPerOrder };
  } finally {
    clearTimeout(limit);
    // Asked to stop, the child closes its subscription and client; otherwise it is ended now.
    const end = setTimeout(() => child.kill('SIGTERM'), stopping ? 5_000 : 0);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(end);
  }
};
