import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { adminClient, CliError } from './cli-client.ts';
import { progressLine, statusTable } from './cli-render.ts';
import {
  projectionListSchema,
  rebuildProgressSchema,
  rebuildStartedSchema,
} from './status-schema.ts';

// `npm run projections -- status | rebuild <name> [--url http://localhost:3000]`: the read models
// of a running Order Ledger through its admin API, with a live progress bar during a rebuild.
const usage = 'usage: npm run projections -- status | rebuild <name> [--url http://localhost:3000]';

const { values, positionals } = parseArgs({
  options: { url: { type: 'string', default: 'http://localhost:3000' } },
  allowPositionals: true,
});
const [command, name] = positionals;

const rebuildConflict = z.object({ rebuild: rebuildProgressSchema });

const run = async (): Promise<void> => {
  const api = await adminClient(values.url, process.env.ORDER_LEDGER_TOKEN || undefined);
  const list = async () =>
    (await api.json('/api/admin/projections', projectionListSchema)).body.items;
  if (command === 'status' && name === undefined) {
    console.log(statusTable(await list()));
    return;
  }
  if (command !== 'rebuild' || name === undefined) throw new CliError(usage);
  const started = await api.json(
    `/api/admin/projections/${encodeURIComponent(name)}/rebuild`,
    z.union([rebuildStartedSchema, rebuildConflict]),
    { method: 'POST' },
    [202, 409],
  );
  const target = started.body.rebuild.collection;
  console.log(
    started.status === 202
      ? `rebuilding ${name} into ${target}`
      : `a rebuild of ${name} into ${target} is already running; following it`,
  );
  const live = process.stdout.isTTY;
  let shownAt = 0;
  for (;;) {
    const item = (await list()).find((candidate) => candidate.name === name);
    const progress = item?.rebuild?.collection === target ? item.rebuild : undefined;
    const done = progress?.done === true || (progress === undefined && item?.collection === target);
    const line =
      progress === undefined
        ? done
          ? 'done'
          : 'waiting for the projections to start it'
        : progressLine(progress);
    if (live) process.stdout.write(`\r${line}\u001b[K`);
    else if (done || Date.now() - shownAt >= 2_000) {
      console.log(line);
      shownAt = Date.now();
    }
    if (done) break;
    await sleep(500);
  }
  if (live) process.stdout.write('\n');
  console.log(`${name} now reads from ${target}`);
};

try {
  await run();
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
