import { inventoryLevels } from '../../projections/inventory-levels/index.ts';
import {
  analyticsSales,
  saleDaySkusId,
  saleSkuId,
  shardOf,
  uncategorised,
} from '../../projections/analytics/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import { HttpProblem } from '../http/problem.ts';
import { forecastDemand, maxFitDays } from './forecast-model.ts';
import type { DemandForecast, DemandForecastQuery } from './forecast-query.ts';
import { stockAdvice } from './forecast-stock.ts';
import { addDays, dayKey } from './query.ts';

/** Stock is reviewed weekly, as the shop restocks: an order covers one more week after it lands. */
export const reviewDays = 7;
/** Days of history shown beside the forecast. */
const shownDays = 56;

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * The sku's daily demand over the last year (read from `analytics_sales`: each day's document
 * of the sku's shard, by id), its stock from `inventory_levels`, the forecast and the advice.
 * Demand on a day is the units ordered less the units released again that day by cancelled or
 * rejected orders; units refused for want of stock stay in: a stockout hides demand, it does
 * not remove it.
 */
export const loadDemandForecast = async (
  readModels: ReadModels,
  query: DemandForecastQuery,
  now: Date,
): Promise<DemandForecast> => {
  const { sku, leadTimeDays, serviceLevel } = query;
  const horizon = Number(query.horizon);
  const asOf = addDays(dayKey(now.getTime()), -1);
  const days = Array.from({ length: maxFitDays }, (_, n) => addDays(asOf, n - maxFitDays + 1));
  const [sales, levels] = await Promise.all([
    readModels.active(analyticsSales),
    readModels.active(inventoryLevels),
  ]);
  const shard = shardOf(sku);
  const [dayDocs, skuDoc, level] = await Promise.all([
    sales?.getMany(days.map((day) => saleDaySkusId(day, shard))),
    sales?.get(saleSkuId(sku)),
    levels?.get(sku),
  ]);
  let category: string | undefined = skuDoc?.kind === 'sku' ? skuDoc.category : undefined;
  const units = days.map((day) => {
    const doc = dayDocs?.get(saleDaySkusId(day, shard));
    const figures = doc?.kind === 'day-skus' ? doc.skus[sku] : undefined;
    if (figures === undefined) return 0;
    category ??= figures.category;
    return figures.ordered - figures.released;
  });
  if (skuDoc === undefined && level === undefined && units.every((u) => u === 0))
    throw new HttpProblem(404, 'sku_not_found', 'Not found', `no product ${sku}`);
  const stock = level?.available ?? (skuDoc?.kind === 'sku' ? skuDoc.available : 0);
  const policy = { leadTimeDays, serviceLevel, reviewDays };
  const { model, points } = forecastDemand(units, Math.max(horizon, leadTimeDays + reviewDays));
  const advice = stockAdvice(stock, points, policy);
  return {
    sku,
    name: skuDoc?.kind === 'sku' ? skuDoc.name : sku,
    category: category ?? uncategorised,
    asOf,
    history: days.slice(-shownDays).map((day, n) => ({
      day,
      units: units[units.length - shownDays + n] ?? 0,
    })),
    forecast: points.slice(0, horizon).map((p, n) => ({
      day: addDays(asOf, n + 1),
      units: round(p.units),
      lo80: round(p.lo80),
      hi80: round(p.hi80),
      lo95: round(p.lo95),
      hi95: round(p.hi95),
    })),
    stock,
    ...policy,
    leadTimeDemand: round(advice.leadTimeDemand),
    safetyStock: round(advice.safetyStock),
    reorderPoint: advice.reorderPoint,
    orderUpTo: advice.orderUpTo,
    daysOfCover: advice.daysOfCover,
    suggestedReorder: advice.suggestedReorder,
    model:
      model.name === 'sarima'
        ? { name: model.name, params: model.params, fittedOn: model.fittedOn }
        : {
            name: model.name,
            reason: model.reason,
            params: { mean: round(model.params.mean), sd: round(model.params.sd) },
            fittedOn: model.fittedOn,
          },
  };
};
