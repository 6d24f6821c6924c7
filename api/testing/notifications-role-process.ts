// Test support only: the notifications role in a process of its own, for a test that kills it
// with -9 mid-batch. Configured by the environment (loadConfig) plus NOTIFICATIONS_TEST (topics
// and consumer group); runs until SIGTERM.
import { z } from 'zod';
import { loadConfig } from '../../infra/config.ts';
import { connectEventStore } from '../../infra/eventstore/event-store.ts';
import { createLogger } from '../../infra/logger.ts';
import { createMetrics } from '../../infra/metrics.ts';
import { createAggregates } from '../../processes/aggregates.ts';
import { systemClock } from '../../processes/ports/clock.ts';
import { startNotificationsRole } from '../roles/notifications.ts';

const test = z
  .object({
    groupId: z.string().min(1),
    topics: z.object({
      orders: z.string(),
      inventory: z.string(),
      payments: z.string(),
      deadLetter: z.string(),
      bridgeProgress: z.string(),
    }),
  })
  .parse(JSON.parse(process.env.NOTIFICATIONS_TEST ?? '{}'));
const config = loadConfig(process.env);
const logger = createLogger({ level: 'info', name: 'notifications-child' });
const metrics = createMetrics({ defaultMetrics: false });
const store = connectEventStore(config.EVENTSTORE_CONNECTION_STRING ?? '');
const aggregates = createAggregates({ store, logger, metrics });
const role = await startNotificationsRole({
  config,
  store,
  aggregates,
  clock: systemClock,
  logger,
  metrics,
  ...test,
});
process.once('SIGTERM', () => {
  void role.stop().then(() => store.close());
});
