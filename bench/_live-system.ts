import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { attachLiveUpdates } from '../api/live/attach.ts';
import { orderOwnerFromStream } from '../api/live/ownership.ts';
import { startProjectionsRole } from '../api/roles/projections.ts';
import { startSystem } from '../api/system.ts';
import { loadConfig } from '../infra/config.ts';
import { connectEventStore } from '../infra/eventstore/event-store.ts';
import { createLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import type { ChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createStoreChangeFeed } from '../infra/readmodels/change-feed-store.ts';
import { connectMongoStore } from '../infra/readmodels/mongo-store.ts';

// A part of the system for `npm run bench -- live`, wired as api/system.ts and api/roles/api.ts
// are to wire live updates: `all` (one process, read models and feed in memory), `api` (queries
// and Socket.IO, the feed read from MongoDB) or `projections` (the feed written to MongoDB).
// Socket.IO listens on --live-port until it shares the API's port.
const { values } = parseArgs({
  options: { part: { type: 'string' }, 'live-port': { type: 'string', default: '0' } },
});
const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });

const listenLive = async (feed: ChangeFeed, system: Awaited<ReturnType<typeof startSystem>>) => {
  const server = createServer();
  attachLiveUpdates(server, {
    verifier: system.tokens,
    feed,
    ownerOf: orderOwnerFromStream(system.aggregates),
    logger,
    metrics: system.metrics,
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(values['live-port']), '127.0.0.1', resolve),
  );
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`live http://127.0.0.1:${port} api ${system.url}`);
};

switch (values.part) {
  case 'all': {
    const system = await startSystem({ config, role: 'all', logger });
    await listenLive(system.feed, system);
    break;
  }
  case 'api': {
    const system = await startSystem({ config, role: 'api', logger });
    const feed = createStoreChangeFeed({
      store: system.readStore,
      logger,
      metrics: system.metrics,
    });
    await listenLive(feed, system);
    break;
  }
  case 'projections': {
    if (config.MONGODB_URL === undefined || config.EVENTSTORE_CONNECTION_STRING === undefined)
      throw new Error('the projections part needs MONGODB_URL and EVENTSTORE_CONNECTION_STRING');
    const metrics = createMetrics();
    const readStore = await connectMongoStore(config.MONGODB_URL, config.MONGODB_DATABASE);
    const feed = createStoreChangeFeed({ store: readStore, logger, metrics });
    const store = connectEventStore(config.EVENTSTORE_CONNECTION_STRING);
    startProjectionsRole({ store, readStore, feed, logger, metrics });
    console.log('projections running');
    break;
  }
  default:
    throw new Error('--part all|api|projections');
}
process.on('SIGTERM', () => process.exit(0));
