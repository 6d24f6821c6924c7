import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  FORWARDS,
  START,
  jsonEvent,
  type AppendExpectedRevision,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { toLogPosition, type LogPosition } from './recorded.ts';

/** What a writer expects of the stream, as EventStoreDB understands it. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event ready for the client: its metadata already JSON bytes. */
export interface PreparedEvent {
  readonly id: string | undefined;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Uint8Array;
}

/** How an append ended, in plain values (they cross to and from the client thread). */
export type AppendResult =
  | {
      readonly kind: 'appended';
      readonly nextRevision: number;
      readonly position: LogPosition | undefined;
    }
  /** `actual`: the stream's revision now (undefined: no stream). */
  | { readonly kind: 'conflict'; readonly actual: number | undefined };

/**
 * The two calls on the write path, append and read a stream, done by the EventStoreDB client
 * (on this thread, or on the client thread that `client-thread.ts` runs).
 */
export interface StreamIo {
  append(
    stream: string,
    events: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /** The stream's events forwards as the client returns them; undefined when there is none. */
  read(
    stream: string,
    options: { readonly fromRevision?: number; readonly maxCount?: number },
  ): Promise<ResolvedEvent[] | undefined>;
  close(): Promise<void>;
}

/**
 * Disposes of a client: dispose() waits for every open call to finish, and one the server never
 * ends (a peer that went away) must not keep a stopping process alive, so at most 5 s.
 */
export const disposeClient = async (client: EventStoreDBClient): Promise<void> => {
  await Promise.race([
    client.dispose(),
    new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
  ]);
};

const toClientExpected = (expected: ExpectedRevision): AppendExpectedRevision => {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
};

/** Append and read with a client on this thread. */
export const clientStreamIo = (client: EventStoreDBClient): StreamIo => ({
  async append(stream, events, expected) {
    const data = events.map(({ id, type, data, metadata }) =>
      jsonEvent({
        ...(id === undefined ? {} : { id }),
        type,
        data: data as Record<string, unknown>,
        // Bytes, not an object: the client would base64 an object's JSON and its protobuf code
        // decode that again in JavaScript; the stored bytes are the same JSON either way.
        metadata,
      }),
    );
    try {
      const result = await client.appendToStream(stream, data, {
        expectedRevision: toClientExpected(expected),
      });
      return {
        kind: 'appended',
        nextRevision: Number(result.nextExpectedRevision),
        position: result.position ? toLogPosition(result.position) : undefined,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualVersion;
      return { kind: 'conflict', actual: typeof actual === 'bigint' ? Number(actual) : undefined };
    }
  },

  async read(stream, options) {
    const events: ResolvedEvent[] = [];
    try {
      const read = client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: options.fromRevision === undefined ? START : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) events.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return events;
  },

  close: () => Promise.resolve(),
});
