import {
  BACKWARDS,
  END,
  FORWARDS,
  type AllStreamRecordedEvent,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { toClientPosition, toLogPosition, type LogPosition } from '../infra/eventstore/recorded.ts';

// The client reads `$all` without a server-side filter (only subscriptions take one), so these
// read pages of it and match stream names here. Every page is read to its end: a read abandoned
// half way leaves a call open on some servers, and the client's close waits for it.

const matches = (stream: string, prefixes: readonly string[]) =>
  prefixes.some((prefix) => stream.startsWith(prefix));

const samePosition = (a: Position, b: Position): boolean =>
  a.commit === b.commit && a.prepare === b.prepare;

/** One page of `$all` from a position (the event at it left out), read to its end. */
const readPage = async (
  client: EventStoreDBClient,
  direction: typeof FORWARDS | typeof BACKWARDS,
  from: Position | undefined,
  count: number,
): Promise<AllStreamRecordedEvent[]> => {
  const events: AllStreamRecordedEvent[] = [];
  const start = from ?? (direction === BACKWARDS ? END : undefined);
  for await (const resolved of client.readAll({
    direction,
    ...(start === undefined ? {} : { fromPosition: start }),
    maxCount: count,
  })) {
    const event = resolved.event;
    if (event !== undefined && (from === undefined || !samePosition(event.position, from)))
      events.push(event);
  }
  return events;
};

/**
 * The position of the newest event in streams with these prefixes, looking back at most `scan`
 * events (undefined: none among them).
 */
export const lastMatchingEvent = async (
  client: EventStoreDBClient,
  prefixes: readonly string[],
  scan = 100_000,
): Promise<LogPosition | undefined> => {
  let from: Position | undefined;
  for (let read = 0; read < scan;) {
    const page = await readPage(client, BACKWARDS, from, 1_000);
    const found = page.find((event) => matches(event.streamId, prefixes));
    if (found !== undefined) return toLogPosition(found.position);
    const oldest = page.at(-1);
    if (oldest === undefined) return undefined;
    from = oldest.position;
    read += page.length;
  }
  return undefined;
};

/**
 * How many events of streams with these prefixes follow `after`, reading at most `scan` events
 * of `$all`; null when there are more than that to read (the lag is large, and unknown).
 */
export const countEventsAfter = async (
  client: EventStoreDBClient,
  after: LogPosition | undefined,
  prefixes: readonly string[],
  scan = 10_000,
): Promise<number | null> => {
  const from = after === undefined ? undefined : toClientPosition(after);
  const page = await readPage(client, FORWARDS, from, scan + 1);
  if (page.length > scan) return null;
  return page.filter((event) => matches(event.streamId, prefixes)).length;
};
