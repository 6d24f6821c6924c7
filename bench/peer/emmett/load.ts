import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { percentile } from '../../_report.ts';
import type { EmmettFlow } from './flow.ts';

export const loadPlan = z.object({
  runId: z.string().min(1),
  orders: z.number().int().positive(),
  rate: z.number().positive(),
  skus: z.number().int().positive(),
  /** How long to wait for the last confirmations once every order is placed. */
  drainMs: z.number().int().positive(),
});
export type LoadPlan = z.infer<typeof loadPlan>;

/** What one open-loop run of the flow did, timed in the process that ran it. */
export const loadOutcome = z.object({
  runId: z.string(),
  rate: z.number(),
  offered: z.number(),
  placed: z.number(),
  confirmed: z.number(),
  rejected: z.number(),
  failures: z.number(),
  firstFailure: z.string().optional(),
  /** Confirmed orders over the time from the first placement to the last confirmation. */
  ordersPerSecond: z.number(),
  /** From the last placement to the last confirmation. */
  drainMs: z.number(),
  /** Placed-to-confirmed latency percentiles; null when nothing was confirmed. */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  /** Every order placed and confirmed, the last within 2 s of the last placement (as `saga`). */
  sustained: z.boolean(),
});
export type LoadOutcome = z.infer<typeof loadOutcome>;

export const orderIdOf = (runId: string, n: number) => `${runId}-${String(n)}`;
export const skuOf = (runId: string, n: number, skus: number) =>
  `${runId}-SKU-${String(1 + (n % skus))}`;

/** Restocks the run's skus with enough for every order: the run measures flow, not shortage. */
export const restock = async (flow: EmmettFlow, plan: LoadPlan): Promise<void> => {
  for (let n = 0; n < plan.skus; n++) {
    const sku = skuOf(plan.runId, n, plan.skus);
    const data = { sku, quantity: plan.orders, now: new Date().toISOString() };
    await flow.handlers.inventory({ type: 'Restock', data });
  }
};

/**
 * Places `plan.orders` one-line orders at `plan.rate` a second through the order command handler
 * (no HTTP), without waiting for one before the next, then waits for their outcomes.
 */
export const placeOrders = async (
  flow: EmmettFlow,
  plan: LoadPlan,
  seen: { readonly outcomes: ReadonlyMap<string, { outcome: string; at: number }> },
  failures: { count: number; first?: string },
): Promise<LoadOutcome> => {
  const sentAt = new Map<string, number>();
  const first = performance.now();
  const placing: Promise<unknown>[] = [];
  for (let n = 0; n < plan.orders; n++) {
    const wait = first + (n * 1000) / plan.rate - performance.now();
    if (wait > 1) await sleep(wait);
    const orderId = orderIdOf(plan.runId, n);
    sentAt.set(orderId, performance.now());
    const line = { sku: skuOf(plan.runId, n, plan.skus), quantity: 1, unitPrice: 1999 };
    const data = { orderId, customerId: `customer-${String(n % 100)}`, line, currency: 'EUR' };
    placing.push(
      flow.handlers
        .order({ type: 'PlaceOrder', data: { ...data, now: new Date().toISOString() } })
        .catch((error: unknown) => {
          sentAt.delete(orderId);
          failures.count++;
          failures.first ??= String(error);
        }),
    );
  }
  const lastSent = performance.now();
  await Promise.all(placing);
  const deadline = performance.now() + plan.drainMs;
  while (performance.now() < deadline && [...sentAt.keys()].some((id) => !seen.outcomes.has(id)))
    await sleep(50);
  const ends = [...sentAt].flatMap(([id, sent]) => {
    const end = seen.outcomes.get(id);
    return end === undefined ? [] : [{ ...end, latency: end.at - sent }];
  });
  const confirmed = ends.filter((end) => end.outcome === 'confirmed');
  const last = Math.max(first, ...confirmed.map((end) => end.at));
  const latencies = confirmed.map((end) => end.latency);
  const drainMs = last - lastSent;
  const quantile = (p: number) => (latencies.length === 0 ? null : percentile(latencies, p));
  return {
    runId: plan.runId,
    rate: plan.rate,
    offered: plan.orders,
    placed: sentAt.size,
    confirmed: confirmed.length,
    rejected: ends.length - confirmed.length,
    failures: failures.count,
    ...(failures.first === undefined ? {} : { firstFailure: failures.first }),
    ordersPerSecond: (confirmed.length * 1000) / Math.max(1, last - first),
    drainMs,
    p50Ms: quantile(50),
    p95Ms: quantile(95),
    p99Ms: quantile(99),
    sustained: confirmed.length === plan.orders && drainMs < 2_000,
  };
};
