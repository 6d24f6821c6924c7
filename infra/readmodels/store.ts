import type { z } from 'zod';

/** A value a filter or an index compares. */
export type Scalar = string | number | boolean | null;

/** A condition on one field: a plain value means equality. `$prefix` is for string ids. */
export type Condition =
  | Scalar
  | {
      readonly $eq?: Scalar;
      readonly $in?: readonly Scalar[];
      readonly $gt?: Scalar;
      readonly $gte?: Scalar;
      readonly $lt?: Scalar;
      readonly $lte?: Scalar;
      readonly $prefix?: string;
    };

/**
 * Every condition must hold (an implicit AND). Field names may be dotted paths (`total.amount`).
 * Ranges compare values of the same type only, as MongoDB does.
 */
export type Filter = Readonly<Record<string, Condition>>;

export type Direction = 1 | -1;
/** Fields and directions, most significant first. */
export type SortSpec = readonly (readonly [field: string, direction: Direction])[];

export interface FindQuery {
  readonly filter?: Filter;
  /** Should end with `_id`, so that the order is total and keyset pages never overlap. */
  readonly sort?: SortSpec;
  readonly limit?: number;
  /** Keyset pagination: the sort fields' values of the last document of the previous page. */
  readonly after?: readonly Scalar[];
}

export interface IndexSpec {
  readonly name: string;
  readonly fields: SortSpec;
}

/** What every stored document has: its id, and the `$all` position of the last event applied. */
export interface StoredDoc {
  readonly _id: string;
  /** A sortable position key (see projections/position.ts); documents without one are control data. */
  readonly _position?: string;
}

export interface PutOutcome {
  readonly written: number;
  /** Refused by the guard: the stored document was already at this position or later. */
  readonly stale: number;
}

/** One collection of read-model documents. */
export interface ReadModelCollection<D extends StoredDoc> {
  readonly name: string;
  get(id: string): Promise<D | undefined>;
  getMany(ids: readonly string[]): Promise<Map<string, D>>;
  /**
   * Replaces whole documents (inserting missing ones). With the `position` guard a document is
   * written only if the stored one has an older `_position` (or none), so a replayed or
   * redelivered event changes nothing; `none` writes unconditionally.
   */
  bulkPut(docs: readonly D[], guard: 'position' | 'none'): Promise<PutOutcome>;
  /**
   * Compare-and-set: replaces the document if none has its id, or if the stored one matches
   * `condition`. Resolves false when another writer's document is there and does not match.
   */
  putIf(doc: D, condition: Filter): Promise<boolean>;
  /** Removes documents by id; missing ones are no error. */
  delete(ids: readonly string[]): Promise<void>;
  find(query?: FindQuery): Promise<D[]>;
  count(filter?: Filter): Promise<number>;
  /** Creates the indexes that are missing; existing ones are left alone. */
  ensureIndexes(specs: readonly IndexSpec[]): Promise<void>;
  /** Removes the collection and its indexes; a missing collection is not an error. */
  drop(): Promise<void>;
}

/** Where read models live: MongoDB in connected mode, memory in embedded mode. */
export interface ReadModelStore {
  readonly kind: 'memory' | 'mongodb';
  /**
   * A collection by name. `schema` checks documents read back from an external store (memory
   * hands back what it was given).
   */
  collection<D extends StoredDoc>(name: string, schema: z.ZodType<D>): ReadModelCollection<D>;
  /** The names of the collections that exist. */
  collections(): Promise<string[]>;
  /** Throws when the store does not answer (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
