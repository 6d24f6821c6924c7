import { matches } from '../../infra/readmodels/filter.ts';
import type {
  Filter,
  ReadModelCollection,
  Scalar,
  SortSpec,
} from '../../infra/readmodels/store.ts';
import type { OrderSummaryDoc } from '../../projections/order-summaries/index.ts';

/** The list's sorts: each a field and a direction, closed by the order id. */
export const orderSorts = ['placedAt:desc', 'placedAt:asc', 'total:desc', 'total:asc'] as const;
export type OrderSort = (typeof orderSorts)[number];

export const sortSpecOf = (sort: OrderSort): SortSpec => {
  const [field, direction] = sort.split(':');
  const dir = direction === 'asc' ? 1 : -1;
  return [
    [field === 'total' ? 'total.amount' : 'placedAt', dir],
    ['_id', dir],
  ];
};

/** The sort key of a document: what a cursor after it holds. */
export const sortValueOf = (sort: OrderSort, doc: OrderSummaryDoc): string | number =>
  sort.startsWith('total') ? doc.total.amount : doc.placedAt;

/**
 * Every word must be found in the order: as the start of its id, the start of one of its skus,
 * or inside one of its products' names (case aside).
 */
export const searchMatcher = (text: string): ((doc: OrderSummaryDoc) => boolean) => {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return (doc) =>
    words.every(
      (word) =>
        doc.orderId.toLowerCase().startsWith(word) ||
        doc.lines.some(
          (line) =>
            line.sku.toLowerCase().startsWith(word) || line.name.toLowerCase().includes(word),
        ),
    );
};

export interface SearchQuery {
  readonly filter: Filter;
  readonly sort: OrderSort;
  readonly after: readonly Scalar[] | undefined;
  readonly limit: number;
  readonly text: string;
  /** How many orders one request may look at before it answers with what it found. */
  readonly budget: number;
}

export interface SearchPage {
  readonly items: OrderSummaryDoc[];
  /** Where the next page starts: after the last item shown, or the last order looked at. */
  readonly next: OrderSummaryDoc | undefined;
  /** The budget ran out before the page filled: more may match further on. */
  readonly partial: boolean;
}

const batchSize = 1_000;

/**
 * Search walks the list in its sort order (an index walk, in memory or in MongoDB) and keeps the
 * orders that match, so the answer is a keyset page like any other. Names and skus live inside
 * the lines, which the stores' sorted indexes cannot hold; a search for something rare would walk
 * the whole list, so each request looks at `budget` orders at most and then answers with what it
 * found and a cursor where it stopped: the time of a page stays bounded whatever is searched.
 */
export const searchOrders = async (
  collection: ReadModelCollection<OrderSummaryDoc>,
  query: SearchQuery,
): Promise<SearchPage> => {
  const { filter, sort, limit, budget } = query;
  const spec = sortSpecOf(sort);
  const wanted = searchMatcher(query.text);
  // An order's whole id: one read, however long the list.
  const exact = await collection.get(query.text.trim());
  if (exact !== undefined && query.after === undefined && matches(exact, filter))
    return { items: [exact], next: undefined, partial: false };
  const found: OrderSummaryDoc[] = [];
  let after = query.after;
  let looked = 0;
  let last: OrderSummaryDoc | undefined;
  while (looked < budget) {
    const want = Math.min(batchSize, budget - looked);
    const docs = await collection.find({
      filter,
      sort: spec,
      limit: want,
      ...(after ? { after } : {}),
    });
    for (const doc of docs) {
      looked++;
      last = doc;
      if (!wanted(doc)) continue;
      found.push(doc);
      if (found.length > limit)
        return { items: found.slice(0, limit), next: found[limit - 1], partial: false };
    }
    if (docs.length < want || last === undefined)
      return { items: found, next: undefined, partial: false };
    after = [sortValueOf(sort, last), last._id];
  }
  return { items: found, next: last, partial: true };
};
