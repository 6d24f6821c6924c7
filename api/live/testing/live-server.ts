import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { silentLogger } from '../../../infra/logger.ts';
import { createMetrics, type Metrics } from '../../../infra/metrics.ts';
import { createMemoryChangeFeed, type ChangeFeed } from '../../../infra/readmodels/change-feed.ts';
import type { Role } from '../../auth/principal.ts';
import { signToken, testTokens } from '../../testing/test-api.ts';
import { attachLiveUpdates, type LiveUpdates, type LiveUpdatesOptions } from '../attach.ts';

export interface LiveServer {
  readonly url: string;
  readonly port: number;
  readonly feed: ChangeFeed;
  readonly live: LiveUpdates;
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

/** Live updates alone on an HTTP server of their own, fed by a feed the test publishes to. */
export const startLiveServer = async (
  options: Partial<Omit<LiveUpdatesOptions, 'verifier' | 'logger' | 'metrics'>> = {},
): Promise<LiveServer> => {
  const server = createServer((_, res) => res.writeHead(404).end());
  const feed = options.feed ?? createMemoryChangeFeed();
  const metrics = createMetrics({ defaultMetrics: false });
  const live = attachLiveUpdates(server, {
    ...options,
    feed,
    verifier: await testTokens(),
    logger: silentLogger(),
    metrics,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    feed,
    live,
    metrics,
    async stop() {
      await live.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await feed.close();
    },
  };
};

export const tokenFor = (sub: string, ...roles: Role[]): Promise<string> =>
  signToken({ sub, roles });

export interface ClientOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly reconnectionDelay?: number;
}

/** A Socket.IO client over WebSocket, as the UI's (no polling: cuts are seen at once). */
export const clientOf = (url: string, options: ClientOptions = {}): Socket =>
  connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: options.reconnectionDelay ?? 100,
    reconnectionDelayMax: options.reconnectionDelay ?? 100,
    randomizationFactor: 0,
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
    ...(options.headers === undefined ? {} : { extraHeaders: options.headers }),
  });

/** Connects; resolves with the socket, or rejects with the connect_error (message and data). */
export const connected = (socket: Socket): Promise<Socket> =>
  new Promise((resolve, reject) => {
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(error);
    });
    socket.connect();
  });

/** Sends `event` with `message` and resolves with the server's acknowledgement. */
export const ask = (socket: Socket, event: string, message: unknown): Promise<unknown> =>
  socket.timeout(5_000).emitWithAck(event, message);

/** Every event of the given names, in the order they arrived, with their payload. */
export const recordEvents = (socket: Socket, names: readonly string[]) => {
  const heard: { event: string; payload: Record<string, unknown> }[] = [];
  for (const event of names)
    socket.on(event, (payload: Record<string, unknown>) => heard.push({ event, payload }));
  return heard;
};

export const liveEventNames = [
  'order.changed',
  'timeline.appended',
  'inventory.changed',
  'stats.changed',
  'projection.progress',
  'health.changed',
] as const;
