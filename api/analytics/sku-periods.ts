import type { SaleDaySkusDoc, SaleWeekSkusDoc } from '../../projections/analytics/index.ts';
import { weekOf } from '../../projections/analytics/index.ts';
import { addDays } from './query.ts';
import { salesDaySkus, salesWeekSkus, type AnalyticsSources, type DaySpan } from './sources.ts';

/**
 * A range as the Mondays of its whole ISO weeks (null when it holds none) and the days before and
 * after them: a 90-day range is 12 weeks and 6 days, so 18 shard sets to read instead of 90.
 */
export const splitIntoWeeks = (range: DaySpan): { weeks: DaySpan | null; days: DaySpan[] } => {
  const firstMonday =
    weekOf(range.from) === range.from ? range.from : addDays(weekOf(range.from), 7);
  const lastMonday = addDays(weekOf(addDays(range.to, 1)), -7);
  if (firstMonday > lastMonday) return { weeks: null, days: [range] };
  const days: DaySpan[] = [];
  if (range.from < firstMonday) days.push({ from: range.from, to: addDays(firstMonday, -1) });
  const afterWeeks = addDays(lastMonday, 7);
  if (afterWeeks <= range.to) days.push({ from: afterWeeks, to: range.to });
  return { weeks: { from: firstMonday, to: lastMonday }, days };
};

/** Every sku's figures of the range: whole weeks from the week documents, the rest by day. */
export const skuPeriods = async (
  sources: AnalyticsSources,
  range: DaySpan,
): Promise<(SaleDaySkusDoc | SaleWeekSkusDoc)[]> => {
  const { weeks, days } = splitIntoWeeks(range);
  const parts = await Promise.all([
    weeks === null ? [] : salesWeekSkus(sources, weeks),
    ...days.map((span) => salesDaySkus(sources, span)),
  ]);
  return parts.flat();
};
