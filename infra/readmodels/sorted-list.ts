/** Where an iteration starts: a block and an offset in it. */
export interface ListCursor {
  readonly block: number;
  readonly offset: number;
}

const maxBlock = 1024;

/**
 * A sorted list of unique items in blocks of at most 1,024: insert and remove cost a binary
 * search and a splice of one block, so a million entries stay cheap to maintain, unlike one
 * big array whose splices move half a million pointers each.
 */
export class SortedList<T> {
  private blocks: T[][] = [];
  private count = 0;
  private readonly compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    if (this.blocks.length === 0) {
      this.blocks.push([item]);
      this.count = 1;
      return;
    }
    const blockIndex = Math.min(
      this.firstBlockWhere((last) => this.compare(last, item) >= 0),
      this.blocks.length - 1,
    );
    const block = this.blocks[blockIndex] ?? [];
    const offset = firstIndexWhere(block.length, (i) => this.compare(block[i] as T, item) >= 0);
    if (offset < block.length && this.compare(block[offset] as T, item) === 0) return;
    block.splice(offset, 0, item);
    this.count++;
    if (block.length > maxBlock)
      this.blocks.splice(blockIndex, 1, block.slice(0, maxBlock / 2), block.slice(maxBlock / 2));
  }

  remove(item: T): boolean {
    const blockIndex = this.firstBlockWhere((last) => this.compare(last, item) >= 0);
    const block = this.blocks[blockIndex];
    if (block === undefined) return false;
    const offset = firstIndexWhere(block.length, (i) => this.compare(block[i] as T, item) >= 0);
    if (offset >= block.length || this.compare(block[offset] as T, item) !== 0) return false;
    block.splice(offset, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(blockIndex, 1);
    return true;
  }

  /** The first position whose item satisfies `predicate`, which must be false…false true…true. */
  firstWhere(predicate: (item: T) => boolean): ListCursor {
    const block = this.firstBlockWhere(predicate);
    const items = this.blocks[block];
    if (items === undefined) return { block, offset: 0 };
    return { block, offset: firstIndexWhere(items.length, (i) => predicate(items[i] as T)) };
  }

  /** Items from `cursor` on, in order. */
  *forward(cursor: ListCursor): Generator<T> {
    for (let b = cursor.block, o = cursor.offset; b < this.blocks.length; b++, o = 0) {
      const items = this.blocks[b] ?? [];
      for (let i = o; i < items.length; i++) yield items[i] as T;
    }
  }

  /** Items before `cursor`, nearest first. */
  *backward(cursor: ListCursor): Generator<T> {
    for (let b = cursor.block, o = cursor.offset - 1; b >= 0; b--) {
      const items = this.blocks[b] ?? [];
      for (let i = Math.min(o, items.length - 1); i >= 0; i--) yield items[i] as T;
      o = Number.POSITIVE_INFINITY;
    }
  }

  private firstBlockWhere(predicate: (item: T) => boolean): number {
    return firstIndexWhere(this.blocks.length, (b) => {
      const block = this.blocks[b] ?? [];
      return predicate(block[block.length - 1] as T);
    });
  }
}

/** Binary search: the first index in [0, length) where `test` holds (length when none). */
const firstIndexWhere = (length: number, test: (index: number) => boolean): number => {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
};
