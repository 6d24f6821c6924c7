import type { Metrics } from '../../infra/metrics.ts';
import type { HealthSource } from './health-source.ts';

/**
 * The figures an operator acts on, computed at scrape time from the health source (cached, so one
 * scrape reads the event store and the read models once): nothing on the runners' hot path.
 */
export const registerHealthMetrics = (metrics: Metrics, source: HealthSource): void => {
  // A figure that cannot be read leaves its family empty; /metrics itself must still answer.
  const read = () => source.snapshot().catch(() => undefined);
  const up = metrics.gauge(
    'component_up',
    'Whether a component is up (1) or down (0): stores, subscriptions, projections, the bridge',
    ['component', 'kind'],
    async () => {
      const health = await read();
      up.reset();
      if (health === undefined) return;
      const { components } = health;
      for (const c of components)
        if (c.light !== 'off')
          up.set({ component: c.name, kind: c.kind }, c.light === 'down' ? 0 : 1);
    },
  );
  const ready = metrics.gauge(
    'ready',
    'Whether this api process is ready (1) as /ready says: the event store and the read models answer',
    [],
    async () => {
      const health = await read();
      const stores = health?.components.filter((c) => c.kind === 'store') ?? [];
      ready.set(stores.length > 0 && stores.every((c) => c.light !== 'down') ? 1 : 0);
    },
  );
  const lagEvents = metrics.gauge(
    'subscription_lag_events',
    'Events in its streams after the last one a subscription or projection handled',
    ['subscription', 'kind'],
    async () => {
      const health = await read();
      lagEvents.reset();
      if (health === undefined) return;
      const { components } = health;
      for (const c of components)
        if (c.lagEvents !== null)
          lagEvents.set({ subscription: c.name, kind: c.kind }, c.lagEvents);
    },
  );
  const lagSeconds = metrics.gauge(
    'subscription_lag_seconds',
    'Age of the oldest event a subscription or projection has not handled yet (0 when caught up)',
    ['subscription', 'kind'],
    async () => {
      const health = await read();
      lagSeconds.reset();
      if (health === undefined) return;
      const { components } = health;
      for (const c of components)
        if (c.lagSeconds !== null)
          lagSeconds.set({ subscription: c.name, kind: c.kind }, c.lagSeconds);
    },
  );
  const parked = metrics.gauge(
    'persistent_parked_messages',
    'Messages parked in a persistent subscription group, waiting for an operator',
    ['group'],
    async () => {
      const health = await read();
      parked.reset();
      if (health === undefined) return;
      const { components } = health;
      for (const c of components) if (c.parked !== null) parked.set({ group: c.name }, c.parked);
    },
  );
  const open = metrics.gauge(
    'open_orders',
    'Orders not yet delivered, cancelled or rejected, by status',
    ['status'],
    async () => {
      const health = await read();
      open.reset();
      if (health === undefined) return;
      const { openOrders } = health;
      for (const [status, count] of Object.entries(openOrders.byStatus))
        open.set({ status }, count);
    },
  );
  const oldest = metrics.gauge(
    'open_order_oldest_age_seconds',
    'How long the oldest open order of a status has waited since it was placed',
    ['status'],
    async () => {
      const health = await read();
      oldest.reset();
      if (health === undefined) return;
      const { oldestAgeByStatus } = health;
      for (const [status, age] of Object.entries(oldestAgeByStatus)) oldest.set({ status }, age);
    },
  );
  // Totals kept by the order_summaries read model, mirrored as a counter so rate() works on them.
  const payments = metrics.counter(
    'order_payments_total',
    'Orders whose payment was authorized, or which were rejected because it was declined',
    ['outcome'],
    async () => {
      const health = await read();
      // Unread, the totals stay as they were: dropping to 0 would look like a counter reset.
      if (health === undefined) return;
      payments.reset();
      const { payments: totals } = health;
      payments.inc({ outcome: 'authorized' }, totals.authorized);
      payments.inc({ outcome: 'declined' }, totals.declined);
    },
  );
};
