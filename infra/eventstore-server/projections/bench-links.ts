// What deriving the system projections' links costs an append, against writing them to the log as
// KurrentDB does. `node infra/eventstore-server/projections/bench-links.ts`: appends through the
// Store over a real file log (fsync, group commit), 8 writers, one event per append with a
// `$correlationId`, 5 events per stream; three ways:
//   none   no projections;
//   index  the standard projections deriving links in memory (what the server does);
//   log    the links written to the log as `$>` events once their event committed (KurrentDB).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../logger.ts';
import { openFileLog } from '../log/file-log.ts';
import { ExpectedVersion, type EventRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';
import { passesSource, standardProjections } from './standard.ts';
import { ProjectionsSubsystem } from './subsystem.ts';

type Mode = 'none' | 'index' | 'log';
const WRITERS = 8;
const APPENDS = Number(process.env.APPENDS ?? 4000);
const PER_STREAM = 5;

const data = Buffer.from(
  JSON.stringify({
    orderId: randomUUID(),
    lines: [{ sku: 'SKU-1', quantity: 2 }],
    note: 'x'.repeat(200),
  }),
);

const writeLinks = (store: Store, records: readonly EventRecord[], pending: Promise<unknown>[]) => {
  for (const record of records) {
    for (const projection of standardProjections) {
      if (!passesSource(record, projection.includeLinks)) continue;
      const emitted = projection.emit(record, projection.query);
      if (emitted === undefined) continue;
      pending.push(
        store.append(emitted.stream, ExpectedVersion.any, [
          {
            id: randomUUID(),
            type: emitted.type,
            isJson: false,
            data: Buffer.from(emitted.data),
            metadata: Buffer.from(
              typeof emitted.metadata === 'function'
                ? emitted.metadata(record)
                : (emitted.metadata ?? ''),
            ),
          },
        ]),
      );
    }
  }
};

const run = async (mode: Mode) => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-links-'));
  const opened = await openFileLog(dir, silentLogger());
  const store = new Store(opened.log, opened.records);
  const pending: Promise<unknown>[] = [];
  if (mode === 'index') new ProjectionsSubsystem(store, silentLogger()).start();
  if (mode === 'log')
    store.onCommit((records) => {
      writeLinks(
        store,
        records.filter((r) => !r.stream.startsWith('$')),
        pending,
      );
    });
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      let stream = '';
      for (let i = writer; i < APPENDS; i += WRITERS) {
        if (i % PER_STREAM === writer % PER_STREAM || stream === '')
          stream = `order-${randomUUID()}`;
        const correlationId = stream.slice(6);
        const at = performance.now();
        await store.append(stream, ExpectedVersion.any, [
          {
            id: randomUUID(),
            type: 'OrderPlaced',
            isJson: true,
            data,
            metadata: Buffer.from(
              JSON.stringify({ $correlationId: correlationId, actor: 'bench' }),
            ),
          },
        ]);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const appended = performance.now() - started;
  await Promise.all(pending);
  const settled = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const result = {
    mode,
    appendsPerS: Math.round(APPENDS / (appended / 1000)),
    p50Ms: Number((latencies[Math.floor(latencies.length / 2)] ?? 0).toFixed(2)),
    p99Ms: Number((latencies[Math.floor(latencies.length * 0.99)] ?? 0).toFixed(2)),
    linksSettledMs: Math.round(settled),
    cpuUsPerAppend: Math.round((used.user + used.system) / APPENDS),
    logBytesPerAppend: Math.round(opened.log.end / APPENDS),
    syncs: opened.log.syncs,
  };
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return result;
};

// Interleaved rounds, medians: the disk and the cores are shared, so single runs are noisy.
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const modes = ['none', 'index', 'log'] as const;
const runs: Awaited<ReturnType<typeof run>>[] = [];
for (let round = 0; round < ROUNDS; round++) for (const mode of modes) runs.push(await run(mode));
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.table(
  modes.map((mode) => {
    const mine = runs.filter((r) => r.mode === mode);
    return {
      mode,
      appendsPerS: median(mine.map((r) => r.appendsPerS)),
      p50Ms: median(mine.map((r) => r.p50Ms)),
      p99Ms: median(mine.map((r) => r.p99Ms)),
      linksSettledMs: median(mine.map((r) => r.linksSettledMs)),
      cpuUsPerAppend: median(mine.map((r) => r.cpuUsPerAppend)),
      logBytesPerAppend: median(mine.map((r) => r.logBytesPerAppend)),
      syncs: median(mine.map((r) => r.syncs)),
    };
  }),
);
