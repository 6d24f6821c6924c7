/**
 * EventStoreDB's "deleted stream" event number (long.MaxValue). JavaScript numbers cannot hold
 * it, so inside the server a tombstone's revision is this stand-in and the protocol layer writes
 * the real value.
 */
export const DELETED_REVISION = Number.MAX_SAFE_INTEGER;
export const DELETED_REVISION_WIRE = '9223372036854775807';

/** EventStoreDB's expected-version codes, used by the append checks exactly as the server does. */
export const ExpectedVersion = { any: -2, noStream: -1, streamExists: -4 } as const;

/** The system event types this server writes or understands. */
export const SystemEventTypes = {
  metadata: '$metadata',
  linkTo: '$>',
  streamDeleted: '$streamDeleted',
} as const;

/** One committed (or about to be committed) event and where it sits in the log. */
export interface EventRecord {
  /** Log position; EventStoreDB's commit and prepare positions are both this number. */
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly tombstone: boolean;
  readonly createdMs: number;
  readonly data: Buffer;
  readonly metadata: Buffer;
}

/** An event as a client proposes it. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** An event read back, with the link that led to it when a `$>` link was resolved. */
export interface ResolvedEvent {
  /** The event, or undefined when a link points at an event that no longer exists. */
  readonly event: EventRecord | undefined;
  readonly link: EventRecord | undefined;
}

/** The record a resolved event was read from (the link when there is one). */
export const originalOf = (resolved: ResolvedEvent): EventRecord => {
  const original = resolved.link ?? resolved.event;
  if (original === undefined) throw new Error('a resolved event without event or link');
  return original;
};

export const isSystemStream = (stream: string): boolean => stream.startsWith('$');
export const isMetastream = (stream: string): boolean => stream.startsWith('$$');
export const metastreamOf = (stream: string): string => `$$${stream}`;
export const originalStreamOf = (metastream: string): string => metastream.slice(2);
