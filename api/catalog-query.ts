import { z } from 'zod';
import { categoryNameSchema } from '../domain/product/events.ts';
import type { CatalogProduct } from '../projections/catalog/index.ts';
import { HttpProblem } from './http/problem.ts';

export const productListQuery = z.strictObject({
  category: categoryNameSchema.optional(),
  /** Part of the name, any case. */
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type ProductListQuery = z.infer<typeof productListQuery>;

export interface ProductPage {
  readonly items: readonly CatalogProduct[];
  readonly nextCursor: string | null;
}

// The cursor names the last sku of the page (keyset): a product added meanwhile neither repeats
// nor hides the ones after it. Opaque to clients, so its form may change.
const cursorSchema = z.object({ after: z.string().min(1) });
const encodeCursor = (after: string): string =>
  Buffer.from(JSON.stringify({ after })).toString('base64url');
const decodeCursor = (cursor: string): string => {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).after;
  } catch {
    throw new HttpProblem(
      400,
      'invalid_cursor',
      'Invalid cursor',
      'the cursor is not one we gave',
      {
        errors: [{ path: 'cursor', message: 'not a cursor from this list' }],
      },
    );
  }
};

const bySku = new Intl.Collator('en', { numeric: true }).compare;
const sameText = new Intl.Collator('en', { sensitivity: 'base' }).compare;

/** One page of the products (in sku order) in the category and with the name asked for. */
export const productPage = (
  products: readonly CatalogProduct[],
  query: ProductListQuery,
): ProductPage => {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const needle = query.q?.toLocaleLowerCase('en');
  const matching = products.filter(
    (product) =>
      (query.category === undefined || sameText(product.category, query.category) === 0) &&
      (needle === undefined || product.name.toLocaleLowerCase('en').includes(needle)) &&
      (after === undefined || bySku(product.sku, after) > 0),
  );
  const items = matching.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      matching.length > items.length && last !== undefined ? encodeCursor(last.sku) : null,
  };
};

/** Every category with how many products it holds, by name. */
export const categoryCounts = (
  products: readonly CatalogProduct[],
): { category: string; products: number }[] => {
  const counts = new Map<string, number>();
  for (const { category } of products) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts]
    .map(([category, count]) => ({ category, products: count }))
    .sort((a, b) => a.category.localeCompare(b.category, 'en'));
};
