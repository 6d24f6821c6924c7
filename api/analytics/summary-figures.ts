import { defaultLowStockThreshold, isLowStock } from '../../domain/inventory/low-stock.ts';
import type { CustomerDayDoc, SaleDayDoc, SaleSkuDoc } from '../../projections/analytics/index.ts';
import { netRevenue, ratio, sum } from './arithmetic.ts';
import { daysOf } from './query.ts';
import type { Alert, Metric, Range, Summary } from './schemas.ts';

export interface Period {
  readonly range: Range;
  readonly sales: readonly SaleDayDoc[];
  readonly customers: readonly CustomerDayDoc[];
}

/** A fall of the payment success rate (or a rise of cancellations) by this much raises an alert. */
const rateAlert = 0.05;

interface DayTotals {
  revenue: number;
  orders: number;
  placedValue: number;
  cancelled: number;
  authorized: number;
  declined: number;
  newCustomers: number;
}

const totals = (sales: readonly SaleDayDoc[], customers: readonly CustomerDayDoc[]): DayTotals => ({
  revenue: sum(sales, netRevenue),
  orders: sum(sales, (d) => d.placed),
  placedValue: sum(sales, (d) => d.placedValue),
  cancelled: sum(sales, (d) => d.cancelled),
  authorized: sum(sales, (d) => d.authorized),
  declined: sum(sales, (d) => d.declined),
  newCustomers: sum(customers, (d) => d.newCustomers),
});

const figures = {
  revenue: (t: DayTotals) => t.revenue,
  orders: (t: DayTotals) => t.orders,
  averageOrderValue: (t: DayTotals) => Math.round(ratio(t.placedValue, t.orders, 0)),
  cancellationRate: (t: DayTotals) => ratio(t.cancelled, t.orders, 0),
  paymentSuccessRate: (t: DayTotals) => ratio(t.authorized, t.authorized + t.declined, 0),
  newCustomers: (t: DayTotals) => t.newCustomers,
};
type Figure = keyof typeof figures;

/** The totals of the whole period and of each of its days. */
const periodTotals = (period: Period) => {
  const sales = new Map(period.sales.map((d) => [d.key, d]));
  const customers = new Map(period.customers.map((d) => [d.key, d]));
  return {
    whole: totals(period.sales, period.customers),
    daily: daysOf(period.range).map((day) => {
      const s = sales.get(day);
      const c = customers.get(day);
      return totals(s ? [s] : [], c ? [c] : []);
    }),
  };
};

const metric = (
  figure: Figure,
  current: ReturnType<typeof periodTotals>,
  previous: ReturnType<typeof periodTotals> | undefined,
): Metric => {
  const of = figures[figure];
  const value = of(current.whole);
  const before = previous === undefined ? null : of(previous.whole);
  return {
    value,
    previous: before,
    change: before === null || before === 0 ? null : (value - before) / before,
    series: current.daily.map(of),
    previousSeries: previous?.daily.map(of) ?? null,
  };
};

const alerts = (
  current: DayTotals,
  before: DayTotals,
  sales: readonly SaleDayDoc[],
  skus: readonly SaleSkuDoc[],
): Alert[] => {
  const found: Alert[] = [];
  const success = figures.paymentSuccessRate;
  if (current.authorized + current.declined > 0 && before.authorized + before.declined > 0) {
    const drop = success(before) - success(current);
    if (drop >= rateAlert)
      found.push({
        kind: 'payment_success_falling',
        severity: drop >= 2 * rateAlert ? 'critical' : 'warning',
        message: `Payment success fell from ${(100 * success(before)).toFixed(1)}% to ${(100 * success(current)).toFixed(1)}%`,
      });
  }
  const cancellations = figures.cancellationRate;
  if (
    current.orders > 0 &&
    before.orders > 0 &&
    cancellations(current) - cancellations(before) >= rateAlert
  )
    found.push({
      kind: 'cancellations_rising',
      severity: 'warning',
      message: `Cancellations rose from ${(100 * cancellations(before)).toFixed(1)}% to ${(100 * cancellations(current)).toFixed(1)}% of orders`,
    });
  const stockouts = sum(sales, (d) => d.rejections.out_of_stock ?? 0);
  if (stockouts > 0)
    found.push({
      kind: 'stockouts',
      severity: 'warning',
      message: `${stockouts} orders were rejected for want of stock`,
    });
  for (const sku of [...skus]
    .filter((s) => isLowStock(s.available, s.lowStockThreshold ?? defaultLowStockThreshold))
    .sort((a, b) => a.available - b.available)
    .slice(0, 10))
    found.push({
      kind: 'low_stock',
      severity: sku.available <= 0 ? 'critical' : 'warning',
      message: `${sku.name}: ${Math.max(0, sku.available)} available`,
      sku: sku.key,
    });
  return found;
};

/**
 * The big numbers with their daily series and change. Alerts always compare with the previous
 * period, asked for or not.
 */
export const summaryFigures = (
  current: Period,
  previous: Period,
  compared: boolean,
  skus: readonly SaleSkuDoc[],
  currency: string,
): Summary => {
  const now = periodTotals(current);
  const before = periodTotals(previous);
  const shown = compared ? before : undefined;
  return {
    range: current.range,
    compareRange: compared ? previous.range : null,
    currency,
    metrics: {
      revenue: metric('revenue', now, shown),
      orders: metric('orders', now, shown),
      averageOrderValue: metric('averageOrderValue', now, shown),
      cancellationRate: metric('cancellationRate', now, shown),
      paymentSuccessRate: metric('paymentSuccessRate', now, shown),
      newCustomers: metric('newCustomers', now, shown),
    },
    alerts: alerts(now.whole, before.whole, current.sales, skus),
  };
};
