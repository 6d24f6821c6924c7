import type { IndexSpec } from '../../infra/readmodels/store.ts';

/**
 * The one index of every analytics read model: each document has a kind and a key (its day, week
 * or month, or its sku), and every figure reads one kind's keys over a range.
 */
export const byKindKey: IndexSpec = {
  name: 'by_kind_key',
  fields: [
    ['kind', 1],
    ['key', 1],
    ['_id', 1],
  ],
};
