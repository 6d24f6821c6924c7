import { compileFilter, filterSpecOf, InvalidFilterError, type EventFilter } from '../filters.ts';
import { invalidArgument } from './errors.ts';
import { streamName } from './handlers.ts';
import { streams } from './proto.ts';
import { checkStreamName, revisionOf } from './proposed.ts';
import type { UuidMode } from './wire.ts';

type ReadReq = InstanceType<typeof streams.ReadReq>;

/** Where a read or subscription starts: the start, the end, or a revision / log position. */
export type From = 'start' | 'end' | number;

/** A Streams.Read request, decoded and checked. */
export type ReadRequest = {
  readonly uuid: UuidMode;
  readonly resolveLinks: boolean;
} & (
  | {
      readonly kind: 'read-stream';
      readonly stream: string;
      readonly from: From;
      readonly direction: 'forwards' | 'backwards';
      readonly maxCount: number;
    }
  | {
      readonly kind: 'read-all';
      readonly from: From;
      readonly direction: 'forwards' | 'backwards';
      readonly maxCount: number;
      readonly filter: EventFilter | undefined;
    }
  | { readonly kind: 'subscribe-stream'; readonly stream: string; readonly from: From }
  | {
      readonly kind: 'subscribe-all';
      readonly from: From;
      readonly filter: EventFilter | undefined;
      /** Checkpoint every this many events considered (filtered subscriptions only). */
      readonly checkpointInterval: number | undefined;
    }
);

// EventStoreDB's default search window when a filter asks for a "count" window.
const DEFAULT_SEARCH_WINDOW = 32;

/** Decodes a Streams.Read request into one of the four things it can ask for. */
export const readRequestOf = (request: ReadReq): ReadRequest => {
  const options = request.getOptions();
  if (options === undefined) throw invalidArgument('A read needs its options.');
  const uuid: UuidMode =
    options.getUuidOption()?.hasStructured() === true ? 'structured' : 'string';
  const base = { uuid, resolveLinks: options.getResolveLinks() };
  const direction =
    options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS
      ? 'backwards'
      : 'forwards';
  const subscription = options.hasSubscription();
  if (subscription && direction === 'backwards')
    throw invalidArgument('Subscriptions read forwards only.');
  const filterOptions = options.hasFilter() ? options.getFilter() : undefined;
  const filter = filterOptions === undefined ? undefined : compile(filterOptions);
  const maxCount = subscription ? 0 : Math.max(0, Number(options.getCount()));

  const streamOptions = options.getStream();
  if (streamOptions !== undefined) {
    const stream = checkStreamName(streamName(streamOptions.getStreamIdentifier()));
    const from: From = streamOptions.hasStart()
      ? 'start'
      : streamOptions.hasEnd()
        ? 'end'
        : revisionOf(streamOptions.getRevision());
    return subscription
      ? { ...base, kind: 'subscribe-stream', stream, from }
      : { ...base, kind: 'read-stream', stream, from, direction, maxCount };
  }
  const allOptions = options.getAll();
  if (allOptions === undefined) throw invalidArgument('A read needs a stream or $all.');
  const position = allOptions.getPosition();
  const from: From = allOptions.hasStart()
    ? 'start'
    : allOptions.hasEnd() || position === undefined
      ? 'end'
      : revisionOf(position.getCommitPosition());
  if (!subscription) return { ...base, kind: 'read-all', from, direction, maxCount, filter };
  const window = filterOptions?.hasMax() === true ? filterOptions.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = filterOptions?.getCheckpointintervalmultiplier() ?? 0;
  return {
    ...base,
    kind: 'subscribe-all',
    from,
    filter,
    checkpointInterval:
      filter === undefined ? undefined : Math.max(1, window * Math.max(1, multiplier)),
  };
};

const compile = (
  options: InstanceType<typeof streams.ReadReq.Options.FilterOptions>,
): EventFilter => {
  try {
    return compileFilter(filterSpecOf(options), { allStream: false });
  } catch (error) {
    if (error instanceof InvalidFilterError) throw invalidArgument(error.message);
    throw error;
  }
};
