import { describe, expect, it } from 'vitest';
import { forecastDemand, minHistoryDays } from './forecast-model.ts';
import { seasonalSeries, weeklyProfile } from './testing/series.ts';

const width = (p: { lo95: number; hi95: number }) => p.hi95 - p.lo95;

describe('forecastDemand: a seasonal ARIMA on daily units', () => {
  it('given a pure weekly pattern, then the next 14 days repeat it almost exactly', () => {
    const history = seasonalSeries(10 * 7);
    const { model, points } = forecastDemand(history, 14);
    expect(model).toMatchObject({ name: 'sarima', fittedOn: 70, params: { s: 7, D: 1 } });
    points.forEach((p, day) => {
      expect(p.units).toBeCloseTo(weeklyProfile[day % 7] ?? Number.NaN, 1);
    });
  });

  it('given days before the first sale, then they are not fitted on', () => {
    const history = [...Array.from({ length: 30 }, () => 0), ...seasonalSeries(8 * 7)];
    expect(forecastDemand(history, 7).model.fittedOn).toBe(56);
  });

  it('given a noisy series, then the 95% band never narrows and is wider at 30 days than at 1', () => {
    const { points } = forecastDemand(seasonalSeries(16 * 7, 3, 11), 30);
    const widths = points.map(width);
    // ctsa's variances are computed iteratively: equal ones may differ in the fifth decimal.
    widths.slice(1).forEach((w, day) => {
      expect(w).toBeGreaterThan((widths[day] ?? 0) - 1e-3);
    });
    expect(widths[29]).toBeGreaterThan(widths[0] ?? Infinity);
    points.forEach((p) => {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.units);
      expect(p.units).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
    });
  });

  it('given Gaussian noise around the pattern, then the 80% and 95% intervals hold about that share of what follows', () => {
    let inside80 = 0;
    let inside95 = 0;
    let count = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const series = seasonalSeries(16 * 7 + 14, 2, seed);
      const { points } = forecastDemand(series.slice(0, -14), 14);
      series.slice(-14).forEach((actual, day) => {
        const p = points[day];
        if (p === undefined) return;
        count += 1;
        if (actual >= p.lo80 && actual <= p.hi80) inside80 += 1;
        if (actual >= p.lo95 && actual <= p.hi95) inside95 += 1;
      });
    }
    expect(count).toBe(60 * 14);
    expect(inside80 / count).toBeGreaterThan(0.74);
    expect(inside80 / count).toBeLessThan(0.87);
    expect(inside95 / count).toBeGreaterThan(0.91);
    expect(inside95 / count).toBeLessThan(0.99);
  });

  it('given fewer than four weeks, then it says so and forecasts the mean with a wide band', () => {
    const { model, points } = forecastDemand([3, 5, 4, 6, 2, 4, 4, 5, 3, 4], 7);
    expect(minHistoryDays).toBe(28);
    expect(model).toMatchObject({
      name: 'insufficient-history',
      reason: 'too-short',
      fittedOn: 10,
    });
    expect(points).toHaveLength(7);
    expect(points[0]?.units).toBeCloseTo(4, 6);
    expect(points[6]).toEqual(points[0]);
    expect(points[0]?.hi95).toBeGreaterThan(6);
  });

  it('given a sku sold on fewer than half its days, then it is intermittent: a mean, no seasonal fit', () => {
    const history = Array.from({ length: 60 }, (_, day) => (day % 3 === 0 ? 3 : 0));
    const { model, points } = forecastDemand(history, 30);
    expect(model).toMatchObject({ name: 'insufficient-history', reason: 'intermittent' });
    expect(points[0]?.units).toBeCloseTo(1, 1);
    expect(points[0]?.lo95).toBe(0);
    expect(points[0]?.hi95).toBeGreaterThan(3);
  });

  it('given no sale at all, then zero demand with an empty band', () => {
    const { model, points } = forecastDemand(
      Array.from({ length: 90 }, () => 0),
      7,
    );
    expect(model).toMatchObject({ name: 'insufficient-history', reason: 'too-short', fittedOn: 0 });
    expect(points.every((p) => p.units === 0 && p.hi95 === 0)).toBe(true);
  });
});
