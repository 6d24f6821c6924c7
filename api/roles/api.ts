import { createServer, type Server } from 'node:http';
import type { Config } from '../../infra/config.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { createFulfilmentOperator } from '../../processes/fulfilment/index.ts';
import type { Clock } from '../../processes/ports/clock.ts';
import { createApp } from '../app.ts';
import type { TokenIssuer, TokenVerifier } from '../auth/tokens.ts';
import type { Catalog } from '../catalog.ts';
import type { Route } from '../http/route.ts';
import { adminOrderRoutes } from '../routes/admin-orders.ts';
import { adminSubscriptionRoutes } from '../routes/admin-subscriptions.ts';
import { auditRoutes } from '../routes/audit.ts';
import { devTokenRoutes, whoAmIRoutes } from '../routes/auth.ts';
import { healthRoutes } from '../routes/health.ts';
import { inventoryCommandRoutes } from '../routes/inventory.ts';
import { orderStreamQueryRoutes } from '../routes/order-queries.ts';
import { orderCommandRoutes } from '../routes/orders.ts';
import { productRoutes } from '../routes/products.ts';
import { fulfilmentConfigOf } from './processes.ts';

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

/** The api role: HTTP (and, later, Socket.IO and the UI) on one port. */
export const startApiRole = async (deps: {
  config: Config;
  store: EventStore;
  aggregates: Aggregates;
  catalog: Catalog;
  tokens: TokenVerifier & Partial<TokenIssuer>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
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
    ],
    metrics.registry,
  );
  const routes: Route[] = deps.opsOnly
    ? ops
    : [
        ...ops,
        ...whoAmIRoutes(),
        ...(config.embedded && tokens.issue ? devTokenRoutes({ issue: tokens.issue }) : []),
        ...productRoutes(catalog),
        ...orderCommandRoutes({ aggregates, catalog, clock: now }),
        ...orderStreamQueryRoutes(aggregates),
        ...auditRoutes(store.client),
        ...inventoryCommandRoutes({ aggregates, catalog, clock: now }),
        ...adminOrderRoutes(operator),
        ...adminSubscriptionRoutes(store.client),
      ];
  const app = createApp({
    logger: componentLogger(deps.logger, 'http'),
    metrics,
    verifier: tokens,
    routes,
  });
  const server = createServer(app);
  const url = await listen(server, config.HOST, config.PORT);
  return {
    url,
    async stop() {
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
