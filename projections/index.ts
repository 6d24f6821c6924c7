import { catalogProducts } from './catalog/index.ts';
import { analyticsCarts, analyticsCustomers, analyticsSales } from './analytics/index.ts';
import { fraudReviews } from './fraud-reviews/index.ts';
import { inventoryLevels } from './inventory-levels/index.ts';
import { opsStats } from './ops-stats/index.ts';
import { orderSummaries } from './order-summaries/index.ts';
import { orderTimelines } from './order-timelines/index.ts';
import { recommendations } from './recommendations/index.ts';
import type { AnyProjection } from './projection.ts';

export {
  analyticsCarts,
  analyticsCustomers,
  analyticsSales,
  catalogProducts,
  fraudReviews,
  inventoryLevels,
  opsStats,
  orderSummaries,
  orderTimelines,
  recommendations,
};

/** Every read model the product keeps. */
export const allProjections: readonly AnyProjection[] = [
  orderSummaries,
  orderTimelines,
  inventoryLevels,
  opsStats,
  catalogProducts,
  analyticsSales,
  analyticsCustomers,
  analyticsCarts,
  recommendations,
  fraudReviews,
];
