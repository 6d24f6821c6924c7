import {
  isMetastream,
  originalStreamOf,
  SystemEventTypes,
  type EventRecord,
  type ResolvedEvent,
} from './records.ts';
import type { Store } from './store.ts';
import type { StreamState } from './stream-state.ts';

/** What a reader may see of a stream: revisions `first..last` (inclusive) of its events. */
export type StreamView =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'deleted' }
  | {
      readonly kind: 'ok';
      readonly state: StreamState;
      readonly first: number;
      readonly last: number;
    };

// EventStoreDB keeps only the last event of a metadata stream readable.
const METASTREAM_MAX_COUNT = 1;

/**
 * The readable part of a stream as EventStoreDB computes it: nothing when it never existed or was
 * soft-deleted; an error when tombstoned; else the events its `$tb`, `$maxCount` and `$maxAge`
 * metadata leave.
 */
export const viewStream = (store: Store, name: string): StreamView => {
  const state = store.stream(name);
  const original = isMetastream(name) ? store.stream(originalStreamOf(name)) : undefined;
  if ((state?.tombstoneCommitted ?? false) || (original?.tombstoneCommitted ?? false)) {
    return { kind: 'deleted' };
  }
  if (state === undefined || state.committed === 0) return { kind: 'not-found' };
  const last = state.lastCommittedRevision;
  if (isMetastream(name))
    return { kind: 'ok', state, first: last - METASTREAM_MAX_COUNT + 1, last };
  const metadata = store.stream(`$$${name}`)?.metadataOf('reader');
  if (metadata?.softDeleted ?? false) return { kind: 'not-found' };
  let first = Math.max(0, metadata?.truncateBefore ?? 0);
  if (metadata?.maxCount !== undefined) first = Math.max(first, last - metadata.maxCount + 1);
  if (metadata?.maxAge !== undefined) {
    const cutoff = store.now() - metadata.maxAge * 1000;
    while (first <= last && (state.at(first)?.createdMs ?? cutoff) < cutoff) first++;
  }
  return { kind: 'ok', state, first, last };
};

export type StreamRead =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'ok'; readonly events: ResolvedEvent[] };

export interface StreamReadOptions {
  readonly from: 'start' | 'end' | number;
  readonly direction: 'forwards' | 'backwards';
  readonly maxCount: number;
  readonly resolveLinks: boolean;
}

/**
 * The readable events of a stream in order: forwards from a revision (inclusive), or backwards
 * down from one (inclusive; "start" is revision 0 and nothing before it).
 */
export function* streamRecords(
  view: Extract<StreamView, { kind: 'ok' }>,
  from: 'start' | 'end' | number,
  direction: 'forwards' | 'backwards',
): Generator<EventRecord> {
  if (direction === 'forwards') {
    if (from === 'end') return;
    for (
      let revision = Math.max(view.first, from === 'start' ? 0 : from);
      revision <= view.last;
      revision++
    ) {
      const record = view.state.at(revision);
      if (record !== undefined) yield record;
    }
    return;
  }
  const start = from === 'end' ? view.last : from === 'start' ? 0 : Math.min(from, view.last);
  for (let revision = start; revision >= view.first; revision--) {
    const record = view.state.at(revision);
    if (record !== undefined) yield record;
  }
}

/** Reads a stream: its readable events from a revision, up to maxCount. */
export const readStream = (store: Store, name: string, options: StreamReadOptions): StreamRead => {
  const view = viewStream(store, name);
  if (view.kind !== 'ok') return view;
  const events: ResolvedEvent[] = [];
  for (const record of streamRecords(view, options.from, options.direction)) {
    if (events.length >= options.maxCount) break;
    events.push(resolve(store, record, options.resolveLinks));
  }
  return { kind: 'ok', events };
};

/** Follows a `$>` link ("revision@stream") when asked to; anything else is returned as is. */
export const resolve = (
  store: Store,
  record: EventRecord,
  resolveLinks: boolean,
): ResolvedEvent => {
  if (!resolveLinks || record.type !== SystemEventTypes.linkTo)
    return { event: record, link: undefined };
  const text = record.data.toString('utf8');
  const at = text.indexOf('@');
  const revision = Number(text.slice(0, at));
  const view =
    at > 0 && Number.isInteger(revision) ? viewStream(store, text.slice(at + 1)) : undefined;
  if (view?.kind !== 'ok' || revision < view.first || revision > view.last) {
    return { event: undefined, link: record };
  }
  return { event: view.state.at(revision), link: record };
};

/** The index in `store.all` of the first event at or after `position`. */
export const indexAtOrAfter = (all: readonly EventRecord[], position: number): number => {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((all[middle]?.position ?? Infinity) < position) low = middle + 1;
    else high = middle;
  }
  return low;
};

export interface AllReadOptions {
  readonly from: 'start' | 'end' | number;
  readonly direction: 'forwards' | 'backwards';
  readonly maxCount: number;
  readonly resolveLinks: boolean;
  readonly filter?: ((record: EventRecord) => boolean) | undefined;
}

/**
 * The events of `$all` committed when the read began: forwards from a position (inclusive) or
 * backwards from one (exclusive), those the filter allows. Deleted and truncated streams' events
 * stay, as they do in EventStoreDB until a scavenge.
 */
export function* allRecords(
  all: readonly EventRecord[],
  options: Pick<AllReadOptions, 'from' | 'direction' | 'filter'>,
): Generator<EventRecord> {
  const { from, direction, filter } = options;
  const end = all.length;
  if (direction === 'forwards') {
    if (from === 'end') return;
    for (let index = from === 'start' ? 0 : indexAtOrAfter(all, from); index < end; index++) {
      const record = all[index];
      if (record !== undefined && (filter === undefined || filter(record))) yield record;
    }
    return;
  }
  if (from === 'start') return;
  for (let index = from === 'end' ? end - 1 : indexAtOrAfter(all, from) - 1; index >= 0; index--) {
    const record = all[index];
    if (record !== undefined && (filter === undefined || filter(record))) yield record;
  }
}

/** Reads `$all` up to maxCount events. */
export const readAll = (store: Store, options: AllReadOptions): ResolvedEvent[] => {
  const events: ResolvedEvent[] = [];
  for (const record of allRecords(store.all, options)) {
    if (events.length >= options.maxCount) break;
    events.push(resolve(store, record, options.resolveLinks));
  }
  return events;
};
