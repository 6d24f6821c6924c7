import { createRequire } from 'node:module';
import type * as SortedBtree from 'sorted-btree';

// A CommonJS package whose class is its `default` export; Node and vitest disagree on what an
// ES module's default import of it is, so it is required as CommonJS.
const { default: BTree } = createRequire(import.meta.url)(
  'sorted-btree',
) as typeof SortedBtree.default;

/**
 * Where a walk starts: the first item for which `test` holds. `test` must be monotone in the
 * list's order (false…false true…true), so the tree finds the boundary as it finds a key.
 */
class Boundary<T> {
  readonly test: (item: T) => boolean;
  constructor(test: (item: T) => boolean) {
    this.test = test;
  }
}

/**
 * A sorted set of unique items in a B+ tree (sorted-btree): insert, remove and finding where a
 * walk starts cost O(log n), however many items there are.
 */
export class SortedList<T> {
  // Items and boundaries share the key type: a boundary sorts just before the first item it
  // holds for, and is never stored.
  private readonly tree: InstanceType<typeof BTree<T | Boundary<T>, undefined>>;

  constructor(compare: (a: T, b: T) => number) {
    this.tree = new BTree<T | Boundary<T>, undefined>(undefined, (a, b) => {
      if (b instanceof Boundary) return a instanceof Boundary ? 0 : b.test(a) ? 1 : -1;
      if (a instanceof Boundary) return a.test(b) ? -1 : 1;
      return compare(a, b);
    });
  }

  get size(): number {
    return this.tree.size;
  }

  /** Adds the item unless an equal one is there. */
  insert(item: T): void {
    this.tree.set(item, undefined, false);
  }

  remove(item: T): boolean {
    return this.tree.delete(item);
  }

  /** Items in order, from the first for which `from` holds (monotone, see Boundary). */
  *forward(from: (item: T) => boolean): Generator<T> {
    for (const key of this.tree.keys(new Boundary(from))) if (!(key instanceof Boundary)) yield key;
  }

  /** Items for which `from` does not hold, nearest the boundary first. */
  *backward(from: (item: T) => boolean): Generator<T> {
    for (const [key] of this.tree.entriesReversed(new Boundary(from)))
      if (!(key instanceof Boundary)) yield key;
  }
}
