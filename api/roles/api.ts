import { createServer, type Server, type ServerOptions } from 'node:http';
import type { Config } from '../../infra/config.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { createFulfilmentOperator } from '../../processes/fulfilment/index.ts';
import type { Clock } from '../../processes/ports/clock.ts';
import type { ChangeFeed } from '../../infra/readmodels/change-feed.ts';
import { createApp } from '../app.ts';
import type { Tokens } from '../auth/own-tokens.ts';
import type { Catalog } from '../catalog.ts';
import { startCustomerAccounts } from '../customers/start.ts';
import { memoryRateLimiter, mongoRateLimiter } from '../http/rate-limit.ts';
import type { Route } from '../http/route.ts';
import { attachLiveUpdates } from '../live/attach.ts';
import { orderOwnerFromStream } from '../live/ownership.ts';
import type { Mailbox } from '../../processes/notifications/mailbox.ts';
import { adminBulkRoutes } from '../routes/admin-bulk.ts';
import { mailboxRoutes } from '../routes/mailbox.ts';
import { adminOrderRoutes } from '../routes/admin-orders.ts';
import { adminProductRoutes } from '../routes/admin-products.ts';
import { orderProgressRoutes } from '../routes/order-progress.ts';
import { adminSubscriptionRoutes } from '../routes/admin-subscriptions.ts';
import { healthAdminRoutes } from '../routes/health-admin.ts';
import { startHealthSource } from '../ops/start-health.ts';
import { publicSnapshot } from '../ops/health-source.ts';
import { auditRoutes } from '../routes/audit.ts';
import { auditSearchRoutes } from '../routes/audit-search.ts';
import { createOrderCursors } from '../routes/order-cursor.ts';
import { devTokenRoutes, signInMethodsRoutes, whoAmIRoutes } from '../routes/auth.ts';
import { signOutRoutes } from '../routes/sign-out.ts';
import { wellKnownRoutes } from '../routes/well-known.ts';
import { healthRoutes } from '../routes/health.ts';
import { inventoryCommandRoutes } from '../routes/inventory.ts';
import { orderCommandRoutes } from '../routes/orders.ts';
import { cartRoutes } from '../routes/cart.ts';
import { createCartCommands } from '../cart/commands.ts';
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

/**
 * A slow client holds a socket and a parser: headers must arrive within HTTP_HEADERS_TIMEOUT_MS
 * and the whole request within HTTP_REQUEST_TIMEOUT_MS (408 and the connection closed). Node
 * looks for expired requests every `connectionsCheckingInterval`, so that is kept to a second.
 */
const serverTimeouts = (config: Config): ServerOptions => ({
  headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
  requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
  keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  connectionsCheckingInterval: 1000,
});

// Counted across api processes through MongoDB when there is one, else in this process.
const orderRateLimiter = (config: Config, logger: Logger) => {
  const policy = { points: config.ORDER_RATE_LIMIT_PER_MINUTE, windowSeconds: 60, what: 'orders' };
  return config.MONGODB_URL === undefined
    ? Promise.resolve(memoryRateLimiter(policy))
    : mongoRateLimiter(
        policy,
        {
          url: config.MONGODB_URL,
          database: config.MONGODB_DATABASE,
          collection: 'rate_limits',
        },
        logger,
      );
};

/** The api role: the HTTP API, Socket.IO and the UI on one port. */
export const startApiRole = async (deps: {
  config: Config;
  store: EventStore;
  aggregates: Aggregates;
  catalog: Catalog;
  tokens: Tokens;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  readSide: ReadSide;
  /** Read-model changes, relayed to Socket.IO clients. */
  feed: ChangeFeed;
  /** Only /health, /ready and /metrics: what a processes or projections process serves. */
  opsOnly?: boolean;
  /** The notifications' local mailbox, when they run in this process without SMTP. */
  mailbox?: Mailbox | undefined;
  /** Signs list cursors (shared by the api processes that should accept each other's). */
  cursorSecret: string;
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
  const orderLimit = await orderRateLimiter(config, componentLogger(deps.logger, 'rate-limit'));
  const customers = deps.opsOnly
    ? undefined
    : await startCustomerAccounts({ config, store, tokens, logger: deps.logger, metrics, now });
  const carts = createCartCommands({ store, logger: deps.logger, metrics });
  // A customer's addresses as the account's own stream has them, still sealed: an order copies
  // the one chosen, and only the customer's key opens it.
  const addressesOf = async (customerId: string) => {
    const account = await customers?.accounts?.load(customerId);
    return account?.status === 'active' ? account.addresses : [];
  };
  const vault = customers?.accounts?.vault;
  const openerOf = vault === undefined ? undefined : (id: string) => vault.openerFor(id);
  const orderPlacement = { aggregates, catalog, clock: now, orderLimit, addressesOf };
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
  // Only api processes export the operator figures: a processes-only one has no read models.
  const health = deps.opsOnly ? undefined : startHealthSource(deps);
  const routes: Route[] =
    deps.opsOnly || health === undefined
      ? ops
      : [
          ...ops,
          ...whoAmIRoutes(),
          ...signInMethodsRoutes(
            Boolean(config.embedded && tokens.issue),
            customers?.accounts !== undefined && tokens.issue !== undefined,
          ),
          ...signOutRoutes(tokens),
          ...(tokens.publicKeys === undefined ? [] : wellKnownRoutes(tokens.publicKeys)),
          ...(customers?.routes ?? []),
          ...(deps.mailbox === undefined ? [] : mailboxRoutes(deps.mailbox)),
          ...(config.embedded && tokens.issue ? devTokenRoutes({ issue: tokens.issue }) : []),
          ...productRoutes(readModelCatalog(catalog, deps.readSide.readModels)),
          ...adminProductRoutes(catalog.commands, now),
          ...orderCommandRoutes({
            ...orderPlacement,
            store,
            ...(openerOf === undefined ? {} : { openerOf }),
          }),
          ...cartRoutes({ ...orderPlacement, carts, logger: componentLogger(deps.logger, 'cart') }),
          ...readModelRoutes({
            readSide: deps.readSide,
            store,
            aggregates,
            catalog,
            now,
            cursorSecret: deps.cursorSecret,
            paymentDeclineGraceMs: config.PAYMENT_DECLINE_GRACE_MS,
            openerOf,
          }),
          ...auditRoutes(store.client, openerOf),
          ...auditSearchRoutes(store, createOrderCursors(deps.cursorSecret), {}, openerOf),
          ...inventoryCommandRoutes({ aggregates, catalog, clock: now }),
          ...adminOrderRoutes(operator, { aggregates, store }),
          ...adminBulkRoutes({ aggregates, operator, clock: now, logger: deps.logger }),
          ...orderProgressRoutes(operator, aggregates),
          ...adminSubscriptionRoutes(store.client),
          ...healthAdminRoutes(health),
        ];
  const ui = deps.opsOnly ? undefined : await loadUiHandler();
  if (!deps.opsOnly && ui === undefined)
    deps.logger.warn('the UI is not built (npm run build:ui): serving the API only');
  const app = createApp({
    logger: componentLogger(deps.logger, 'http'),
    metrics,
    verifier: tokens,
    routes,
    trustProxy: config.TRUST_PROXY,
    ...(ui === undefined ? {} : { fallback: ui }),
  });
  const server = createServer(serverTimeouts(config), app);
  const live = deps.opsOnly
    ? undefined
    : attachLiveUpdates(server, {
        verifier: tokens,
        feed: deps.feed,
        ownerOf: orderOwnerFromStream(aggregates),
        loadStats: () => loadStats(deps.readSide.readModels, catalog, now),
        ...(health === undefined ? {} : { loadHealth: () => publicSnapshot(health) }),
        logger: deps.logger,
        metrics,
      });
  const url = await listen(server, config.HOST, config.PORT);
  return {
    url,
    async stop() {
      await live?.close();
      health?.stop();
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      // Idle keep-alive connections would hold close() open until they time out.
      server.closeIdleConnections();
      await closed;
      await orderLimit.close();
      await customers?.close();
    },
  };
};
