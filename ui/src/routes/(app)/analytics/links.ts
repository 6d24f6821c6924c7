import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export type AnalyticsPage =
  'summary' | 'sales' | 'products' | 'customers' | 'fulfilment' | 'export';

/** An analytics page with a query (no `?`; '' for none), typed against the routes. */
export const analyticsLink = (page: AnalyticsPage, search = ''): ResolvedPathname => {
  const plain = search === '';
  switch (page) {
    case 'summary':
      return plain ? resolve('/(app)/analytics') : resolve(`/(app)/analytics?${search}`);
    case 'sales':
      return plain
        ? resolve('/(app)/analytics/sales')
        : resolve(`/(app)/analytics/sales?${search}`);
    case 'products':
      return plain
        ? resolve('/(app)/analytics/products')
        : resolve(`/(app)/analytics/products?${search}`);
    case 'customers':
      return plain
        ? resolve('/(app)/analytics/customers')
        : resolve(`/(app)/analytics/customers?${search}`);
    case 'fulfilment':
      return plain
        ? resolve('/(app)/analytics/fulfilment')
        : resolve(`/(app)/analytics/fulfilment?${search}`);
    case 'export':
      return plain
        ? resolve('/(app)/analytics/export')
        : resolve(`/(app)/analytics/export?${search}`);
  }
};
