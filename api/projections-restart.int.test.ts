import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import { connectMongoStore } from '../infra/readmodels/mongo-store.ts';
import type { ReadModelStore } from '../infra/readmodels/store.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { checkpointsOf } from '../projections/checkpoints.ts';
import { allProjections } from '../projections/index.ts';
import { lastMatchingEvent } from '../projections/log-reads.ts';
import { orderSummaries } from '../projections/order-summaries/index.ts';
import { collectionName } from '../projections/pointers.ts';
import { atOrAfter, comparePositions } from '../projections/position.ts';
import { activeDocuments, foldedDocuments, readLog } from '../projections/testing/log.ts';
import { appendOrderLog } from '../projections/testing/order-log.ts';
import { projectionCodec } from './roles/projections.ts';
import { metricValue, startApp, stopApps, type AppChild } from './testing/app-processes.ts';
import { testSecret } from './testing/test-api.ts';

// The projections role killed with -9 while it catches up on a log of 300 orders, then started
// again: it goes on from its checkpoints, and its read models end as a fold of the log gives them.
// 300 orders (some 3,600 events) keep the kill well inside the catch-up (it lands past a third,
// polled every 20 ms, with checkpoints every 100 ms); 800 only made every phase longer.
const ORDERS = 300;
let eventStore: StartedServer | undefined;
let store: EventStore | undefined;
let readStore: ReadModelStore | undefined;
let projections: AppChild | undefined;
const database = `restart_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  eventStore = await startPrivateEventStore();
  store = connectEventStore(eventStore.url);
  readStore = await connectMongoStore(serverUrl('mongodb'), database);
});

afterAll(async () => {
  await stopApps([projections]);
  await readStore?.close();
  await store?.close();
  await eventStore?.stop();
});

const prefixesOf = (categories: readonly string[]) => categories.map((category) => `${category}-`);

describe('the projections role killed in the middle of catching up', () => {
  it('resumes from its checkpoints and ends with the documents of a fold of the whole log', async () => {
    if (store === undefined || readStore === undefined || eventStore === undefined)
      throw new Error('not started');
    await appendOrderLog(store, projectionCodec, ORDERS);
    const checkpoints = checkpointsOf(readStore);
    const summaries = collectionName(orderSummaries.name, orderSummaries.version, 1);
    const lastEvents = new Map<string, LogPosition | undefined>();
    for (const projection of allProjections)
      lastEvents.set(
        projection.name,
        await lastMatchingEvent(store.client, prefixesOf(projection.categories)),
      );
    const end = lastEvents.get('order_summaries');
    if (end === undefined) throw new Error('no events');

    projections = await startApp({
      role: 'projections',
      env: {
        EVENTSTORE_CONNECTION_STRING: eventStore.url,
        MONGODB_URL: serverUrl('mongodb'),
        MONGODB_DATABASE: database,
        JWT_SECRET: testSecret,
        LOG_LEVEL: 'warn',
      },
    });
    let reached: LogPosition | undefined;
    const started = Date.now() + 60_000;
    while (reached === undefined || reached.commit < end.commit * 0.3) {
      if (Date.now() > started)
        throw new Error(`${summaries} never got a third of the way:\n${projections.output()}`);
      await sleep(20);
      reached = (await checkpoints.get(summaries))?.position;
    }
    await projections.kill();
    const resumeFrom = (await checkpoints.get(summaries))?.position;
    if (resumeFrom === undefined) throw new Error('no checkpoint');
    expect(comparePositions(resumeFrom, end)).toBeLessThan(0);

    await projections.start();
    const deadline = Date.now() + 150_000;
    const caughtUp = async () => {
      for (const projection of allProjections) {
        const position = (
          await checkpoints.get(collectionName(projection.name, projection.version, 1))
        )?.position;
        if (!atOrAfter(position, lastEvents.get(projection.name))) return false;
      }
      return true;
    };
    while (!(await caughtUp()) && Date.now() < deadline) await sleep(250);
    expect(await caughtUp(), projections.output()).toBe(true);

    // Resumed, not started over: after the restart it read only what followed its checkpoint.
    const { client } = store;
    const models = readStore;
    const log = await readLog(client, projectionCodec, allProjections[0]?.categories ?? []);
    const after = log.filter(
      (e) => e.position !== undefined && comparePositions(e.position, resumeFrom) > 0,
    );
    const handled = metricValue(
      await projections.metrics(),
      'order_ledger_catchup_events_handled_total',
      {
        subscription: `projection:${summaries}`,
      },
    );
    expect(handled).toBe(after.length);
    expect(after.length).toBeLessThan(log.length);

    // Every read model read back and folded at once: each is its own reads, none depends on another.
    const compared = await Promise.all(
      allProjections.map(async (projection) => ({
        name: projection.name,
        docs: (await activeDocuments(models, projection)).docs,
        folded: await foldedDocuments(client, projectionCodec, projection),
      })),
    );
    for (const { name, docs, folded } of compared) {
      expect(docs.size, name).toBeGreaterThan(0);
      expect(docs, name).toEqual(folded);
    }
  }, 240_000);
});
