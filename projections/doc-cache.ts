import type { StoredDoc } from '../infra/readmodels/store.ts';

/**
 * The documents a runner wrote lately, so a batch need not read back what the runner itself
 * just wrote (a runner is the only writer of its collection, so its own results are current).
 * Filling a collection from scratch, it also knows which ids it never wrote: those have no
 * document, and need no read either.
 */
export class DocumentCache<D extends StoredDoc> {
  private readonly docs = new Map<string, D>();
  private readonly written: Set<string> | undefined;
  private readonly max: number;

  /** `fromScratch`: the collection was empty when the runner started at position 0. */
  constructor(max: number, fromScratch: boolean) {
    this.max = max;
    this.written = fromScratch ? new Set() : undefined;
  }

  /** What it knows of `ids`, and the ids whose documents must be read from the store. */
  lookup(ids: readonly string[]): { found: Map<string, D>; unknown: string[] } {
    const found = new Map<string, D>();
    const unknown: string[] = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc !== undefined) {
        // Most recently used last: a Map keeps insertion order.
        this.docs.delete(id);
        this.docs.set(id, doc);
        found.set(id, doc);
      } else if (this.written === undefined || this.written.has(id)) unknown.push(id);
    }
    return { found, unknown };
  }

  /** Remembers documents once they are stored. */
  remember(docs: readonly D[]): void {
    for (const doc of docs) this.written?.add(doc._id);
    if (this.max <= 0) return;
    for (const doc of docs) {
      this.docs.delete(doc._id);
      this.docs.set(doc._id, doc);
    }
    for (const id of this.docs.keys()) {
      if (this.docs.size <= this.max) break;
      this.docs.delete(id);
    }
  }
}
