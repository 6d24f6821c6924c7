import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

// Every in-app link goes through here: typed against the routes, and right under a base path.
// `search` is a query string without its `?` ('' for none).

const withSearch = <T extends ResolvedPathname>(plain: T, searched: () => T, search: string): T =>
  search === '' ? plain : searched();

export const links = {
  orders: (search = ''): ResolvedPathname =>
    withSearch(resolve('/(app)/orders'), () => resolve(`/(app)/orders?${search}`), search),
  ordersExport: (search: string): ResolvedPathname => resolve(`/(app)/orders/export?${search}`),
  newOrder: (): ResolvedPathname => resolve('/(app)/orders/new'),
  order: (id: string): ResolvedPathname => resolve('/(app)/orders/[id]', { id }),
  audit: (id: string, event?: number): ResolvedPathname =>
    event === undefined
      ? resolve('/(app)/orders/[id]/audit', { id })
      : resolve(`/(app)/orders/[id]/audit?event=${event}`, { id }),
  auditExport: (id: string, format: 'csv' | 'json'): ResolvedPathname =>
    resolve(`/(app)/orders/[id]/audit/export?format=${format}`, { id }),
  auditSearch: (search = ''): ResolvedPathname =>
    withSearch(resolve('/(app)/audit'), () => resolve(`/(app)/audit?${search}`), search),
  auditSearchExport: (search: string): ResolvedPathname => resolve(`/(app)/audit/export?${search}`),
  inventory: (): ResolvedPathname => resolve('/(app)/inventory'),
  operations: (): ResolvedPathname => resolve('/(app)/operations'),
  // Not /health: the API answers that path itself (a liveness probe), so a reload would get JSON.
  health: (): ResolvedPathname => resolve('/(app)/system/health'),
  parked: (group: string): ResolvedPathname =>
    resolve('/(app)/operations/subscriptions/[group]', { group }),
  signIn: (): ResolvedPathname => resolve('/signin'),
};
