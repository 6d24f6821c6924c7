import type { Filter, ReadModelCollection } from '../../infra/readmodels/store.ts';
import type {
  CustomerDayDoc,
  CustomerMonthDoc,
  CustomersDoc,
  SaleDayDoc,
  SaleDaySkusDoc,
  SaleSkuDoc,
  SaleWeekSkusDoc,
  SalesDoc,
} from '../../projections/analytics/index.ts';
import type { Range } from './schemas.ts';

/** The analytics read models' active collections (undefined before their first build). */
export interface AnalyticsSources {
  readonly sales: ReadModelCollection<SalesDoc> | undefined;
  readonly customers: ReadModelCollection<CustomersDoc> | undefined;
}

// Every read walks an index: an equality on kind (and category), a range of day keys.
const byKey = [
  ['key', 1],
  ['_id', 1],
] as const;
/** An inclusive span of day keys (a week document's key is its Monday). */
export type DaySpan = Pick<Range, 'from' | 'to'>;
const inRange = (range: DaySpan) => ({ $gte: range.from, $lte: range.to });

export const salesDays = async (sources: AnalyticsSources, range: Range): Promise<SaleDayDoc[]> =>
  (
    (await sources.sales?.find({ filter: { kind: 'day', key: inRange(range) }, sort: byKey })) ?? []
  ).flatMap((doc) => (doc.kind === 'day' ? [doc] : []));

/** The documents of every sku's figures of each day of the range. */
export const salesDaySkus = async (
  sources: AnalyticsSources,
  range: DaySpan,
): Promise<SaleDaySkusDoc[]> =>
  (
    (await sources.sales?.find({
      filter: { kind: 'day-skus', key: inRange(range) },
      sort: byKey,
    })) ?? []
  ).flatMap((doc) => (doc.kind === 'day-skus' ? [doc] : []));

/** The documents of every sku's figures of each week whose Monday is in `mondays`. */
export const salesWeekSkus = async (
  sources: AnalyticsSources,
  mondays: DaySpan,
): Promise<SaleWeekSkusDoc[]> =>
  (
    (await sources.sales?.find({
      filter: { kind: 'week-skus', key: inRange(mondays) },
      sort: byKey,
    })) ?? []
  ).flatMap((doc) => (doc.kind === 'week-skus' ? [doc] : []));

export const skus = async (
  sources: AnalyticsSources,
  category: string | undefined,
): Promise<SaleSkuDoc[]> => {
  const filter: Filter = category === undefined ? { kind: 'sku' } : { kind: 'sku', category };
  const docs = (await sources.sales?.find({ filter, sort: byKey })) ?? [];
  return docs.flatMap((doc) => (doc.kind === 'sku' ? [doc] : []));
};

export const customerDays = async (
  sources: AnalyticsSources,
  range: Range,
): Promise<CustomerDayDoc[]> =>
  (
    (await sources.customers?.find({
      filter: { kind: 'day', key: inRange(range) },
      sort: byKey,
    })) ?? []
  ).flatMap((doc) => (doc.kind === 'day' ? [doc] : []));

/** Every month's cohort activity (a few dozen documents for years of history). */
export const customerMonths = async (sources: AnalyticsSources): Promise<CustomerMonthDoc[]> =>
  ((await sources.customers?.find({ filter: { kind: 'month' }, sort: byKey })) ?? []).flatMap(
    (doc) => (doc.kind === 'month' ? [doc] : []),
  );
