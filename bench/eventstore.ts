import { randomUUID } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import {
  EventStoreDBClient,
  jsonEvent,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
  type EventData,
} from '@eventstore/db-client';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import { spawnEventStore } from '../infra/eventstore-server/child.ts';
import { prepareAppendThreads } from './_append-worker.ts';
import { printFigures, type Figure } from './_report.ts';

// `npm run bench -- eventstore`: the embedded EventStoreDB server in a child process (durable log
// in a temp dir) against the real client here, each figure next to a baseline from the same run.
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3_000);

const payload = {
  orderId: randomUUID(),
  customerId: 'customer-42',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1999, currency: 'EUR' } }],
  total: { amount: 3998, currency: 'EUR' },
  placedAt: new Date().toISOString(),
};
const metadata = {
  $correlationId: randomUUID(),
  $causationId: randomUUID(),
  schemaVersion: 1,
  actor: 'bench',
};
const event = (): EventData => jsonEvent({ type: 'OrderPlaced', data: payload, metadata });
const eventBytes =
  Buffer.byteLength(JSON.stringify(payload)) + Buffer.byteLength(JSON.stringify(metadata));

/** Runs `concurrency` loops of `operation` for `ms`; returns completed operations. */
const repeat = async (
  ms: number,
  concurrency: number,
  operation: (worker: number) => Promise<void>,
): Promise<number> => {
  const deadline = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        await operation(worker);
        done++;
      }
    }),
  );
  return done;
};

/** Operations per second of `operation` run `concurrency`-wide for `ms`. */
const rate = async (
  ms: number,
  concurrency: number,
  operation: (worker: number) => Promise<void>,
): Promise<number> => {
  const started = performance.now();
  const done = await repeat(ms, concurrency, operation);
  return done / ((performance.now() - started) / 1000);
};

/** CPU milliseconds used so far by this process (the client) and by the server child. */
const cpuMs = async (serverPid: number | undefined) => {
  const own = process.cpuUsage();
  let server = Number.NaN;
  try {
    const stat = await readFile(`/proc/${String(serverPid)}/stat`, 'utf8');
    // Fields after the command name: state is field 3, utime 14 and stime 15, in 1/100 s ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    server = (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    // No procfs (not Linux): the split is left out, the throughput figures still hold.
  }
  return { client: (own.user + own.system) / 1000, server };
};

/**
 * Runs a phase that reports how many units (appends, events) it completed and returns their rate
 * per second, with the CPU each side spent per unit — on a shared host the wall-clock rate alone
 * cannot tell a slow server from a starved one.
 */
const measure = async (serverPid: number | undefined, phase: () => Promise<number>) => {
  const cpuBefore = await cpuMs(serverPid);
  const started = performance.now();
  const units = await phase();
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await cpuMs(serverPid);
  const perUnit = (before: number, after: number) => ((after - before) * 1000) / units;
  const client = perUnit(cpuBefore.client, cpuAfter.client);
  const server = perUnit(cpuBefore.server, cpuAfter.server);
  const split = Number.isNaN(server)
    ? `client ${client.toFixed(0)} µs`
    : `client ${client.toFixed(0)} µs, server ${server.toFixed(0)} µs`;
  return { units, perSecond: units / seconds, cpu: `CPU/unit: ${split}` };
};

/** The same bytes, written and fdatasync'ed to a plain file, one sync per write. */
const fileBaseline = async (
  dir: string,
  concurrency: number,
  bytesPerWrite: number,
): Promise<number> => {
  const file = await open(join(dir, `baseline-${concurrency}-${bytesPerWrite}`), 'w');
  const bytes = Buffer.alloc(bytesPerWrite, 7);
  try {
    return await rate(PHASE_MS, concurrency, async () => {
      await file.write(bytes);
      await file.datasync();
    });
  } finally {
    await file.close();
  }
};

const dir = await mkdtemp(join(tmpdir(), 'bench-eventstore-'));
const server = await spawnEventStore(join(dir, 'data'), { logLevel: 'warn' });
const client = EventStoreDBClient.connectionString(server.connectionString);
const serverPid = server.process.pid;
const figures: Figure[] = [];
try {
  await client.appendToStream('bench-warmup', event());

  const [address = ''] = server.connectionString.replace('esdb://', '').split('?');
  const features = new serverFeaturesGrpc.ServerFeaturesClient(
    address,
    credentials.createInsecure(),
  );
  const roundTrip = await rate(
    PHASE_MS,
    1,
    () =>
      new Promise<void>((resolve, reject) => {
        features.getSupportedMethods(new sharedPb.Empty(), (error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  );
  features.close();
  const grpcBaseline = { name: 'empty gRPC round trips/s', value: roundTrip };

  // The same 100 writers from two client threads: the server's throughput, not one JS thread's.
  const threads = await prepareAppendThreads(2, {
    url: server.connectionString,
    prefix: `bench-threads-${randomUUID()}`,
    writers: 50,
    size: 100,
    ms: PHASE_MS,
    data: payload,
    metadata,
  });
  const threaded = await measure(serverPid, () => threads.run());
  figures.push({
    name: `append, 100 writers on 2 client threads, 100-event batches (${threaded.cpu} event)`,
    value: threaded.perSecond,
    unit: 'events/s',
    baseline: {
      name: "fsync'd file writes (events)/s",
      value: (await fileBaseline(dir, 100, eventBytes * 100)) * 100,
    },
    target: { atLeast: 30_000 },
  });

  for (const writers of [1, 100]) {
    for (const size of [1, 100]) {
      const events = Array.from({ length: size }, event);
      const appends = await measure(serverPid, () =>
        repeat(PHASE_MS, writers, async (worker) => {
          await client.appendToStream(
            `bench-${writers}-${size}-${worker}`,
            size === 1 ? event() : events.map(() => event()),
          );
        }),
      );
      const file = await fileBaseline(dir, writers, eventBytes * size);
      const single = size === 1;
      figures.push({
        name: `append, ${writers} writer${writers > 1 ? 's' : ''}, ${single ? 'single events' : '100-event batches'} (${appends.cpu} append)`,
        value: single ? appends.perSecond : appends.perSecond * size,
        unit: single ? 'appends/s' : 'events/s',
        baseline: {
          name: `fsync'd file writes${single ? '' : ' (events)'}/s`,
          value: single ? file : file * size,
        },
        ...(writers === 100 && single ? { target: { atLeast: 3_000 } } : {}),
      });
    }
  }
  const read = await measure(serverPid, async () => {
    let events = 0;
    for await (const resolved of client.readAll({ fromPosition: START, maxCount: 200_000 })) {
      if (resolved.event !== undefined) events++;
    }
    return events;
  });
  figures.push({
    name: `readAll (${read.units} events; ${read.cpu} event)`,
    value: read.perSecond,
    unit: 'events/s',
    baseline: grpcBaseline,
    target: { atLeast: 25_000 },
  });

  const caught = await measure(serverPid, async () => {
    let events = 0;
    const subscription = client.subscribeToAll({ fromPosition: START });
    for await (const resolved of subscription) {
      if (resolved.event !== undefined) events++;
      if (events >= read.units) break;
    }
    await subscription.unsubscribe();
    return events;
  });
  figures.push({
    name: `catch-up subscription to $all (${caught.units} events; ${caught.cpu} event)`,
    value: caught.perSecond,
    unit: 'events/s',
    baseline: grpcBaseline,
  });

  const stream = `bench-persistent-${randomUUID()}`;
  const total = 20_000;
  for (let written = 0; written < total; written += 500) {
    await client.appendToStream(stream, Array.from({ length: 500 }, event));
  }
  const group = `bench-${randomUUID()}`;
  await client.createPersistentSubscriptionToStream(
    stream,
    group,
    persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
  );
  const acked = await measure(serverPid, async () => {
    let events = 0;
    const consumer = client.subscribeToPersistentSubscriptionToStream(stream, group, {
      bufferSize: 100,
    });
    for await (const delivery of consumer) {
      await consumer.ack(delivery);
      if (++events >= total) break;
    }
    await consumer.unsubscribe();
    return events;
  });
  figures.push({
    name: `persistent subscription with ack (${acked.units} events; ${acked.cpu} event)`,
    value: acked.perSecond,
    unit: 'events/s',
    baseline: grpcBaseline,
  });

  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  printFigures(
    `Embedded EventStoreDB (server in a child process, durable log; load average ${load} on ${cpus().length} cores)`,
    figures,
  );
} finally {
  await client.dispose();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
