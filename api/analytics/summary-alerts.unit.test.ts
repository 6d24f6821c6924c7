import { describe, expect, it } from 'vitest';
import type { SaleSkuDoc } from '../../projections/analytics/index.ts';
import { summaryFigures } from './summary-figures.ts';

// The summary's low-stock alert follows the one rule: fewer available than the sku's threshold
// (10 unless an operator set another), as on the inventory page and in the catalog.

const sku = (key: string, available: number, lowStockThreshold?: number): SaleSkuDoc => ({
  _id: `sku:${key}`,
  kind: 'sku',
  key,
  name: `Product ${key}`,
  category: 'Coffee',
  available,
  onHand: available,
  stockouts: 0,
  ...(lowStockThreshold === undefined ? {} : { lowStockThreshold }),
});
const period = {
  range: { from: '2026-12-01', to: '2026-12-07', days: 7 },
  sales: [],
  customers: [],
};

describe('the summary’s low-stock alerts', () => {
  it('given 9 left at the default threshold, 30 left under a threshold of 40 and 12 left at the default, then the first two are low', () => {
    const { alerts } = summaryFigures(
      period,
      period,
      false,
      [sku('A', 9), sku('B', 30, 40), sku('C', 12)],
      'EUR',
    );
    expect(alerts.filter((alert) => alert.kind === 'low_stock').map((alert) => alert.sku)).toEqual([
      'A',
      'B',
    ]);
  });
});
