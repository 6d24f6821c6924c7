import { describe, expect, it } from 'vitest';
import type { OrderSummary } from '#lib/schemas/orders.ts';
import { apiQueryOf, filtersOf, matches, searchOf, toggledSort } from './filters.ts';

const summary = (overrides: Partial<OrderSummary> = {}): OrderSummary => ({
  orderId: 'a1b2c3d4-0000-4000-8000-000000000000',
  customerId: 'carol',
  status: 'placed',
  total: { amount: 4497, currency: 'EUR' },
  placedAt: '2026-07-15T10:00:00.000Z',
  updatedAt: '2026-07-15T10:00:00.000Z',
  ...overrides,
});

describe('the orders list filters', () => {
  it('keeps only what the URL may say', () => {
    const filters = filtersOf(
      new URLSearchParams('status=shipped&limit=7&sort=sideways&q=%20a1b2%20&customerId=carol'),
    );
    expect(filters).toMatchObject({
      status: 'shipped',
      limit: 25,
      sort: 'placedAt:desc',
      q: 'a1b2',
      customerId: 'carol',
    });
    expect(filtersOf(new URLSearchParams('status=lost')).status).toBe('');
    expect(filtersOf(new URLSearchParams('sort=total:asc')).sort).toBe('total:asc');
  });

  it('turns a sorted column the other way, and starts another column with its largest', () => {
    expect(toggledSort('placedAt:desc', 'placedAt')).toBe('placedAt:asc');
    expect(toggledSort('placedAt:asc', 'placedAt')).toBe('placedAt:desc');
    expect(toggledSort('placedAt:desc', 'total')).toBe('total:desc');
    expect(toggledSort('total:desc', 'total')).toBe('total:asc');
  });

  it('asks the API in minor units and instants, and says what it could not read', () => {
    const filters = filtersOf(
      new URLSearchParams('minTotal=12.5&maxTotal=abc&from=2026-07-15T12:00&to=2026-07-16T00:00'),
    );
    const { query, ignored } = apiQueryOf(filters, 'Europe/Amsterdam');
    expect(query).toMatchObject({
      minTotal: 1250,
      maxTotal: undefined,
      from: '2026-07-15T10:00:00.000Z',
      to: '2026-07-15T22:00:00.000Z',
    });
    expect(ignored).toEqual(['maximum total']);
  });

  it('decides whether an order seen live belongs in the list on screen', () => {
    const { query } = apiQueryOf(
      filtersOf(new URLSearchParams('status=placed&minTotal=40&q=a1b2')),
      'UTC',
    );
    expect(matches(query, summary())).toBe(true);
    expect(matches(query, summary({ status: 'confirmed' }))).toBe(false);
    expect(matches(query, summary({ total: { amount: 3999, currency: 'EUR' } }))).toBe(false);
    expect(matches(query, summary({ orderId: 'ffff' }))).toBe(false);
    const bySku = apiQueryOf(filtersOf(new URLSearchParams('q=sku-1')), 'UTC').query;
    expect(matches(bySku, summary({ skus: ['SKU-12'] }))).toBe(true);
    expect(matches(bySku, summary({ skus: ['SKU-2'] }))).toBe(false);
  });

  it('writes a URL with the defaults left out', () => {
    expect(searchOf(filtersOf(new URLSearchParams('')))).toBe('');
    expect(
      searchOf(filtersOf(new URLSearchParams('status=placed&limit=50')), { cursor: 'x' }),
    ).toBe('status=placed&limit=50&cursor=x');
    // an empty search and an empty status leave nothing behind
    expect(searchOf(filtersOf(new URLSearchParams('q=%20&status=&sort=total:desc')))).toBe(
      'sort=total%3Adesc',
    );
  });

  it('given needs attention, then the URL, the API query and the live list agree on it', () => {
    const filters = filtersOf(new URLSearchParams('needsAttention=true'));
    expect(filters.needsAttention).toBe('true');
    expect(filtersOf(new URLSearchParams('needsAttention=yes')).needsAttention).toBe('');
    expect(searchOf(filters)).toBe('needsAttention=true');
    const { query } = apiQueryOf(filters, 'UTC');
    expect(query.needsAttention).toBe('true');
    expect(matches(query, summary({ needsAttention: true }))).toBe(true);
    expect(matches(query, summary())).toBe(false);
  });
});
