import { z } from 'zod';

/**
 * One light per component. `ok` green, `warn` amber (behind, parked), `down` red (stopped,
 * unreachable), `off` grey (not configured here). The UI always prints `state` beside it.
 */
export const lights = ['ok', 'warn', 'down', 'off'] as const;
export type Light = (typeof lights)[number];

export const componentSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['store', 'projection', 'subscription', 'bridge']),
  light: z.enum(lights),
  /** The light in words: "Running", "Stopped: no consumer connected", ... */
  state: z.string(),
  lagEvents: z.number().int().nullable(),
  lagSeconds: z.number().nullable(),
  /** Parked messages of a persistent subscription group (null for the others). */
  parked: z.number().int().nullable(),
});
export type ComponentHealth = z.infer<typeof componentSchema>;

export const openOrderSchema = z.object({
  orderId: z.string(),
  status: z.string(),
  /** Where the order waits: stock, payment, shipment or delivery. */
  stage: z.string(),
  placedAt: z.string(),
  ageSeconds: z.number(),
});

export const routeLatencySchema = z.object({
  method: z.string(),
  route: z.string(),
  requests: z.number().int(),
  errorRate: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});
export type RouteLatency = z.infer<typeof routeLatencySchema>;

export const healthSnapshotSchema = z.object({
  at: z.string(),
  components: z.array(componentSchema),
  openOrders: z.object({
    byStatus: z.record(z.string(), z.number().int()),
    oldest: z.array(openOrderSchema),
  }),
  payments: z.object({ authorized: z.number().int(), declined: z.number().int() }),
  http: z.object({ windowSeconds: z.number(), routes: z.array(routeLatencySchema) }),
});
export type HealthSnapshot = z.infer<typeof healthSnapshotSchema>;
