import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import type { DomainEvent, EventCodec } from './codec.ts';
import type { MetadataInput } from './metadata.ts';
import {
  decodeResolved,
  toLogPosition,
  type LogPosition,
  type RecordedDomainEvent,
} from './recorded.ts';

/** What a writer expects of the stream, as EventStoreDB understands it. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

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

const toClientExpected = (expected: ExpectedRevision): AppendExpectedRevision => {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
};

const actualRevision = (error: WrongExpectedVersionError): number | undefined =>
  typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : undefined;

const utf8 = new TextEncoder();

/** Wraps a connected client. The caller owns its lifetime through `close()`. */
export const createEventStore = (client: EventStoreDBClient): EventStore => ({
  client,

  async readStream(stream, codec, options = {}) {
    const events = [];
    try {
      const read = client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: options.fromRevision === undefined ? START : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) events.push(decodeResolved(resolved, codec));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { events: [], revision: undefined };
      throw error;
    }
    const last = events.at(-1);
    if (last !== undefined) return { events, revision: last.revision };
    // Reading from a revision past the end returns nothing; the stream still has a revision.
    return {
      events,
      revision: options.fromRevision === undefined ? undefined : options.fromRevision - 1,
    };
  },

  async append(stream, events, codec, expected) {
    const data = events.map(({ event, metadata, id }) =>
      jsonEvent({
        ...(id === undefined ? {} : { id }),
        type: event.type,
        data: event.data as Record<string, unknown>,
        // Bytes, not an object: the client would base64 an object's JSON and its protobuf code
        // decode that again in JavaScript; the stored bytes are the same JSON either way.
        metadata: utf8.encode(
          JSON.stringify({ ...metadata, schemaVersion: codec.currentVersion(event.type) }),
        ),
      }),
    );
    try {
      const result = await client.appendToStream(stream, data, {
        expectedRevision: toClientExpected(expected),
      });
      return {
        nextRevision: Number(result.nextExpectedRevision),
        position: result.position ? toLogPosition(result.position) : undefined,
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new StreamConflict(stream, expected, actualRevision(error));
      }
      throw error;
    }
  },

  async headPosition() {
    for await (const resolved of client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
    })) {
      if (resolved.event) return toLogPosition(resolved.event.position);
    }
    return undefined;
  },

  async close() {
    // dispose() waits for every open call to finish; one the server never ends (a peer that went
    // away) must not keep a stopping process alive.
    await Promise.race([
      client.dispose(),
      new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
    ]);
  },
});

/** Connects to EventStoreDB (or the embedded server) with a connection string. */
export const connectEventStore = (connectionString: string): EventStore =>
  createEventStore(EventStoreDBClient.connectionString(connectionString));
