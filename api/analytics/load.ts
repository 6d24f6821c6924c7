import type { ReadModelCollection } from '../../infra/readmodels/store.ts';
import type { CartsDoc, SaleDayDoc } from '../../projections/analytics/index.ts';
import { cartsFigures } from './carts-figures.ts';
import { cartDocuments } from './carts-sources.ts';
import { customersFigures } from './customers-figures.ts';
import { fulfilmentFigures } from './fulfilment-figures.ts';
import { productsFigures } from './products-figures.ts';
import { resolveRanges, type AnalyticsQuery } from './query.ts';
import { salesFigures } from './sales-figures.ts';
import { skuPeriods } from './sku-periods.ts';
import type {
  Carts,
  Customers,
  Fulfilment,
  Granularity,
  Products,
  Range,
  Sales,
  Summary,
} from './schemas.ts';
import { customerDays, customerMonths, salesDays, skus, type AnalyticsSources } from './sources.ts';
import { summaryFigures } from './summary-figures.ts';

type Ranged = Pick<AnalyticsQuery, 'from' | 'to' | 'compare'>;

const currencyOf = (days: readonly SaleDayDoc[]): string => days[0]?.currency ?? 'EUR';

/** Figures for the range and, when compared, the previous period, computed alike. */
const compared = async <T>(
  query: Ranged,
  now: Date,
  figures: (range: Range) => Promise<{ figures: T; currency?: string }>,
) => {
  const { range, compareRange } = resolveRanges(query, now);
  const [current, previous] = await Promise.all([
    figures(range),
    compareRange === null ? undefined : figures(compareRange),
  ]);
  return {
    range,
    compareRange,
    currency: current.currency ?? previous?.currency ?? 'EUR',
    current: current.figures,
    previous: previous?.figures ?? null,
  };
};

export const loadSummary = async (
  sources: AnalyticsSources,
  query: Ranged,
  now: Date,
): Promise<Summary> => {
  const { range, compareRange } = resolveRanges({ ...query, compare: 'previous' }, now);
  const previousRange = compareRange ?? range;
  const [sales, customers, previousSales, previousCustomers, catalog] = await Promise.all([
    salesDays(sources, range),
    customerDays(sources, range),
    salesDays(sources, previousRange),
    customerDays(sources, previousRange),
    skus(sources, undefined),
  ]);
  return summaryFigures(
    { range, sales, customers },
    { range: previousRange, sales: previousSales, customers: previousCustomers },
    query.compare === 'previous',
    catalog,
    currencyOf(sales),
  );
};

export const loadSales = async (
  sources: AnalyticsSources,
  query: Ranged & { granularity: Granularity },
  now: Date,
): Promise<Sales> => ({
  ...(await compared(query, now, async (range) => {
    const days = await salesDays(sources, range);
    return { figures: salesFigures(days, range, query.granularity), currency: currencyOf(days) };
  })),
  granularity: query.granularity,
});

export const loadProducts = async (
  sources: AnalyticsSources,
  query: Ranged & { category?: string | undefined; limit: number },
  now: Date,
): Promise<Products> => {
  const catalog = await skus(sources, query.category);
  return compared(query, now, async (range) => {
    const [days, daySkus] = await Promise.all([
      salesDays(sources, range),
      skuPeriods(sources, range),
    ]);
    const figures = productsFigures(days, daySkus, catalog, {
      range,
      category: query.category,
      limit: query.limit,
    });
    return { figures, currency: currencyOf(days) };
  });
};

export const loadCustomers = async (
  sources: AnalyticsSources,
  query: Ranged,
  now: Date,
): Promise<Customers> => {
  const months = await customerMonths(sources);
  return compared(query, now, async (range) => ({
    figures: customersFigures(await customerDays(sources, range), months, range),
  }));
};

export const loadFulfilment = async (
  sources: AnalyticsSources,
  query: Ranged,
  now: Date,
): Promise<Fulfilment> =>
  compared(query, now, async (range) => {
    const days = await salesDays(sources, range);
    return { figures: fulfilmentFigures(days, range), currency: currencyOf(days) };
  });

export const loadCarts = async (
  carts: ReadModelCollection<CartsDoc> | undefined,
  query: Ranged,
  now: Date,
): Promise<Carts> =>
  compared(query, now, async (range) => {
    const docs = await cartDocuments(carts, range);
    const currency = [...docs.abandoned, ...docs.carts][0]?.currency;
    return {
      figures: cartsFigures(docs, range, now),
      ...(currency === undefined ? {} : { currency }),
    };
  });
