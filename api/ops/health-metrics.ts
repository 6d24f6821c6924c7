import type { Metrics } from '../../infra/metrics.ts';
import type { HealthSource } from './health-source.ts';

/**
 * The figures an operator acts on, computed at scrape time from the health source (cached, so one
 * scrape reads the event store and the read models once): nothing on the runners' hot path.
 */
export const registerHealthMetrics = (metrics: Metrics, source: HealthSource): void => {
  const up = metrics.gauge(
    'component_up',
    'Whether a component is up (1) or down (0): stores, subscriptions, projections, the bridge',
    ['component', 'kind'],
    async () => {
      const { components } = await source.snapshot();
      up.reset();
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
      const { components } = await source.snapshot();
      const stores = components.filter((c) => c.kind === 'store');
      ready.set(stores.every((c) => c.light !== 'down') ? 1 : 0);
    },
  );
  const lagEvents = metrics.gauge(
    'subscription_lag_events',
    'Events in its streams after the last one a subscription or projection handled',
    ['subscription', 'kind'],
    async () => {
      const { components } = await source.snapshot();
      lagEvents.reset();
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
      const { components } = await source.snapshot();
      lagSeconds.reset();
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
      const { components } = await source.snapshot();
      parked.reset();
      for (const c of components) if (c.parked !== null) parked.set({ group: c.name }, c.parked);
    },
  );
  const open = metrics.gauge(
    'open_orders',
    'Orders not yet delivered, cancelled or rejected, by status',
    ['status'],
    async () => {
      const { openOrders } = await source.snapshot();
      open.reset();
      for (const [status, count] of Object.entries(openOrders.byStatus))
        open.set({ status }, count);
    },
  );
  const oldest = metrics.gauge(
    'open_order_oldest_age_seconds',
    'How long the oldest open order of a status has waited since it was placed',
    ['status'],
    async () => {
      const { oldestAgeByStatus } = await source.snapshot();
      oldest.reset();
      for (const [status, age] of Object.entries(oldestAgeByStatus)) oldest.set({ status }, age);
    },
  );
  // Totals kept by the order_summaries read model, mirrored as a counter so rate() works on them.
  const payments = metrics.counter(
    'order_payments_total',
    'Orders whose payment was authorized, or which were rejected because it was declined',
    ['outcome'],
    async () => {
      const { payments: totals } = await source.snapshot();
      payments.reset();
      payments.inc({ outcome: 'authorized' }, totals.authorized);
      payments.inc({ outcome: 'declined' }, totals.declined);
    },
  );
};
