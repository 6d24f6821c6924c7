import type { Metrics } from '../../infra/metrics.ts';
import { inventoryLevels } from '../../projections/inventory-levels/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';

/**
 * Products low on stock by the one rule (fewer available than the sku's threshold), counted at
 * scrape time from `inventory_levels`, for the ProductsLowOnStock alert.
 */
export const registerStockMetrics = (metrics: Metrics, readModels: ReadModels): void => {
  const low = metrics.gauge(
    'products_low_on_stock',
    'Products with fewer units available than their low-stock threshold (10 unless set)',
    [],
    async () => {
      const collection = await readModels.active(inventoryLevels).catch(() => undefined);
      // Unread, the family stays empty rather than claiming that nothing is low.
      const count = await collection?.count({ lowStock: true }).catch(() => undefined);
      low.reset();
      if (count !== undefined) low.set(count);
    },
  );
};
