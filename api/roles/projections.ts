import { fraudReviewRoutes } from '../routes/fraud-reviews.ts';
import { cartEvents, domainEvents } from '../../domain/events.ts';
import { productEvents } from '../../domain/product/events.ts';
import { combineCodecs, type EventCodec } from '../../infra/eventstore/codec.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { ChangeFeed } from '../../infra/readmodels/change-feed.ts';
import type { ReadModelStore } from '../../infra/readmodels/store.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';
import { allProjections } from '../../projections/index.ts';
import { startProjections, type ProjectionsRuntime } from '../../projections/manager.ts';
import type { ForeignEvent } from '../../projections/projection.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { createReadModels, type ReadModels } from '../../projections/read-models.ts';
import type { Catalog } from '../catalog.ts';
import type { Route } from '../http/route.ts';
import { adminProjectionRoutes } from '../routes/admin-projections.ts';
import { analyticsRoutes } from '../routes/analytics.ts';
import { availabilityFromReadModel, inventoryLevelRoutes } from '../routes/inventory-levels.ts';
import { orderDetailRoutes } from '../routes/order-detail.ts';
import type { OpenerOf } from '../orders/ship-to.ts';
import { orderListRoutes } from '../routes/order-list.ts';
import { createOrderCursors } from '../routes/order-cursor.ts';
import { recommendationRoutes } from '../routes/recommendations.ts';
import { statsRoutes } from '../routes/stats.ts';
import { timelineRoutes } from '../routes/timeline.ts';

/**
 * Every event a projection reads: the domain's, the catalog's (products reach projections as
 * foreign events, checked here by their own schemas), the fulfilment saga's for the timelines,
 * and the carts' for analytics (skus and quantities only: a cart holds no personal data).
 */
export const projectionCodec: EventCodec<DomainEvent | ForeignEvent> = combineCodecs<
  DomainEvent | ForeignEvent
>(domainEvents, productEvents, sagaEvents, cartEvents);

export interface ProjectionsRole {
  readonly runtime: ProjectionsRuntime;
  stop(): Promise<void>;
}

/**
 * The projections role: every read model's runners (one process at a time holds the lease),
 * writing to the read-model store and publishing each change to the feed.
 */
export const startProjectionsRole = (deps: {
  store: EventStore;
  readStore: ReadModelStore;
  feed: ChangeFeed;
  logger: Logger;
  metrics: Metrics;
  idPrefix?: string;
}): ProjectionsRole => {
  const runtime = startProjections({
    store: deps.readStore,
    client: deps.store.client,
    codec: projectionCodec,
    feed: deps.feed,
    projections: allProjections,
    head: () => deps.store.headPosition(),
    logger: componentLogger(deps.logger, 'projections'),
    metrics: deps.metrics,
    ...(deps.idPrefix === undefined ? {} : { idPrefix: deps.idPrefix }),
  });
  return { runtime, stop: () => runtime.stop() };
};

/** What the api role needs of the read models: the store, the reader, and whether they are ready. */
export interface ReadSide {
  readonly readStore: ReadModelStore;
  readonly readModels: ReadModels;
  /** Throws while read models kept in memory are still being rebuilt from the log (for /ready). */
  ready(): Promise<void>;
}

/**
 * The read side: in memory (embedded mode) the read models are rebuilt from the log at start, and
 * the process is not ready until they have caught up; in MongoDB they are ready when it answers.
 */
export const createReadSide = (
  readStore: ReadModelStore,
  projections: ProjectionsRole | undefined,
): ReadSide => {
  let caughtUp = readStore.kind !== 'memory' || projections === undefined;
  void projections?.runtime.caughtUp().then(() => {
    caughtUp = true;
  });
  return {
    readStore,
    readModels: createReadModels(readStore),
    async ready() {
      await readStore.ping();
      if (!caughtUp) throw new Error('the read models are still being rebuilt from the log');
    },
  };
};

/** Every route served from the read models, and the admin routes that run them. */
export const readModelRoutes = (deps: {
  readSide: ReadSide;
  store: EventStore;
  aggregates: Aggregates;
  catalog: Catalog;
  now: () => Date;
  /** Signs list cursors; every api process that should accept the others' cursors shares it. */
  cursorSecret: string;
  /** PAYMENT_DECLINE_GRACE_MS, for the deadline of an order that needs attention. */
  paymentDeclineGraceMs?: number;
  /** Opens an order's sealed ship-to for who may see it; absent where accounts are off. */
  openerOf?: OpenerOf | undefined;
}): Route[] => {
  const { readModels, readStore } = deps.readSide;
  const sources = {
    store: readStore,
    client: deps.store.client,
    head: () => deps.store.headPosition(),
    now: deps.now,
  };
  return [
    ...orderListRoutes(
      readModels,
      createOrderCursors(deps.cursorSecret),
      deps.paymentDeclineGraceMs === undefined
        ? {}
        : { paymentDeclineGraceMs: deps.paymentDeclineGraceMs },
    ),
    ...orderDetailRoutes(readModels, deps.aggregates, deps.openerOf),
    ...timelineRoutes(readModels),
    ...inventoryLevelRoutes(readModels, deps.catalog),
    ...statsRoutes(readModels, deps.catalog, deps.now),
    ...analyticsRoutes(readModels, deps.now),
    ...recommendationRoutes(readModels, deps.catalog),
    ...fraudReviewRoutes(readModels),
    ...adminProjectionRoutes(sources, allProjections),
  ];
};

/** The catalog with what is available of each product read from `inventory_levels`. */
export const readModelCatalog = (catalog: Catalog, readModels: ReadModels): Catalog => ({
  ...catalog,
  withAvailability: availabilityFromReadModel(readModels),
});
