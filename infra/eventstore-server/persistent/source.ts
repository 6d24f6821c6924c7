import { compileFilter, defaultAllFilter, type EventFilter } from '../filters.ts';
import { indexAtOrAfter, resolve, viewStream } from '../store/reads.ts';
import type { EventRecord, ResolvedEvent } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { GroupDefinition } from './settings.ts';

// The checkpoints and parked messages of `$all` groups are hidden from them (EventStoreDB's
// default `$all` filter) and not even counted as passed over: a group's own checkpoint would
// otherwise count as progress and trigger the next checkpoint, forever.
const ownBookkeeping = (record: EventRecord): boolean =>
  record.stream.startsWith('$persistentsubscription-$all::');

/** One step of reading a group's source: an event it delivers, or one its filter passes over. */
export type SourceItem =
  | { readonly kind: 'event'; readonly resolved: ResolvedEvent; readonly position: number }
  | { readonly kind: 'passed-over'; readonly position: number };

/**
 * What a group reads: one stream (by revision, within what its metadata leaves readable) or
 * `$all` (by index into the log, through the group's filter or EventStoreDB's default `$all`
 * filter). Positions are revisions for a stream and log positions for `$all`; a cursor is the
 * next revision or log index to look at.
 */
export class GroupSource {
  readonly isAll: boolean;
  private readonly store: Store;
  private readonly stream: string;
  private readonly filter: EventFilter;
  private readonly resolveLinks: boolean;

  constructor(store: Store, definition: GroupDefinition) {
    this.store = store;
    this.stream = definition.stream;
    this.isAll = definition.stream === '$all';
    this.resolveLinks = definition.settings.resolveLinkTos;
    this.filter =
      definition.filter === undefined
        ? defaultAllFilter
        : compileFilter(definition.filter, { allStream: true });
  }

  /** The cursor of the first event at or after a position. */
  cursorAt(position: number): number {
    return this.isAll ? indexAtOrAfter(this.store.all, position) : Math.max(0, position);
  }

  /** The cursor just past a position (resuming after a checkpoint). */
  cursorAfter(position: number): number {
    if (!this.isAll) return position + 1;
    const index = indexAtOrAfter(this.store.all, position);
    return this.store.all[index]?.position === position ? index + 1 : index;
  }

  /** The cursor of whatever is written next. */
  endCursor(): number {
    return this.isAll ? this.store.all.length : (this.store.stream(this.stream)?.committed ?? 0);
  }

  /** Reads from `cursor` until `count` events were found or the source ends. */
  read(cursor: number, count: number): { items: SourceItem[]; cursor: number; end: boolean } {
    const items: SourceItem[] = [];
    let next = cursor;
    let found = 0;
    if (this.isAll) {
      const { all } = this.store;
      for (; next < all.length && found < count; next++) {
        const record = all[next];
        if (record === undefined || ownBookkeeping(record)) continue;
        const item = this.itemOf(record);
        if (item.kind === 'event') found++;
        items.push(item);
      }
      return { items, cursor: next, end: next >= all.length };
    }
    const view = viewStream(this.store, this.stream);
    if (view.kind !== 'ok') return { items, cursor: next, end: true };
    next = Math.max(next, view.first);
    for (; next <= view.last && found < count; next++) {
      const record = view.state.at(next);
      if (record === undefined) continue;
      items.push(this.itemOf(record));
      found++;
    }
    return { items, cursor: next, end: next > view.last };
  }

  /** A newly committed event as this source sees it; undefined when it is not part of it. */
  live(record: EventRecord): SourceItem | undefined {
    if (this.isAll) return ownBookkeeping(record) ? undefined : this.itemOf(record);
    if (record.stream !== this.stream || record.tombstone) return undefined;
    return this.itemOf(record);
  }

  private itemOf(record: EventRecord): SourceItem {
    const position = this.isAll ? record.position : record.revision;
    if (this.isAll && !this.filter(record)) return { kind: 'passed-over', position };
    return { kind: 'event', resolved: resolve(this.store, record, this.resolveLinks), position };
  }
}
