import { z } from 'zod';
import type { Registry } from 'prom-client';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';

/** A dependency the service needs to answer; `check` throws when it is not reachable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

const readySchema = z.object({
  status: z.literal('ready'),
  checks: z.record(z.string(), z.literal('ok')),
});

export const healthRoutes = (checks: readonly ReadinessCheck[], registry: Registry): Route[] => [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process answers',
    tag: 'ops',
    access: 'public',
    responses: { 200: { description: 'alive', schema: z.object({ status: z.literal('ok') }) } },
    handle: ({ res }) => {
      res.json({ status: 'ok' });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/ready',
    summary: 'Readiness: every dependency (the event store first) answers',
    tag: 'ops',
    access: 'public',
    responses: {
      200: { description: 'ready', schema: readySchema },
      503: { description: 'a dependency does not answer' },
    },
    handle: async ({ res }) => {
      const results = await Promise.all(
        checks.map(async (check) => {
          try {
            await withTimeout(check.check(), 3_000);
            return [check.name, 'ok'] as const;
          } catch (error) {
            return [check.name, error instanceof Error ? error.message : String(error)] as const;
          }
        }),
      );
      const failed = results.filter(([, outcome]) => outcome !== 'ok');
      if (failed.length > 0) {
        throw new HttpProblem(
          503,
          'not_ready',
          'Not ready',
          failed.map(([name, why]) => `${name}: ${why}`).join('; '),
          {
            checks: Object.fromEntries(results),
          },
        );
      }
      res.json({ status: 'ready', checks: Object.fromEntries(results) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'ops',
    access: 'public',
    responses: {
      200: { description: 'metrics in the Prometheus text format', contentType: 'text/plain' },
    },
    handle: async ({ res }) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  }),
];

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        reject(new Error(`no answer within ${ms} ms`));
      }, ms).unref(),
    ),
  ]);
