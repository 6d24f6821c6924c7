import { DELETED_REVISION_WIRE, SystemEventTypes, type EventRecord } from '../store/records.ts';
import { categoryOf, isCategorySource, parseCategorySource } from './category.ts';
import { correlationIdOf, correlationPropertyOf } from './correlation.ts';

/** What a system projection emits for one event: a `$>` link (or a `$@` stream reference). */
export interface Emitted {
  readonly stream: string;
  readonly type: typeof SystemEventTypes.linkTo | '$@';
  readonly data: string;
  /**
   * JSON metadata of the emitted event, when KurrentDB writes some; a function of the event
   * linked to when it depends on it (built only when read).
   */
  readonly metadata?: string | ((target: EventRecord) => string);
}

/** One of KurrentDB's standard projections, as a pure function of the events of `$all`. */
export interface StandardProjection {
  readonly name: string;
  /** KurrentDB's native handler, as its statistics and persisted state name it. */
  readonly handlerType: string;
  /** The projection's source text (the category separator for the category projections). */
  readonly query: string;
  /** Whether `$>` events in user streams reach the handler (KurrentDB's SetIncludeLinks). */
  readonly includeLinks: boolean;
  /** Whether KurrentDB would accept this source text for the projection (an update). */
  readonly acceptsQuery: (query: string) => boolean;
  readonly emit: (record: EventRecord, query: string) => Emitted | undefined;
}

/**
 * KurrentDB's `$all` source for projections (TransactionFileEventFilter): events of user streams
 * and of their metadata streams; `$>` events only for the projections that include links.
 */
export const passesSource = (record: EventRecord, includeLinks: boolean): boolean => {
  if (!includeLinks && record.type === SystemEventTypes.linkTo) return false;
  const { stream } = record;
  if (!stream.startsWith('$')) return true;
  return stream.startsWith('$$') && !stream.slice(2).startsWith('$');
};

const linkTo = (stream: string, data: string, metadata?: Emitted['metadata']): Emitted => ({
  stream,
  type: SystemEventTypes.linkTo,
  data,
  ...(metadata === undefined ? {} : { metadata }),
});

/** "revision@stream", the data of a link; a tombstone's revision is EventStoreDB's deleted one. */
const targetOf = (record: EventRecord): string =>
  `${record.tombstone ? DELETED_REVISION_WIRE : String(record.revision)}@${record.stream}`;

const isFirstEvent = (record: EventRecord): boolean => record.revision === 0 && !record.tombstone;

/** `$streams`: the first event of every stream, linked into `$streams`. */
const streams: StandardProjection = {
  name: '$streams',
  handlerType: 'native:KurrentDB.Projections.Core.Standard.IndexStreams',
  query: '',
  includeLinks: true,
  acceptsQuery: (query) => query.trim() === '',
  emit: (record) => (isFirstEvent(record) ? linkTo('$streams', `0@${record.stream}`) : undefined),
};

/** `$stream_by_category`: a `$@` reference to each new stream in `$category-{category}`. */
const streamByCategory: StandardProjection = {
  name: '$stream_by_category',
  handlerType: 'native:KurrentDB.Projections.Core.Standard.CategorizeStreamByPath',
  query: 'first\n-',
  includeLinks: true,
  acceptsQuery: isCategorySource,
  emit: (record, query) => {
    if (!isFirstEvent(record)) return undefined;
    const category = categoryOf(record.stream, parseCategorySource(query));
    if (category === undefined) return undefined;
    return { stream: `$category-${category}`, type: '$@', data: record.stream };
  },
};

/** `$by_category`: every event of a stream with a category, linked into `$ce-{category}`. */
const byCategory: StandardProjection = {
  name: '$by_category',
  handlerType: 'native:KurrentDB.Projections.Core.Standard.CategorizeEventsByStreamPath',
  query: 'first\n-',
  includeLinks: true,
  acceptsQuery: isCategorySource,
  emit: (record, query) => {
    const category = categoryOf(record.stream, parseCategorySource(query));
    if (category === undefined) return undefined;
    // A link in a categorised stream is re-linked to what it points at, as KurrentDB does.
    const target =
      record.type === SystemEventTypes.linkTo ? record.data.toString('utf8') : targetOf(record);
    return linkTo(`$ce-${category}`, target);
  },
};

/** `$by_event_type`: every event linked into `$et-{type}`; deleted streams into `$et-$deleted`. */
const byEventType: StandardProjection = {
  name: '$by_event_type',
  handlerType: 'native:KurrentDB.Projections.Core.Standard.IndexEventsByEventType',
  query: '',
  includeLinks: false,
  acceptsQuery: (query) => query.trim() === '',
  emit: (record) =>
    record.tombstone
      ? linkTo('$et-$deleted', targetOf(record), '{"$deleted":-1}')
      : linkTo(`$et-${record.type}`, targetOf(record)),
};

// What KurrentDB's `$by_correlation_id` puts in a link's metadata: when its event was written.
const eventTimestamp = (target: EventRecord): string =>
  `{"$eventTimestamp":${JSON.stringify(new Date(target.createdMs).toISOString())}}`;

/** `$by_correlation_id`: events whose metadata has `$correlationId` (or the property its source
 * names), linked into `$bc-{id}`. */
const byCorrelationId: StandardProjection = {
  name: '$by_correlation_id',
  handlerType: 'native:KurrentDB.Projections.Core.Standard.ByCorrelationId',
  query: '{"correlationIdProperty":"$correlationId"}',
  includeLinks: false,
  acceptsQuery: (query) => query.trim() === '' || correlationPropertyOf(query) !== undefined,
  emit: (record, query) => {
    const correlationId = correlationIdOf(record, correlationPropertyOf(query) ?? '$correlationId');
    if (correlationId === undefined) return undefined;
    return linkTo(`$bc-${correlationId}`, targetOf(record), eventTimestamp);
  },
};

/** The standard projections a KurrentDB node creates, in the order it lists them. */
export const standardProjections: readonly StandardProjection[] = [
  streams,
  streamByCategory,
  byCategory,
  byEventType,
  byCorrelationId,
];
