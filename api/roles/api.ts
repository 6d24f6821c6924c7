import { createServer, type Server } from 'node:http';
import type { Config } from '../../infra/config.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { createFulfilmentOperator } from '../../processes/fulfilment/index.ts';
import type { Clock } from '../../processes/ports/clock.ts';
import type { ChangeFeed } from '../../infra/readmodels/change-feed.ts';
import { createApp } from '../app.ts';
import type { TokenIssuer, TokenVerifier } from '../auth/tokens.ts';
import type { Catalog } from '../catalog.ts';
import type { Route } from '../http/route.ts';
import { attachLiveUpdates } from '../live/attach.ts';
import { orderOwnerFromStream } from '../live/ownership.ts';
import { adminOrderRoutes } from '../routes/admin-orders.ts';
import { adminSubscriptionRoutes } from '../routes/admin-subscriptions.ts';
import { auditRoutes } from '../routes/audit.ts';
import { devTokenRoutes, whoAmIRoutes } from '../routes/auth.ts';
import { healthRoutes } from '../routes/health.ts';
import { inventoryCommandRoutes } from '../routes/inventory.ts';
import { orderCommandRoutes } from '../routes/orders.ts';
import { productRoutes } from '../routes/products.ts';
import { loadStats } from '../routes/stats.ts';
import { loadUiHandler } from '../ui.ts';
import { fulfilmentConfigOf } from './processes.ts';
import { readModelCatalog, readModelRoutes, type ReadSide } from './projections.ts';

export interface ApiRole {
  readonly url: string;
  stop(): Promise<void>;
}

const listen = (server: Server, host: string, port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
    });
  });

/** The api role: the HTTP API, Socket.IO and the UI on one port. */
export const startApiRole = async (deps: {
  config: Config;
  store: EventStore;
  aggregates: Aggregates;
  catalog: Catalog;
  tokens: TokenVerifier & Partial<TokenIssuer>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  readSide: ReadSide;
  /** Read-model changes, relayed to Socket.IO clients. */
  feed: ChangeFeed;
  /** Only /health, /ready and /metrics: what a processes or projections process serves. */
  opsOnly?: boolean;
}): Promise<ApiRole> => {
  const { config, store, aggregates, catalog, tokens, metrics } = deps;
  const now = () => deps.clock.now();
  const operator = createFulfilmentOperator({
    store,
    clock: deps.clock,
    config: fulfilmentConfigOf(config),
    logger: deps.logger,
    metrics,
  });
  const ops = healthRoutes(
    [
      {
        name: 'eventstore',
        check: async () => {
          await store.headPosition();
        },
      },
      { name: 'read-models', check: () => deps.readSide.ready() },
    ],
    metrics.registry,
  );
  const routes: Route[] = deps.opsOnly
    ? ops
    : [
        ...ops,
        ...whoAmIRoutes(),
        ...(config.embedded && tokens.issue ? devTokenRoutes({ issue: tokens.issue }) : []),
        ...productRoutes(readModelCatalog(catalog, deps.readSide.readModels)),
        ...orderCommandRoutes({ aggregates, catalog, clock: now }),
        ...readModelRoutes({ readSide: deps.readSide, store, aggregates, catalog, now }),
        ...auditRoutes(store.client),
        ...inventoryCommandRoutes({ aggregates, catalog, clock: now }),
        ...adminOrderRoutes(operator),
        ...adminSubscriptionRoutes(store.client),
      ];
  const ui = deps.opsOnly ? undefined : await loadUiHandler();
  if (!deps.opsOnly && ui === undefined)
    deps.logger.warn('the UI is not built (npm run build:ui): serving the API only');
  const app = createApp({
    logger: componentLogger(deps.logger, 'http'),
    metrics,
    verifier: tokens,
    routes,
    ...(ui === undefined ? {} : { fallback: ui }),
  });
  const server = createServer(app);
  const live = deps.opsOnly
    ? undefined
    : attachLiveUpdates(server, {
        verifier: tokens,
        feed: deps.feed,
        ownerOf: orderOwnerFromStream(aggregates),
        loadStats: () => loadStats(deps.readSide.readModels, catalog, now),
        logger: deps.logger,
        metrics,
      });
  const url = await listen(server, config.HOST, config.PORT);
  return {
    url,
    async stop() {
      await live?.close();
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      // Idle keep-alive connections would hold close() open until they time out.
      server.closeIdleConnections();
      await closed;
    },
  };
};
