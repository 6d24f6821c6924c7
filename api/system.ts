import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { seedCatalog } from '../domain/catalog.ts';
import type { Config, Role } from '../infra/config.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { verifyKafkaAccess } from '../infra/kafka/access.ts';
import { kafkaSecurityOf } from '../infra/kafka/security.ts';
import {
  startEmbeddedEventStore,
  type EmbeddedEventStore,
} from '../infra/eventstore-server/index.ts';
import { componentLogger, type Logger } from '../infra/logger.ts';
import { createMetrics, type Metrics } from '../infra/metrics.ts';
import { startTelemetry } from '../infra/telemetry/telemetry.ts';
import { createMemoryChangeFeed, type ChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createStoreChangeFeed } from '../infra/readmodels/change-feed-store.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { connectMongoStore } from '../infra/readmodels/mongo-store.ts';
import type { ReadModelStore } from '../infra/readmodels/store.ts';
import { createAggregates, type Aggregates } from '../processes/aggregates.ts';
import { systemClock, type Clock } from '../processes/ports/clock.ts';
import { loadOrCreateSecret } from './auth/data-dir-keys.ts';
import type { Tokens } from './auth/own-tokens.ts';
import { tokensFor } from './auth/tokens-from-config.ts';
import { createMemoryRevocations, type Revocations } from './auth/revocations.ts';
import { connectMongoRevocations } from './auth/revocations-mongo.ts';
import { createCatalog, createProductCommands } from './catalog.ts';
import { startApiRole } from './roles/api.ts';
import { startNotificationsRole, type NotificationsRole } from './roles/notifications.ts';
import { startProcessesRole, type ProcessesRole } from './roles/processes.ts';
import { createReadSide, startProjectionsRole, type ProjectionsRole } from './roles/projections.ts';
import { seedProducts, seedStock } from './seed-catalog.ts';

export interface SystemOptions {
  readonly config: Config;
  readonly role: Role;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Commands per append for one stream (group commit); 1 turns it off. */
  readonly maxBatch?: number;
}

/** Everything one process runs, and how to stop it cleanly. */
export interface RunningSystem {
  readonly url: string;
  readonly store: EventStore;
  readonly aggregates: Aggregates;
  readonly metrics: Metrics;
  readonly tokens: Tokens;
  readonly processes: ProcessesRole | undefined;
  readonly notifications: NotificationsRole | undefined;
  readonly readStore: ReadModelStore;
  readonly feed: ChangeFeed;
  readonly projections: ProjectionsRole | undefined;
  stop(): Promise<void>;
}

const runs = (role: Role, part: Exclude<Role, 'all'>): boolean => role === 'all' || role === part;

// List cursors are signed with a secret every api process shares: the JWT secret (or embedded
// mode's own), else CURSOR_SECRET; with neither (tokens verified by JWKS alone) a secret of this
// process, so its cursors work only here.
const cursorSecretFor = async (config: Config): Promise<string> =>
  config.CURSOR_SECRET ??
  config.JWT_SECRET ??
  (config.embedded
    ? await loadOrCreateSecret(config.DATA_DIR)
    : randomBytes(32).toString('base64url'));

// Signed-out tokens are refused by every api process sharing MongoDB; without it, by this one.
const revocationsFor = (config: Config, role: Role, logger: Logger): Promise<Revocations> =>
  config.MONGODB_URL === undefined || !runs(role, 'api')
    ? Promise.resolve(createMemoryRevocations())
    : connectMongoRevocations({
        url: config.MONGODB_URL,
        database: config.MONGODB_DATABASE,
        logger: componentLogger(logger, 'revocations'),
      });

/** The composition root: builds the parts the role needs from the configuration, and starts them. */
export const startSystem = async ({
  config,
  role,
  logger,
  clock = systemClock,
  maxBatch,
}: SystemOptions): Promise<RunningSystem> => {
  // Before anything starts: credentials Kafka refuses stop the process with a ConfigError.
  if (runs(role, 'processes') && config.KAFKA_BROKERS !== undefined)
    await verifyKafkaAccess({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      logger: componentLogger(logger, 'kafka'),
      security: kafkaSecurityOf(config),
    });
  // Tracing (off unless OTEL_EXPORTER_OTLP_ENDPOINT or _TRACES_ENDPOINT is set) before anything
  // that could start a span.
  const telemetry = await startTelemetry({ role });
  const metrics = createMetrics();
  let embedded: EmbeddedEventStore | undefined;
  if (config.embedded) {
    embedded = await startEmbeddedEventStore({
      port: config.EMBEDDED_EVENTSTORE_PORT,
      host: '127.0.0.1',
      dataDir: join(config.DATA_DIR, 'eventstore'),
      logger,
    });
  }
  const connectionString = config.EVENTSTORE_CONNECTION_STRING ?? embedded?.connectionString;
  if (connectionString === undefined)
    throw new Error('no event store: set EVENTSTORE_CONNECTION_STRING');
  // Appends and stream reads on a thread of their own: the HTTP thread keeps to HTTP and deciding.
  const store = connectEventStore(connectionString, { clientThread: true });
  const aggregates = createAggregates({
    store,
    logger: componentLogger(logger, 'commands'),
    metrics,
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });
  const productCommands = createProductCommands({
    store,
    logger: componentLogger(logger, 'commands'),
    metrics,
  });
  await seedProducts(productCommands, seedCatalog, clock.now());
  if (config.embedded) await seedStock(aggregates, seedCatalog, clock.now());
  const revocations = await revocationsFor(config, role, logger);
  const tokens = await tokensFor(config, revocations);

  const processes = runs(role, 'processes')
    ? await startProcessesRole({ config, store, aggregates, clock, logger, metrics })
    : undefined;
  const notifications = runs(role, 'notifications')
    ? await startNotificationsRole({ config, store, aggregates, clock, logger, metrics })
    : undefined;
  // Read models in memory live in the process that serves the queries, whatever its role.
  const readStore =
    config.MONGODB_URL === undefined
      ? createMemoryStore()
      : await connectMongoStore(config.MONGODB_URL, config.MONGODB_DATABASE);
  // Changes reach Socket.IO in this process; through MongoDB when projections may run elsewhere.
  const feed =
    readStore.kind === 'memory'
      ? createMemoryChangeFeed()
      : createStoreChangeFeed({ store: readStore, logger, metrics });
  const projecting = readStore.kind === 'memory' ? runs(role, 'api') : runs(role, 'projections');
  if (!projecting && role === 'projections')
    logger.warn('without MONGODB_URL the read models live in the api process: nothing to run here');
  const projections = projecting
    ? startProjectionsRole({ store, readStore, feed, logger, metrics })
    : undefined;
  const readSide = createReadSide(readStore, projections);
  const catalog = createCatalog({
    readModels: readSide.readModels,
    feed,
    commands: productCommands,
    aggregates,
  });
  await catalog.start();
  // Every role answers /health, /ready and /metrics on PORT; only the api role serves the rest.
  const api = await startApiRole({
    config,
    store,
    aggregates,
    catalog,
    tokens,
    clock,
    logger,
    metrics,
    readSide,
    feed,
    opsOnly: !runs(role, 'api'),
    mailbox: notifications?.mailbox,
    cursorSecret: await cursorSecretFor(config),
  });
  // Embedded mode rebuilds the read models from the log at start: wait until they have it all.
  if (readStore.kind === 'memory') await projections?.runtime.caughtUp();
  logger.info(
    { role, url: api.url, embedded: config.embedded, tracing: telemetry.enabled },
    'Order Ledger started',
  );

  return {
    url: api.url,
    store,
    aggregates,
    metrics,
    tokens,
    processes,
    notifications,
    readStore,
    feed,
    projections,
    async stop() {
      await api.stop();
      catalog.stop();
      await revocations.close();
      await projections?.stop();
      await processes?.stop();
      await notifications?.stop();
      await readStore.close();
      await feed.close();
      await store.close();
      await embedded?.stop();
      // Last: the spans of everything stopped above are flushed to the receiver.
      await telemetry.shutdown();
    },
  };
};
