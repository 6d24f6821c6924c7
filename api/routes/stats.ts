import { z } from 'zod';
import { orderStatuses } from '../../domain/order/state.ts';
import {
  byStatusId,
  dayOf,
  minuteColumns,
  minuteOf,
  opsStats,
  zeroCounts,
  type OpsStatsDoc,
} from '../../projections/ops-stats/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import type { Catalog } from '../catalog.ts';
import {
  minPositionParam,
  readYourWrites,
  readYourWritesHeaders,
} from '../http/read-your-writes.ts';
import { defineRoute, type Route } from '../http/route.ts';

const count = z.number().int();
const statsSchema = z.object({
  byStatus: z.object(Object.fromEntries(orderStatuses.map((status) => [status, count]))),
  revenuePerDay: z.array(
    z.object({
      day: z.string(),
      revenue: z.object({ amount: count, currency: z.string() }),
      orders: count,
    }),
  ),
  ordersPerMinute: z.array(
    z.object({
      minute: z.string(),
      ...Object.fromEntries(minuteColumns.map((column) => [column, count])),
    }),
  ),
});

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** Days of revenue shown, the last one being today. */
const days = 90;

const byKind = (docs: readonly OpsStatsDoc[], kind: OpsStatsDoc['kind']) =>
  docs.filter((doc) => doc.kind === kind);

export type Stats = z.infer<typeof statsSchema>;

/**
 * Orders by status, revenue per day and orders per minute over the last hour, from `ops_stats`:
 * what `GET /api/stats` answers and what Socket.IO sends as `stats.changed`.
 */
export const loadStats = async (
  readModels: ReadModels,
  catalog: Catalog,
  clock: () => Date,
): Promise<Stats> => {
  const now = clock().getTime();
  const firstMinute = minuteOf(new Date(now - 59 * minuteMs).toISOString());
  const firstDay = dayOf(new Date(now - (days - 1) * dayMs).toISOString());
  const stats = await readModels.active(opsStats);
  const sort = [
    ['kind', 1],
    ['key', 1],
    ['_id', 1],
  ] as const;
  const [byStatus, revenue, minutes] = await Promise.all([
    stats?.get(byStatusId),
    stats?.find({ filter: { kind: 'revenue', key: { $gte: firstDay } }, sort }) ?? [],
    stats?.find({ filter: { kind: 'minute', key: { $gte: firstMinute } }, sort }) ?? [],
  ]);
  const currency = catalog.products()[0]?.unitPrice.currency ?? 'EUR';
  const revenuePerDay = byKind(revenue, 'revenue').flatMap((doc) => {
    if (doc.kind !== 'revenue') return [];
    const amounts = doc.revenue.length > 0 ? doc.revenue : [{ currency, amount: 0 }];
    return amounts.map(({ currency: code, amount }) => ({
      day: doc.key,
      revenue: { amount, currency: code },
      orders: doc.orders,
    }));
  });
  const found = new Map(minutes.flatMap((doc) => (doc.kind === 'minute' ? [[doc.key, doc]] : [])));
  const ordersPerMinute = Array.from({ length: 60 }, (_, index) => {
    const minute = minuteOf(new Date(now - (59 - index) * minuteMs).toISOString());
    const doc = found.get(minute);
    return {
      minute,
      ...Object.fromEntries(minuteColumns.map((column) => [column, doc?.[column] ?? 0])),
    };
  });
  return {
    byStatus: byStatus?.kind === 'by-status' ? byStatus.counts : zeroCounts(),
    revenuePerDay,
    ordersPerMinute,
  };
};

/** `GET /api/stats`: orders by status, revenue per day, orders per minute (the last 60 minutes). */
export const statsRoutes = (
  readModels: ReadModels,
  catalog: Catalog,
  clock: () => Date,
): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/stats',
    summary:
      'Orders by status, revenue per day (captured minus refunded, with the orders placed that day) and orders per minute over the last hour',
    tag: 'stats',
    access: ['operator', 'admin'],
    query: z.strictObject({ minPosition: minPositionParam }),
    headers: readYourWritesHeaders,
    responses: { 200: { description: 'the figures', schema: statsSchema } },
    handle: async ({ req, res, query }) => {
      await readYourWrites(req, res, readModels, opsStats.name, query.minPosition);
      res.json(await loadStats(readModels, catalog, clock));
    },
  }),
];
