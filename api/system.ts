import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { seedCatalog } from '../domain/catalog.ts';
import type { Config, Role } from '../infra/config.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import {
  startEmbeddedEventStore,
  type EmbeddedEventStore,
} from '../infra/eventstore-server/index.ts';
import { componentLogger, type Logger } from '../infra/logger.ts';
import { createMetrics, type Metrics } from '../infra/metrics.ts';
import { createAggregates, type Aggregates } from '../processes/aggregates.ts';
import { createApp } from './app.ts';
import {
  hmacTokens,
  jwksTokens,
  loadOrCreateSecret,
  type TokenIssuer,
  type TokenVerifier,
} from './auth/tokens.ts';
import { createCatalog } from './catalog.ts';
import type { Route } from './http/route.ts';
import { adminSubscriptionRoutes } from './routes/admin-subscriptions.ts';
import { devTokenRoutes, whoAmIRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { inventoryCommandRoutes } from './routes/inventory.ts';
import { orderStreamQueryRoutes } from './routes/order-queries.ts';
import { orderCommandRoutes } from './routes/orders.ts';
import { productRoutes } from './routes/products.ts';
import { seedStock } from './seed-catalog.ts';

export interface SystemOptions {
  readonly config: Config;
  readonly role: Role;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** Commands per append for one stream (group commit); 1 turns it off. */
  readonly maxBatch?: number;
}

/** Everything one process runs, and how to stop it cleanly. */
export interface RunningSystem {
  readonly url: string | undefined;
  readonly store: EventStore;
  readonly aggregates: Aggregates;
  readonly metrics: Metrics;
  readonly tokens: TokenVerifier & Partial<TokenIssuer>;
  stop(): Promise<void>;
}

const tokensFor = async (config: Config): Promise<TokenVerifier & Partial<TokenIssuer>> => {
  const audience = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  if (config.JWT_JWKS_URL !== undefined) return jwksTokens(config.JWT_JWKS_URL, audience);
  const secret = config.JWT_SECRET ?? (await loadOrCreateSecret(config.DATA_DIR));
  return hmacTokens(secret, audience);
};

const listen = (server: Server, host: string, port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
    });
  });

/** The composition root: builds the parts the role needs from the configuration, and starts them. */
export const startSystem = async ({
  config,
  role,
  logger,
  clock = () => new Date(),
  maxBatch,
}: SystemOptions): Promise<RunningSystem> => {
  const metrics = createMetrics();
  let embedded: EmbeddedEventStore | undefined;
  if (config.embedded) {
    embedded = await startEmbeddedEventStore({
      port: config.EMBEDDED_EVENTSTORE_PORT,
      host: '127.0.0.1',
      dataDir: join(config.DATA_DIR, 'eventstore'),
      logger,
    });
    logger.info({ connectionString: embedded.connectionString }, 'embedded event store started');
  }
  const connectionString = config.EVENTSTORE_CONNECTION_STRING ?? embedded?.connectionString;
  if (connectionString === undefined)
    throw new Error('no event store: set EVENTSTORE_CONNECTION_STRING');
  const store = connectEventStore(connectionString);
  const aggregates = createAggregates({
    store,
    logger: componentLogger(logger, 'commands'),
    metrics,
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });
  const catalog = createCatalog(seedCatalog, aggregates);
  if (config.embedded) await seedStock(aggregates, seedCatalog, clock());
  const tokens = await tokensFor(config);

  let server: Server | undefined;
  let url: string | undefined;
  if (role === 'all' || role === 'api') {
    const routes: Route[] = [
      ...healthRoutes(
        [
          {
            name: 'eventstore',
            check: async () => {
              await store.headPosition();
            },
          },
        ],
        metrics.registry,
      ),
      ...whoAmIRoutes(),
      ...productRoutes(catalog),
      ...orderCommandRoutes({ aggregates, catalog, clock }),
      ...orderStreamQueryRoutes(aggregates),
      ...inventoryCommandRoutes({ aggregates, catalog, clock }),
      ...adminSubscriptionRoutes(store.client),
      ...(config.embedded && tokens.issue ? devTokenRoutes({ issue: tokens.issue }) : []),
    ];
    const app = createApp({
      logger: componentLogger(logger, 'http'),
      metrics,
      verifier: tokens,
      routes,
    });
    server = createServer(app);
    url = await listen(server, config.HOST, config.PORT);
    logger.info({ url, role }, 'API listening');
  }

  return {
    url,
    store,
    aggregates,
    metrics,
    tokens,
    async stop() {
      if (server) {
        const closing = server;
        const closed = new Promise<void>((resolve) =>
          closing.close(() => {
            resolve();
          }),
        );
        // Idle keep-alive connections would hold close() open until they time out.
        closing.closeIdleConnections();
        await closed;
      }
      await store.close();
      await embedded?.stop();
    },
  };
};
