import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { Request, Response, Router } from 'express';
import { SERVER_VERSION } from '../grpc/server-features.ts';
import type { Store } from '../store/store.ts';

export interface NodeFacts {
  readonly store: Store;
  /** Whether the projections subsystem runs (KurrentDB's `projections` feature). */
  readonly projections: boolean;
  readonly startedAt: Date;
  /** How many events the log held when the server started. */
  readonly eventsAtStart: number;
  /** The machine's CPU use in percent since the previous call. */
  readonly machineCpu: () => number;
}

/** Machine CPU use between calls, from the kernel's per-core time counters. */
export const machineCpuMeter = (): (() => number) => {
  const sample = () =>
    cpus().reduce(
      (sum, { times }) => ({
        busy: sum.busy + times.user + times.nice + times.sys + times.irq,
        total: sum.total + times.user + times.nice + times.sys + times.irq + times.idle,
      }),
      { busy: 0, total: 0 },
    );
  let previous = sample();
  return () => {
    const current = sample();
    const total = current.total - previous.total;
    const busy = current.busy - previous.busy;
    previous = current;
    return total > 0 ? (busy / total) * 100 : 0;
  };
};

/**
 * KurrentDB's node endpoints: `/ping`, `/info` (version, node state, features, authentication),
 * `/health/live` (204, or `?liveCode=`), and `/stats` (process, system and queue statistics).
 */
export const nodeInfoRoutes = (router: Router, facts: NodeFacts): void => {
  router.get('/ping', (_request, response) => {
    response.json({ text: 'Ping request successfully handled' });
  });
  router.get('/info', (_request, response) => {
    response.json({
      dbVersion: SERVER_VERSION,
      esVersion: SERVER_VERSION,
      // A single node that accepts writes is the leader.
      state: 'leader',
      features: { projections: facts.projections, userManagement: false, atomPub: true },
      // What an insecure KurrentDB reports: no TLS, no authentication provider checking.
      authentication: { type: 'insecure', properties: {} },
    });
  });
  router.get('/health/live', (request: Request, response: Response) => {
    const code = Number(request.query.liveCode);
    response.status(Number.isInteger(code) && code >= 200 && code < 600 ? code : 204).end();
  });
  router.get('/stats', (_request, response) => {
    response.json(stats(facts));
  });
};

const stats = (facts: NodeFacts) => {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const uptimeS = process.uptime();
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / (uptimeS * 1000)) * 100;
  const [one, five, fifteen] = loadavg();
  const head = facts.store.all.at(-1)?.position ?? 0;
  return {
    proc: {
      startTime: facts.startedAt.toISOString(),
      id: process.pid,
      mem: memory.rss,
      cpu: round(cpuPercent),
      cpuScaled: round(cpuPercent / Math.max(1, cpus().length)),
      threadsCount: 1,
      gc: { totalBytesInHeaps: memory.heapTotal },
    },
    sys: {
      cpu: round(facts.machineCpu()),
      freeMem: freemem(),
      totalMem: totalmem(),
      loadavg: { '1m': one ?? 0, '5m': five ?? 0, '15m': fifteen ?? 0 },
    },
    es: {
      // The log's end: the position the next write starts at once everything pending is flushed.
      checksum: head,
      checksumNonFlushed: head,
      queue: {
        StorageWriterQueue: {
          queueName: 'StorageWriterQueue',
          groupName: '',
          length: facts.store.pendingWrites,
          // Events the writer made durable since this process opened the log.
          totalItemsProcessed: facts.store.all.length - facts.eventsAtStart,
        },
      },
    },
  };
};

const round = (value: number): number => Math.round(value * 100) / 100;
