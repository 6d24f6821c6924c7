import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ChangeFeed, ReadModelChange } from '../../infra/readmodels/change-feed.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { InvalidToken, type TokenVerifier } from '../auth/tokens.ts';
import { serveClient } from './client.ts';
import type { ClientEvents, ServerEvents, SocketData } from './session.ts';
import { authenticateHandshake, HandshakeRefused } from './handshake.ts';
import { createLiveMetrics } from './metrics.ts';
import { OrderOwners, type OwnerLookup } from './ownership.ts';
import { HealthRelay } from './health.ts';
import { liveEvents, opsRoom, ordersRoom } from './protocol.ts';
import { boundedRecoveryAdapter } from './recovery-adapter.ts';
import { ChangeRelay, type Emission } from './relay.ts';
import { StatsRelay } from './stats.ts';
import { Coalescer } from './coalesce.ts';

export interface LiveUpdatesOptions {
  readonly verifier: TokenVerifier;
  readonly feed: ChangeFeed;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Whose an order is, for customers joining `order:<id>` (see `orderOwnerFromStream`). */
  readonly ownerOf?: OwnerLookup;
  /** The figures of `GET /api/stats`, sent as `stats.changed` when `ops_stats` changes. */
  readonly loadStats?: () => Promise<unknown>;
  /** The snapshot of `GET /api/admin/health`, sent as `health.changed` to the ops room. */
  readonly loadHealth?: () => Promise<unknown>;
  /** How often `health.changed` is sent while someone is in the ops room. */
  readonly healthIntervalMs?: number;
  /** Origins, besides the server's own, whose pages may connect with the session cookie. */
  readonly trustedOrigins?: readonly string[];
  /** How long a disconnected client's rooms and missed events are kept for it to recover. */
  readonly recoveryWindowMs?: number;
  /** Events kept for recovery at most (they bound the memory; under load, the window). */
  readonly recoveryMaxEvents?: number;
  /** How often open connections' tokens are checked again (a signed-out one is cut). */
  readonly recheckTokensMs?: number;
  /** Stock levels and rebuild progress at most this often each; stats at 4 times this. */
  readonly snapshotIntervalMs?: number;
  readonly maxRoomsPerClient?: number;
}

export interface LiveUpdates {
  readonly io: Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
  /** Stops relaying and closes every client's connection (they reconnect elsewhere or later). */
  close(): Promise<void>;
}

/**
 * Closes the connections whose token no longer verifies (signed out, in this process or another
 * that shares the revocations). The verifier answers from memory, so this is a lookup per client.
 * Closing the transport makes the client reconnect, and its handshake is refused.
 */
const cutSignedOut = async (
  io: Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>,
  verifier: TokenVerifier,
): Promise<void> => {
  for (const socket of io.of('/').sockets.values()) {
    try {
      await verifier.verify(socket.data.session.token);
    } catch (error) {
      if (error instanceof InvalidToken) socket.conn.close();
    }
  }
};

/**
 * Socket.IO on the API's own HTTP server (path /socket.io): authenticates each handshake with
 * the JWT (auth.token or the ol_session cookie), lets clients join the rooms the contract allows,
 * relays the change feed to those rooms as the contract's events, and brings a reconnecting
 * client up to date: Socket.IO's connection state recovery within `recoveryWindowMs`, `since`
 * (from the feed's retained changes) after that.
 */
export const attachLiveUpdates = (
  httpServer: HttpServer,
  options: LiveUpdatesOptions,
): LiveUpdates => {
  const logger = componentLogger(options.logger, 'live');
  const metrics = createLiveMetrics(options.metrics);
  const recoveryWindowMs = options.recoveryWindowMs ?? 2 * 60_000;
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    adapter: boundedRecoveryAdapter({
      windowMs: recoveryWindowMs,
      maxPackets: options.recoveryMaxEvents ?? 50_000,
    }),
    connectionStateRecovery: {
      maxDisconnectionDuration: recoveryWindowMs,
      // A recovered session presents its token again, which may have expired meanwhile.
      skipMiddlewares: false,
    },
  });
  const owners = new OrderOwners(options.ownerOf);
  const relay = new ChangeRelay(owners);
  const snapshotMs = options.snapshotIntervalMs ?? 250;

  const send = (emission: Emission, change?: ReadModelChange) => {
    io.to([...emission.rooms]).emit(emission.event, emission.payload);
    metrics.relayed.inc({ event: emission.event });
    if (change !== undefined)
      metrics.latency.observe((Date.now() - (change.publishedAt ?? Date.now())) / 1000);
  };
  const snapshots = new Coalescer<Emission>(snapshotMs, (_, emission) => {
    send(emission);
  });
  const stats = new StatsRelay({
    load: options.loadStats,
    intervalMs: snapshotMs * 4,
    listening: () => (io.of('/').adapter.rooms.get(ordersRoom)?.size ?? 0) > 0,
    send,
    logger,
  });
  const health = new HealthRelay({
    load: options.loadHealth,
    intervalMs: options.healthIntervalMs ?? 2_000,
    listening: () => (io.of('/').adapter.rooms.get(opsRoom)?.size ?? 0) > 0,
    send: (snapshot, to) => {
      // A snapshot is superseded by the next one: the room's are volatile, so they are neither
      // kept for connection-state recovery nor replayed stale to a client that comes back.
      if (to === undefined)
        io.to(opsRoom).volatile.emit(liveEvents.healthChanged, { health: snapshot });
      else io.to(to).emit(liveEvents.healthChanged, { health: snapshot });
      metrics.relayed.inc({ event: liveEvents.healthChanged });
    },
    logger,
  });
  io.of('/').adapter.on('join-room', (room: unknown, id: unknown) => {
    if (room === opsRoom && typeof id === 'string') health.joined(id);
  });

  const relayChange = (change: ReadModelChange) => {
    for (const relayed of relay.live(change)) {
      if (relayed.kind === 'stats') stats.changed(relayed.position);
      else if (relayed.emission.coalesce !== undefined)
        snapshots.offer(relayed.emission.coalesce, relayed.emission);
      else send(relayed.emission, change);
    }
  };
  // The memory feed calls this inside a projection's publish: nothing may escape into it.
  // With no client connected it is idle: changes still go into the recovery buffer, but a feed
  // that polls for them may do so less often (a client that connects speeds it up again).
  const idle = () => io.engine.clientsCount === 0;
  const stopListening = options.feed.listen(
    (changes) => {
      for (const change of changes) {
        try {
          relayChange(change);
        } catch (error) {
          logger.error(
            { err: error, projection: change.projection, id: change.id },
            'could not relay',
          );
        }
      }
    },
    { idle },
  );

  io.use((socket, next) => {
    authenticateHandshake(socket.handshake, options.verifier, options.trustedOrigins).then(
      (session) => {
        socket.data.session = session;
        next();
      },
      (error: unknown) => {
        const reason = error instanceof HandshakeRefused ? error.reason : 'could not check it';
        if (!(error instanceof HandshakeRefused))
          logger.error({ err: error }, 'could not authenticate a handshake');
        metrics.refused.inc();
        next(Object.assign(new Error('unauthorized'), { data: { reason } }));
      },
    );
  });

  io.on('connection', (socket) => {
    metrics.clients.inc();
    socket.once('disconnect', () => {
      metrics.clients.dec();
    });
    serveClient(socket, {
      feed: options.feed,
      relay,
      owners,
      loadStats: options.loadStats,
      maxRooms: options.maxRoomsPerClient ?? 200,
      logger,
    });
  });

  const recheck = setInterval(() => {
    void cutSignedOut(io, options.verifier);
  }, options.recheckTokensMs ?? 1_000);
  recheck.unref();

  return {
    io,
    close() {
      clearInterval(recheck);
      stopListening();
      snapshots.close();
      stats.close();
      health.close();
      // Not io.close(): that would close the HTTP server too, which its owner stops.
      io.engine.close();
      return Promise.resolve();
    },
  };
};
