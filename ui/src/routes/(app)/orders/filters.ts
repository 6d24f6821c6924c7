import { orderStatuses, type OrderStatus, type OrderSummary } from '#lib/schemas/orders.ts';
import { zonedToIso } from '#lib/zoned-time.ts';

/** The list's filters exactly as the URL holds them (what the user typed). */
export interface OrderFilters {
  status: OrderStatus | '';
  customerId: string;
  from: string;
  to: string;
  minTotal: string;
  maxTotal: string;
  q: string;
  /** 'true': only orders an operator should look at. */
  needsAttention: 'true' | '';
  sort: OrderSort;
  limit: 25 | 50 | 100;
}

export const orderSorts = ['placedAt:desc', 'placedAt:asc', 'total:desc', 'total:asc'] as const;
export type OrderSort = (typeof orderSorts)[number];

/** The sort a column header's link asks for: the other way round if it sorts already, else its first. */
export const toggledSort = (current: OrderSort, column: 'placedAt' | 'total'): OrderSort =>
  current === `${column}:desc` ? `${column}:asc` : `${column}:desc`;

export const pageSizes = [25, 50, 100] as const;

const text = (params: URLSearchParams, name: string, max = 100): string =>
  (params.get(name) ?? '').trim().slice(0, max);

export const filtersOf = (params: URLSearchParams): OrderFilters => {
  const status = text(params, 'status');
  const limit = Number(params.get('limit'));
  const sort = params.get('sort');
  return {
    status: orderStatuses.find((candidate) => candidate === status) ?? '',
    customerId: text(params, 'customerId'),
    from: text(params, 'from', 16),
    to: text(params, 'to', 16),
    minTotal: text(params, 'minTotal', 16),
    maxTotal: text(params, 'maxTotal', 16),
    q: text(params, 'q', 80),
    needsAttention: params.get('needsAttention') === 'true' ? 'true' : '',
    sort: orderSorts.find((candidate) => candidate === sort) ?? 'placedAt:desc',
    limit: pageSizes.find((size) => size === limit) ?? 25,
  };
};

/** Amounts are typed in major units ("12.50"); the API counts minor units (EUR: cents). */
const minorUnits = (value: string): number | undefined => {
  if (!/^\d{1,9}([.,]\d{1,2})?$/.test(value)) return undefined;
  return Math.round(Number(value.replace(',', '.')) * 100);
};

export interface ApiQuery {
  readonly query: Record<string, string | number | undefined>;
  /** Filters that could not be read and were left out, to say so on the page. */
  readonly ignored: readonly string[];
}

export const apiQueryOf = (filters: OrderFilters, timeZone: string): ApiQuery => {
  const ignored: string[] = [];
  const converted = <T>(label: string, raw: string, convert: (value: string) => T | undefined) => {
    if (raw === '') return undefined;
    const value = convert(raw);
    if (value === undefined) ignored.push(label);
    return value;
  };
  return {
    query: {
      status: filters.status || undefined,
      customerId: filters.customerId || undefined,
      from: converted('placed from', filters.from, (value) => zonedToIso(value, timeZone)),
      to: converted('placed to', filters.to, (value) => zonedToIso(value, timeZone)),
      minTotal: converted('minimum total', filters.minTotal, minorUnits),
      maxTotal: converted('maximum total', filters.maxTotal, minorUnits),
      q: filters.q || undefined,
      needsAttention: filters.needsAttention || undefined,
      sort: filters.sort,
      limit: filters.limit,
    },
    ignored,
  };
};

/** Whether an order (seen live) belongs in the list the user is looking at. */
export const matches = (query: ApiQuery['query'], order: OrderSummary): boolean => {
  const { status, customerId, from, to, minTotal, maxTotal, q, needsAttention } = query;
  if (status !== undefined && order.status !== status) return false;
  if (needsAttention !== undefined && order.needsAttention !== true) return false;
  if (customerId !== undefined && order.customerId !== customerId) return false;
  if (from !== undefined && order.placedAt < String(from)) return false;
  if (to !== undefined && order.placedAt > String(to)) return false;
  if (minTotal !== undefined && order.total.amount < Number(minTotal)) return false;
  if (maxTotal !== undefined && order.total.amount > Number(maxTotal)) return false;
  if (q !== undefined && !matchesSearch(String(q), order)) return false;
  return true;
};

/**
 * The API's search as far as a summary can tell: every word starts the order id or a sku. Product
 * names are not in a summary, so an order found by name alone is not announced live.
 */
const matchesSearch = (text: string, order: OrderSummary): boolean =>
  text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every(
      (word) =>
        order.orderId.toLowerCase().startsWith(word) ||
        (order.skus ?? []).some((sku) => sku.toLowerCase().startsWith(word)),
    );

/** The query string (no `?`) of the list with these filters, empty ones and defaults left out. */
export const searchOf = (filters: OrderFilters, extra: Record<string, string> = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    const text = String(value);
    if (
      text !== '' &&
      !(key === 'sort' && text === 'placedAt:desc') &&
      !(key === 'limit' && text === '25')
    ) {
      params.set(key, text);
    }
  }
  return params.toString();
};
