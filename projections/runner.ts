import type { EventStoreDBClient } from '@eventstore/db-client';
import {
  runCatchUp,
  type CatchUpMember,
  type CatchUpRunner,
} from '../infra/eventstore/catch-up-runner.ts';
import type { EventCodec } from '../infra/eventstore/codec.ts';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import { inSpan, SpanKind } from '../infra/telemetry/tracing.ts';
import type { ChangeFeed, ReadModelChange } from '../infra/readmodels/change-feed.ts';
import type { ReadModelCollection, StoredDoc } from '../infra/readmodels/store.ts';
import { checkpointStore, type CheckpointDoc } from './checkpoints.ts';
import { DocumentCache } from './doc-cache.ts';
import { foldInto, touchedIds } from './fold.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { ForeignEvent, ProjectedEvent, Projection } from './projection.ts';
import { commitOfKey } from './position.ts';
import { RateMeter } from './rate.ts';

export interface ProjectionRunnerOptions<D extends StoredDoc> {
  readonly projection: Projection<D>;
  /** The versioned collection this runner fills (e.g. order_summaries__v1_2). */
  readonly target: ReadModelCollection<D>;
  readonly checkpoints: ReadModelCollection<CheckpointDoc>;
  readonly client: EventStoreDBClient;
  readonly codec: EventCodec<DomainEvent | ForeignEvent>;
  readonly feed: ChangeFeed;
  /** Whether its changes go to the feed: only those of the collection reads are served from. */
  publishing(): boolean;
  /** Only streams of ids starting with it (tests sharing one event store). */
  readonly idPrefix?: string;
  /** The least time between two checkpoint writes (0: after every batch). */
  readonly checkpointIntervalMs?: number;
  /** Documents kept in memory between batches; 0 for a store in memory. */
  readonly cacheSize: number;
  readonly maxBatch?: number;
  /**
   * Joins a catch-up subscription shared with other projections (see `createCatchUpGroup`);
   * without it, the runner has a subscription of its own.
   */
  readonly share?: (member: CatchUpMember<DomainEvent | ForeignEvent>) => CatchUpRunner;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
}

export interface ProjectionRunner {
  readonly collection: string;
  readonly catchUp: CatchUpRunner;
  /** The `$all` position of the last event it applied (undefined before the first). */
  lastEvent(): LogPosition | undefined;
  eventsPerSecond(): number;
  readonly done: Promise<void>;
}

/**
 * Runs one projection into one collection on the catch-up runner: per batch, loads the documents
 * the events touch, folds the events into them, writes the changed ones guarded by position,
 * then publishes them; the catch-up runner saves the checkpoint after that.
 */
export const startProjectionRunner = async <D extends StoredDoc>(
  options: ProjectionRunnerOptions<D>,
): Promise<ProjectionRunner> => {
  const { projection, target, feed, logger } = options;
  const collection = target.name;
  await target.ensureIndexes(projection.indexes);
  const checkpoints = checkpointStore(
    options.checkpoints,
    collection,
    options.now,
    options.checkpointIntervalMs ?? 0,
  );
  const fromScratch = (await checkpoints.load()) === undefined && (await target.count()) === 0;
  const cache = new DocumentCache<D>(options.cacheSize, fromScratch && options.cacheSize > 0);
  const rate = new RateMeter();
  const labels = { projection: projection.name };
  const written = options.metrics.counter(
    'projection_documents_written_total',
    'Read-model documents written',
    ['projection'],
  );
  const stale = options.metrics.counter(
    'projection_documents_stale_total',
    'Guarded writes refused (already newer)',
    ['projection'],
  );
  const publishFailures = options.metrics.counter(
    'projection_publish_failures_total',
    'Changes not published to the feed',
    ['projection'],
  );
  let handled = 0;
  let last: LogPosition | undefined;

  const publish = async (docs: readonly D[]) => {
    if (!options.publishing() || docs.length === 0) return;
    const changes: ReadModelChange[] = docs.flatMap((doc) => {
      const view = projection.view(doc);
      if (view === undefined || doc._position === undefined) return [];
      const position = commitOfKey(doc._position);
      return [{ projection: projection.name, id: doc._id, position, document: view }];
    });
    try {
      await feed.publish(changes);
    } catch (error) {
      // The documents are written: a client that missed the change catches up with `since`.
      publishFailures.inc(labels);
      logger.warn({ err: error, projection: projection.name }, 'could not publish changes');
    }
  };

  const handle = async (batch: readonly ProjectedEvent[]) => {
    const ids = touchedIds(projection, batch);
    const { found, unknown } = cache.lookup(ids);
    if (unknown.length > 0)
      for (const [id, doc] of await target.getMany(unknown)) found.set(id, doc);
    const changed = [...foldInto(projection, found, batch)].flatMap((id) => found.get(id) ?? []);
    const outcome = await inSpan(
      {
        name: 'write read model',
        kind: SpanKind.CLIENT,
        attributes: { 'db.collection.name': collection, 'order_ledger.documents': changed.length },
      },
      () => target.bulkPut(changed, 'position'),
    );
    cache.remember(changed);
    written.inc(labels, outcome.written);
    stale.inc(labels, outcome.stale);
    last = batch.at(-1)?.position ?? last;
    handled += batch.length;
    rate.sample(Date.now(), handled);
    await publish(changed);
  };

  const member: CatchUpMember<DomainEvent | ForeignEvent> = {
    name: `projection:${collection}`,
    streamPrefixes: projection.categories.map(
      (category) => `${category}-${options.idPrefix ?? ''}`,
    ),
    checkpoints,
    handle,
    signal: options.signal,
  };
  const catchUp =
    options.share?.(member) ??
    runCatchUp({
      ...member,
      client: options.client,
      codec: options.codec,
      ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
      logger,
      metrics: options.metrics,
    });
  return {
    collection,
    catchUp,
    lastEvent: () => last,
    eventsPerSecond: () => {
      rate.sample(Date.now(), handled);
      return rate.perSecond();
    },
    // The last position is written on the way out; should that fail, those events are replayed.
    done: catchUp.done
      .then(() => checkpoints.flush())
      .catch((error: unknown) => {
        logger.warn({ err: error, collection }, 'could not save the last checkpoint');
      }),
  };
};
