import { describe, expect, it } from 'vitest';
import type { ForecastPoint } from './forecast-model.ts';
import { daysOfCover, reorderPoint, stockAdvice } from './forecast-stock.ts';

// Ten units a day, each day's forecast error variance 4 (sd 2): the answers follow by hand.
const flat = (days: number, units = 10, variance = 4): ForecastPoint[] =>
  Array.from({ length: days }, () => ({
    units,
    variance,
    lo80: 0,
    hi80: 0,
    lo95: 0,
    hi95: 0,
  }));
const policy = { leadTimeDays: 7, serviceLevel: 0.95, reviewDays: 7 };

describe('reorder point: lead-time demand + z·σ_LT', () => {
  it('given 10 a day with sd 2 and 7 days of lead time at 95%, then 70 + 1.645·√28 rounded up: 79', () => {
    const { reorderPoint: point, leadTimeDemand, safetyStock } = reorderPoint(flat(30), policy);
    expect(leadTimeDemand).toBe(70);
    expect(safetyStock).toBeCloseTo(1.6449 * Math.sqrt(28), 2);
    expect(point).toBe(79);
  });

  it('given a higher service level or a longer lead time, then a higher reorder point', () => {
    const base = reorderPoint(flat(30), policy).reorderPoint;
    expect(reorderPoint(flat(30), { ...policy, serviceLevel: 0.99 }).reorderPoint).toBe(
      Math.ceil(70 + 2.3263 * Math.sqrt(28)),
    );
    expect(reorderPoint(flat(30), { ...policy, leadTimeDays: 14 }).reorderPoint).toBeGreaterThan(
      base,
    );
  });

  it('given a 50% service level, then no safety stock: the expected demand alone', () => {
    expect(reorderPoint(flat(30), { ...policy, serviceLevel: 0.5 }).reorderPoint).toBe(70);
  });
});

describe('days of cover and the suggested order', () => {
  it('given 35 units at 10 a day, then 3 whole days of cover', () => {
    expect(daysOfCover(35, flat(30))).toBe(3);
    expect(daysOfCover(0, flat(30))).toBe(0);
  });

  it('given more stock than the forecast horizon uses, then the last week’s rate carries on', () => {
    expect(daysOfCover(405, flat(30))).toBe(40);
  });

  it('given no demand at all, then cover is unbounded (null)', () => {
    expect(daysOfCover(5, flat(30, 0, 0))).toBeNull();
  });

  it('given stock at or below the reorder point, then order up to 14 days of demand with its safety stock', () => {
    const advice = stockAdvice(50, flat(30), policy);
    expect(advice.orderUpTo).toBe(Math.ceil(140 + 1.6449 * Math.sqrt(56)));
    expect(advice.suggestedReorder).toBe(advice.orderUpTo - 50);
    expect(stockAdvice(79, flat(30), policy).suggestedReorder).toBe(advice.orderUpTo - 79);
  });

  it('given stock above the reorder point, then nothing to order yet', () => {
    expect(stockAdvice(80, flat(30), policy)).toMatchObject({
      reorderPoint: 79,
      suggestedReorder: 0,
    });
  });
});
