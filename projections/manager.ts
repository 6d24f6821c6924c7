import { randomUUID } from 'node:crypto';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { DomainEvent } from '../domain/events.ts';
import { sleep } from '../infra/eventstore/backoff.ts';
import { createCatchUpGroup, type CatchUpMember } from '../infra/eventstore/catch-up-runner.ts';
import type { EventCodec } from '../infra/eventstore/codec.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { ChangeFeed, ReadModelChange } from '../infra/readmodels/change-feed.ts';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import type { ReadModelStore, StoredDoc } from '../infra/readmodels/store.ts';
import { checkpointsOf } from './checkpoints.ts';
import { lastMatchingEvent } from './log-reads.ts';
import { projectionsLease } from './lease.ts';
import { atOrAfter } from './position.ts';
import { createPointer, pointersOf, requestRebuild } from './pointers.ts';
import type { AnyProjection, ForeignEvent, Projection } from './projection.ts';
import { ProjectionSlot } from './slot.ts';
import { statusesOf } from './status-doc.ts';
import { rebuildProgress, type RebuildProgress } from './status.ts';

export interface ProjectionsOptions {
  readonly store: ReadModelStore;
  readonly client: EventStoreDBClient;
  /** Decodes every event the projections read: the domain's and the saga's. */
  readonly codec: EventCodec<DomainEvent | ForeignEvent>;
  readonly feed: ChangeFeed;
  readonly projections: readonly AnyProjection[];
  readonly idPrefix?: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now?: () => Date;
  /** How often runners are matched to the pointers (and rebuild requests picked up). */
  readonly tickMs?: number;
  readonly graceMs?: number;
  readonly maxBatch?: number;
  /** The head of `$all`, for rebuild progress. */
  readonly head: () => Promise<LogPosition | undefined>;
}

const newGroup = (options: ProjectionsOptions) =>
  createCatchUpGroup<DomainEvent | ForeignEvent>({
    client: options.client,
    codec: options.codec,
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
    logger: options.logger,
    metrics: options.metrics,
  });

export interface ProjectionsRuntime {
  /** Resolves once every read model has applied the log as it stood at start (embedded mode). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs every projection while this process holds the projections lease: one slot per read
 * model, kept in line with its pointer (live runner, rebuild runner, switch, clean-up), and a
 * status document per read model for the admin API and `npm run projections`.
 */
export const startProjections = (options: ProjectionsOptions): ProjectionsRuntime => {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const controller = new AbortController();
  const pointers = pointersOf(store);
  const statuses = statusesOf(store);
  const lease = projectionsLease(store, owner, { ttlMs: 15_000, now: () => now().getTime() });
  // The live runners a tick starts share catch-up subscriptions: every event is read and decoded
  // once for all of them (see createCatchUpGroup).
  let group = newGroup(options);
  const deps = {
    share: (member: CatchUpMember<DomainEvent | ForeignEvent>) => group.join(member),
    store,
    checkpoints: checkpointsOf(store),
    client: options.client,
    codec: options.codec,
    feed: options.feed,
    ...(options.idPrefix === undefined ? {} : { idPrefix: options.idPrefix }),
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
    cacheSize: store.kind === 'memory' ? 0 : 20_000,
    checkpointIntervalMs: store.kind === 'memory' ? 0 : 100,
    now,
    logger,
    metrics: options.metrics,
  };
  const slotOf = <D extends StoredDoc>(projection: Projection<D>) =>
    new ProjectionSlot({
      projection,
      deps,
      pointers,
      graceMs: options.graceMs ?? 10_000,
      switchTimeoutMs: 10_000,
    });
  const slots = options.projections.map(slotOf);
  const prefixesOf = (projection: AnyProjection) =>
    projection.categories.map((category) => `${category}-${options.idPrefix ?? ''}`);

  const progressChange = (name: string, rebuild: RebuildProgress): ReadModelChange => ({
    projection: 'projections',
    id: name,
    position: rebuild.position?.commit ?? 0,
    document: { name, rebuild },
  });
  const publishProgress = async (changes: readonly ReadModelChange[]) => {
    try {
      await options.feed.publish(changes);
    } catch (error) {
      logger.warn({ err: error }, 'could not publish rebuild progress');
    }
  };

  const syncAll = async () => {
    for (const [index, projection] of options.projections.entries()) {
      let pointer =
        (await pointers.get(projection.name)) ??
        (await createPointer(pointers, projection.name, projection.version));
      if (pointer.version !== projection.version && pointer.building === null) {
        await requestRebuild(
          pointers,
          projection.name,
          projection.version,
          'version change',
          now(),
        );
        pointer = (await pointers.get(projection.name)) ?? pointer;
      }
      const switched = await slots[index]?.sync(pointer, now());
      if (switched !== undefined) {
        const position = slots[index]?.liveRunner()?.catchUp.status().position;
        const head = await options.head();
        await publishProgress([
          progressChange(
            projection.name,
            rebuildProgress(switched, position, head, undefined, true),
          ),
        ]);
      }
    }
  };

  const holding = { held: false };
  let lastReport = 0;
  const tick = async () => {
    if (!(await lease.acquire())) {
      if (holding.held) logger.warn('lost the projections lease; standing by');
      holding.held = false;
      await Promise.all(slots.map((slot) => slot.stop()));
      return;
    }
    if (!holding.held) logger.info({ owner }, 'running the projections');
    holding.held = true;
    group = newGroup(options);
    try {
      await syncAll();
    } finally {
      group.start();
    }
    if (Date.now() - lastReport >= 1_000) {
      lastReport = Date.now();
      const reports = slots.map((slot) => slot.status(owner, now()));
      await statuses.bulkPut(reports, 'none');
      await options.feed.publish(
        reports
          .filter((r) => r.rebuild !== null)
          .map((r) => ({ projection: 'projections', id: r.name, position: 0, document: r })),
      );
    }
  };

  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await tick();
      } catch (error) {
        logger.warn({ err: error }, 'projections tick failed; trying again');
      }
      await sleep(options.tickMs ?? 250, controller.signal);
    }
    await Promise.all(slots.map((slot) => slot.stop()));
    if (holding.held) await lease.release().catch(() => undefined);
  })();

  const caughtUp = async () => {
    const targets = await Promise.all(
      options.projections.map((p) => lastMatchingEvent(options.client, prefixesOf(p))),
    );
    while (!controller.signal.aborted) {
      const done = slots.every((slot, index) => {
        const runner = slot.liveRunner();
        if (runner?.catchUp.status().state !== 'live') return false;
        // The runner's position passes an unreadable event it skipped; the last event it
        // applied never would, were the target that event.
        const target = targets[index];
        return (
          atOrAfter(runner.lastEvent(), target) ||
          atOrAfter(runner.catchUp.status().position, target)
        );
      });
      if (done) return;
      await sleep(25, controller.signal);
    }
  };

  return {
    caughtUp,
    async stop() {
      controller.abort();
      await loop;
    },
  };
};
