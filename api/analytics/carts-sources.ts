import type { ReadModelCollection } from '../../infra/readmodels/store.ts';
import type {
  CartAbandonedDoc,
  CartDayDoc,
  CartDoc,
  CartsDoc,
} from '../../projections/analytics/index.ts';
import type { Range } from './schemas.ts';

/** What the carts figures of a range are made of (see projections/analytics/carts.ts). */
export interface CartDocuments {
  readonly days: readonly CartDayDoc[];
  /** Abandonments seen when their cart came back, by the day it was left. */
  readonly abandoned: readonly CartAbandonedDoc[];
  /** Carts left in the range holding lines not counted yet: abandoned once the threshold passed. */
  readonly carts: readonly CartDoc[];
}

// Every read walks the by_kind_key index: an equality on kind, a range of day keys.
const byKey = [
  ['key', 1],
  ['_id', 1],
] as const;

const ofKind = async <K extends CartsDoc['kind']>(
  collection: ReadModelCollection<CartsDoc> | undefined,
  kind: K,
  range: Range,
): Promise<Extract<CartsDoc, { kind: K }>[]> => {
  const docs =
    (await collection?.find({
      filter: { kind, key: { $gte: range.from, $lte: range.to } },
      sort: byKey,
    })) ?? [];
  return docs.filter((doc): doc is Extract<CartsDoc, { kind: K }> => doc.kind === kind);
};

export const cartDocuments = async (
  collection: ReadModelCollection<CartsDoc> | undefined,
  range: Range,
): Promise<CartDocuments> => {
  const [days, abandoned, carts] = await Promise.all([
    ofKind(collection, 'day', range),
    ofKind(collection, 'abandoned', range),
    ofKind(collection, 'cart', range),
  ]);
  return { days, abandoned, carts };
};
