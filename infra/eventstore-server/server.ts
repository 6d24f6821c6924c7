import { Server, type ServiceDefinition } from '@grpc/grpc-js';
import { componentLogger, silentLogger, type Logger } from '../logger.ts';
import { SubscriptionRegistry } from './grpc/catch-up.ts';
import { gossipService } from './grpc/gossip.ts';
import { httpApi } from './http/app.ts';
import { openFrontDoor, type FrontDoor } from './http/front-door.ts';
import { persistentDefinition, persistentService } from './grpc/persistent-service.ts';
import { gossipGrpc } from './grpc/proto.ts';
import { serverFeaturesDefinition, serverFeaturesService } from './grpc/server-features.ts';
import { streamsDefinition, streamsService } from './grpc/streams-service.ts';
import { openFileLog } from './log/file-log.ts';
import { openMemoryLog } from './log/memory-log.ts';
import { PersistentSubscriptions } from './persistent/subsystem.ts';
import { projectionsDefinition, projectionsService } from './projections/service.ts';
import { ProjectionsSubsystem } from './projections/subsystem.ts';
import { Store } from './store/store.ts';
import { firstStartWrites } from './system/first-start.ts';

export interface EmbeddedEventStoreOptions {
  /** Port to listen on; default 2113, 0 for an ephemeral one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Directory of the durable log (created if missing); required unless `inMemory`. */
  dataDir?: string;
  /** Keep nothing on disk (fast tests). */
  inMemory?: boolean;
  /** Where the server logs; silent by default. */
  logger?: Logger;
  /** EventStoreDB's MaxAppendSize in bytes; default 1 MiB, as in EventStoreDB. */
  maxAppendSize?: number;
}

export interface EmbeddedEventStore {
  readonly port: number;
  /** `esdb://host:port?tls=false`, for `EventStoreDBClient.connectionString`. */
  readonly connectionString: string;
  /** Graceful stop: ends calls, flushes and closes the log, shuts gRPC down. */
  stop(): Promise<void>;
}

const GRACE_MS = 1_000;
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * Starts an EventStoreDB-compatible gRPC server that `@eventstore/db-client` talks to unchanged:
 * streams (append, batch append, read, subscribe, delete), persistent subscriptions, server
 * features and gossip, over a log that is fsync'ed (group commit) before an append is answered.
 * The same port answers HTTP/1.1 (KurrentDB's /ping, /info, /stats, /health/live and AtomPub).
 * An empty log first gets the system streams a new node writes.
 */
export const startEmbeddedEventStore = async (
  options: EmbeddedEventStoreOptions,
): Promise<EmbeddedEventStore> => {
  const logger = componentLogger(options.logger ?? silentLogger(), 'eventstore');
  const host = options.host ?? '127.0.0.1';
  if (options.inMemory !== true && options.dataDir === undefined) {
    throw new Error('startEmbeddedEventStore needs a dataDir unless inMemory is set');
  }
  const opened =
    options.inMemory === true || options.dataDir === undefined
      ? openMemoryLog()
      : await openFileLog(options.dataDir, logger);
  const store = new Store(opened.log, opened.records, {
    onListenerError: (error) => {
      logger.error({ err: error }, 'a commit subscriber failed');
    },
  });
  logger.info(
    { dataDir: options.inMemory === true ? null : options.dataDir, events: store.all.length },
    'event log opened',
  );
  if (store.all.length === 0) {
    await store.appendAcrossStreams(firstStartWrites());
    logger.info('new database: system streams written');
  }

  // Before the persistent subscriptions, so links exist by the time a group hears of a commit.
  const projections = new ProjectionsSubsystem(store, logger);
  projections.start();
  const subscriptions = new SubscriptionRegistry();
  const persistent = new PersistentSubscriptions(store, logger);
  persistent.start();
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const limits = { maxAppendSize: options.maxAppendSize ?? 1024 * 1024 };
  const services: ServiceDefinition[] = [
    streamsDefinition,
    persistentDefinition,
    gossipGrpc.GossipService,
    serverFeaturesDefinition,
    projectionsDefinition,
  ];
  server.addService(streamsDefinition, streamsService(store, subscriptions, limits, logger));
  server.addService(persistentDefinition, persistentService(persistent, logger));
  server.addService(projectionsDefinition, projectionsService(projections, store, logger));
  let port = options.port ?? 2113;
  const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  server.addService(
    gossipGrpc.GossipService,
    gossipService(() => ({ host: advertised, port }), logger),
  );
  server.addService(serverFeaturesDefinition, serverFeaturesService(services, logger));

  // gRPC and HTTP/1.1 share the port, as on KurrentDB; the front door tells them apart.
  const http = httpApi({ store, logger, projections: true, maxAppendSize: limits.maxAppendSize });
  let door: FrontDoor;
  try {
    door = await openFrontDoor(server, http, host, port);
    port = door.port;
  } catch (error) {
    await persistent.stop();
    await store.close();
    throw error;
  }
  const connectionString = `esdb://${advertised}:${port}?tls=false`;
  logger.info({ connectionString }, 'embedded EventStoreDB listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      subscriptions.closeAll();
      await persistent.stop();
      projections.stop();
      await door.close();
      await shutdown(server);
      await store.close();
      logger.info('embedded EventStoreDB stopped');
    })();
    return stopping;
  };
  return { port, connectionString, stop };
};

// Calls get a moment to finish; long-lived ones (a client's batch-append stream) are then cut.
const shutdown = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
