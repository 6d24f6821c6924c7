import type { Response } from 'express';
import type { z } from 'zod';
import {
  analyticsCarts,
  analyticsCustomers,
  analyticsSales,
} from '../../projections/analytics/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import { toCsv } from '../analytics/csv.ts';
import {
  loadCarts,
  loadCustomers,
  loadFulfilment,
  loadProducts,
  loadSales,
  loadSummary,
} from '../analytics/load.ts';
import { loadDemandForecast } from '../analytics/forecast-load.ts';
import { demandForecastQuery, demandForecastSchema } from '../analytics/forecast-query.ts';
import { analyticsQuery, productsQuery, salesQuery } from '../analytics/query.ts';
import {
  cartsSchema,
  customersSchema,
  fulfilmentSchema,
  productsSchema,
  salesSchema,
  summarySchema,
  type Range,
} from '../analytics/schemas.ts';
import type { AnalyticsSources } from '../analytics/sources.ts';
import { defineRoute, type Route } from '../http/route.ts';

const sourcesOf = async (readModels: ReadModels): Promise<AnalyticsSources> => {
  const [sales, customers] = await Promise.all([
    readModels.active(analyticsSales),
    readModels.active(analyticsCustomers),
  ]);
  return { sales, customers };
};

interface Compared {
  readonly range: Range;
  readonly current: unknown;
  readonly previous: unknown;
}

/** JSON, or with format=csv a file of one row per figure, the previous period's after. */
const answer = (res: Response, name: string, format: 'json' | 'csv', body: Compared): void => {
  if (format === 'json') {
    res.json(body);
    return;
  }
  const parts = [{ period: 'current', figures: body.current }];
  if (body.previous !== null) parts.push({ period: 'previous', figures: body.previous });
  res
    .type('text/csv; charset=utf-8')
    .attachment(`analytics-${name}-${body.range.from}-${body.range.to}.csv`)
    .send(toCsv(parts));
};

const responses = (schema: z.ZodType) => ({
  200: {
    description: 'the figures (with format=csv: text/csv, one row per figure)',
    schema,
  },
});
const access = ['operator', 'admin'] as const;
const tag = 'analytics';

/**
 * `GET /api/analytics/{summary,sales,products,customers,carts,fulfilment}`: figures of an inclusive
 * range of UTC days from the analytics read models, compared with the previous period on demand.
 */
export const analyticsRoutes = (readModels: ReadModels, clock: () => Date): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/analytics/demand-forecast',
    summary:
      "A sku's daily demand forecast for 7 or 30 days with 80% and 95% intervals (seasonal ARIMA), its reorder point from lead time and service level, days of cover and a suggested order",
    tag,
    access,
    query: demandForecastQuery,
    responses: {
      200: { description: 'the forecast and the stock advice', schema: demandForecastSchema },
      404: { description: 'no such sku' },
    },
    handle: async ({ res, query }) => {
      res.json(await loadDemandForecast(readModels, query, clock()));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/analytics/summary',
    summary:
      'Big numbers (revenue, orders, average order value, cancellation and payment success rates, new customers) with daily series, change and alerts',
    tag,
    access,
    query: analyticsQuery,
    responses: responses(summarySchema),
    handle: async ({ res, query }) => {
      const summary = await loadSummary(await sourcesOf(readModels), query, clock());
      if (query.format === 'json') {
        res.json(summary);
        return;
      }
      const { metrics, alerts } = summary;
      answer(res, 'summary', 'csv', {
        range: summary.range,
        current: { metrics, alerts },
        previous: null,
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/analytics/sales',
    summary:
      'Revenue and orders by day, week or month, revenue by category, the weekday × hour heatmap',
    tag,
    access,
    query: salesQuery,
    responses: responses(salesSchema),
    handle: async ({ res, query }) => {
      answer(
        res,
        'sales',
        query.format,
        await loadSales(await sourcesOf(readModels), query, clock()),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/analytics/products',
    summary:
      'Top and worst sellers by units and revenue (optionally within a category), stockouts, turnover',
    tag,
    access,
    query: productsQuery,
    responses: responses(productsSchema),
    handle: async ({ res, query }) => {
      answer(
        res,
        'products',
        query.format,
        await loadProducts(await sourcesOf(readModels), query, clock()),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/analytics/customers',
    summary:
      'New versus returning customers, lifetime value distribution, cohort retention by first-order month',
    tag,
    access,
    query: analyticsQuery,
    responses: responses(customersSchema),
    handle: async ({ res, query }) => {
      answer(
        res,
        'customers',
        query.format,
        await loadCustomers(await sourcesOf(readModels), query, clock()),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/analytics/carts',
    summary:
      'Carts started, checked out and abandoned (left untouched for 24 h) by day, the value left in them, the abandonment rate',
    tag,
    access,
    query: analyticsQuery,
    responses: responses(cartsSchema),
    handle: async ({ res, query }) => {
      const carts = await readModels.active(analyticsCarts);
      answer(res, 'carts', query.format, await loadCarts(carts, query, clock()));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/analytics/fulfilment',
    summary:
      'Status funnel, cancellation rate, placed-to-shipped and placed-to-delivered p50/p90, payment success and decline reasons',
    tag,
    access,
    query: analyticsQuery,
    responses: responses(fulfilmentSchema),
    handle: async ({ res, query }) => {
      answer(
        res,
        'fulfilment',
        query.format,
        await loadFulfilment(await sourcesOf(readModels), query, clock()),
      );
    },
  }),
];
