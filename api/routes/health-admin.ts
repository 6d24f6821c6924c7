import type { HealthSource } from '../ops/health-source.ts';
import { healthSnapshotSchema } from '../ops/health-schema.ts';
import { defineRoute, type Route } from '../http/route.ts';

/** The System health page's figures: the same sources as the operator metrics, as JSON. */
export const healthAdminRoutes = (source: HealthSource): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/admin/health',
    summary:
      'Status of every component (stores, subscriptions, projections, the Kafka bridge) with lag and parked counts, open orders, and HTTP latency per route over the last minutes',
    tag: 'admin',
    access: ['operator', 'admin'],
    responses: { 200: { description: 'the system health', schema: healthSnapshotSchema } },
    handle: async ({ res }) => {
      const { oldestAgeByStatus: _ages, ...snapshot } = await source.snapshot();
      res.set('Cache-Control', 'no-store').json(snapshot);
    },
  }),
];
