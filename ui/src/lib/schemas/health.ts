import * as z from 'zod/mini';

// GET /api/admin/health and the ops room's health.changed as the System health page reads them
// (api/ops/health-schema.ts is the server's side).

export const lights = ['ok', 'warn', 'down', 'off'] as const;
export type Light = (typeof lights)[number];

const componentSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['store', 'projection', 'subscription', 'bridge']),
  light: z.enum(lights),
  state: z.string(),
  lagEvents: z.nullable(z.int()),
  lagSeconds: z.nullable(z.number()),
  parked: z.nullable(z.int()),
});
export type Component = z.infer<typeof componentSchema>;

const routeSchema = z.object({
  method: z.string(),
  route: z.string(),
  requests: z.int(),
  errorRate: z.number(),
  p50: z.nullable(z.number()),
  p95: z.nullable(z.number()),
  p99: z.nullable(z.number()),
});

export const healthSchema = z.object({
  at: z.string(),
  components: z.array(componentSchema),
  openOrders: z.object({
    byStatus: z.record(z.string(), z.int()),
    oldest: z.array(
      z.object({
        orderId: z.string(),
        status: z.string(),
        stage: z.string(),
        placedAt: z.string(),
        ageSeconds: z.number(),
      }),
    ),
  }),
  payments: z.object({ authorized: z.int(), declined: z.int() }),
  http: z.object({ windowSeconds: z.number(), routes: z.array(routeSchema) }),
});
export type Health = z.infer<typeof healthSchema>;
