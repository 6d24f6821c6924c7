/** Reads into `target` from `position`; answers how many bytes it read (fewer at the file's end). */
export type ReadAt = (target: Buffer, position: number) => number;

const BLOCK_SIZE = 64 * 1024;
const BLOCKS_KEPT = 32;

interface Block {
  readonly bytes: Buffer;
  /** How many of its bytes the file held when it was read: the tail block may grow since. */
  readonly filled: number;
}

/**
 * Reads a file's bytes back through a few recently read 64 KiB blocks. Events are read back in
 * log order far more often than not (catch-up subscriptions, projections starting, rebuilds), so a
 * walk over the log costs one read per block rather than one per event, and a single event's read
 * costs a block's copy from the page cache. The blocks' memory is reused (a fresh 64 KiB buffer
 * per block cost about 100 µs in page faults, a second per 10,000 blocks when opening a large
 * log), so what a read answers is a copy of its range, which the caller may keep.
 */
export class BlockCache {
  private readonly blocks = new Map<number, Block>();
  private readonly readAt: ReadAt;

  constructor(readAt: ReadAt) {
    this.readAt = readAt;
  }

  read(offset: number, length: number): Buffer {
    const first = Math.floor(offset / BLOCK_SIZE);
    const last = Math.floor((offset + length - 1) / BLOCK_SIZE);
    if (length === 0) return Buffer.alloc(0);
    if (first !== last) return this.readDirect(offset, length);
    const start = offset - first * BLOCK_SIZE;
    const block = this.block(first, start + length);
    return Buffer.from(block.bytes.subarray(start, start + length));
  }

  private block(index: number, needed: number): Block {
    const kept = this.blocks.get(index);
    if (kept !== undefined && kept.filled >= needed) {
      // Map order is the order of use: the first entry is the least recently used.
      this.blocks.delete(index);
      this.blocks.set(index, kept);
      return kept;
    }
    let bytes = kept?.bytes;
    this.blocks.delete(index);
    if (bytes === undefined && this.blocks.size >= BLOCKS_KEPT) {
      const oldest = this.blocks.entries().next();
      if (oldest.done !== true) {
        this.blocks.delete(oldest.value[0]);
        bytes = oldest.value[1].bytes;
      }
    }
    bytes ??= Buffer.allocUnsafe(BLOCK_SIZE);
    const filled = this.fill(bytes, index * BLOCK_SIZE);
    if (filled < needed) throw new Error(`event log: short read in block ${String(index)}`);
    const block = { bytes, filled };
    this.blocks.set(index, block);
    return block;
  }

  private readDirect(offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    if (this.fill(bytes, offset) < length) throw new Error('event log: short read');
    return bytes;
  }

  private fill(target: Buffer, position: number): number {
    let filled = 0;
    while (filled < target.length) {
      const count = this.readAt(target.subarray(filled), position + filled);
      if (count === 0) break;
      filled += count;
    }
    return filled;
  }
}
