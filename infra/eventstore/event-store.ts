import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';
import { startClientThread } from './client-thread.ts';
import type { DomainEvent, EventCodec } from './codec.ts';
import type { MetadataInput } from './metadata.ts';
import {
  decodeResolved,
  toLogPosition,
  type LogPosition,
  type RecordedDomainEvent,
} from './recorded.ts';
import {
  clientStreamIo,
  disposeClient,
  type ExpectedRevision,
  type StreamIo,
} from './stream-io.ts';

export type { ExpectedRevision } from './stream-io.ts';

export interface EventToAppend<E extends DomainEvent> {
  readonly event: E;
  readonly metadata: MetadataInput;
  /** A deterministic id makes a retried append idempotent; a random UUID is used otherwise. */
  readonly id?: string;
}

export interface AppendOutcome {
  readonly nextRevision: number;
  readonly position: LogPosition | undefined;
}

export interface StreamRead<E extends DomainEvent> {
  readonly events: readonly RecordedDomainEvent<E>[];
  /** The revision of the last event, or undefined when the stream does not exist. */
  readonly revision: number | undefined;
}

/** Another writer got there first: `actual` is the stream's revision now (undefined: none). */
export class StreamConflict extends Error {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly actual: number | undefined;
  constructor(stream: string, expected: ExpectedRevision, actual: number | undefined) {
    super(`stream ${stream} is at ${String(actual ?? 'no stream')}, expected ${String(expected)}`);
    this.name = 'StreamConflict';
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }
}

/** The application's view of EventStoreDB: typed, validated reads and appends. */
export interface EventStore {
  readonly client: EventStoreDBClient;
  /** Reads a whole stream (or from a revision) forwards, decoding every event. */
  readStream<E extends DomainEvent>(
    stream: string,
    codec: EventCodec<E>,
    options?: { fromRevision?: number; maxCount?: number },
  ): Promise<StreamRead<E>>;
  /** Appends atomically; throws StreamConflict when `expected` does not hold. */
  append<E extends DomainEvent>(
    stream: string,
    events: readonly EventToAppend<E>[],
    codec: EventCodec<E>,
    expected: ExpectedRevision,
  ): Promise<AppendOutcome>;
  /** The position of the last event in `$all`, or undefined when the log is empty. */
  headPosition(): Promise<LogPosition | undefined>;
  close(): Promise<void>;
}

const utf8 = new TextEncoder();

/**
 * Wraps a connected client. The caller owns its lifetime through `close()`. Appends and stream
 * reads go through `io`: the client itself, or the same calls on a client thread.
 */
export const createEventStore = (
  client: EventStoreDBClient,
  io: StreamIo = clientStreamIo(client),
): EventStore => ({
  client,

  async readStream(stream, codec, options = {}) {
    const read = await io.read(stream, options);
    if (read === undefined) return { events: [], revision: undefined };
    const events = read.map((resolved) => decodeResolved(resolved, codec));
    const last = events.at(-1);
    if (last !== undefined) return { events, revision: last.revision };
    // Reading from a revision past the end returns nothing; the stream still has a revision.
    return {
      events,
      revision: options.fromRevision === undefined ? undefined : options.fromRevision - 1,
    };
  },

  async append(stream, events, codec, expected) {
    const prepared = events.map(({ event, metadata, id }) => ({
      id,
      type: event.type,
      data: event.data,
      metadata: utf8.encode(
        JSON.stringify({ ...metadata, schemaVersion: codec.currentVersion(event.type) }),
      ),
    }));
    const result = await io.append(stream, prepared, expected);
    if (result.kind === 'conflict') throw new StreamConflict(stream, expected, result.actual);
    return { nextRevision: result.nextRevision, position: result.position };
  },

  async headPosition() {
    // Read to the end of the (one-event) read rather than return from inside the loop: the
    // client does not forget a read left early, and dispose() would then wait for it for ever.
    let head: LogPosition | undefined;
    for await (const resolved of client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
    })) {
      if (resolved.event) head ??= toLogPosition(resolved.event.position);
    }
    return head;
  },

  async close() {
    await Promise.all([io.close(), disposeClient(client)]);
  },
});

/**
 * Connects to EventStoreDB (or the embedded server) with a connection string. With
 * `clientThread`, appends and stream reads (the command path) run on a client thread of their
 * own, off the thread that serves HTTP; subscriptions and other calls use `client` here.
 */
export const connectEventStore = (
  connectionString: string,
  options: { readonly clientThread?: boolean } = {},
): EventStore =>
  createEventStore(
    EventStoreDBClient.connectionString(connectionString),
    options.clientThread === true ? startClientThread(connectionString) : undefined,
  );
