import {
  BACKWARDS,
  END,
  START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Position,
  type ReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions,
  type ResolvedEvent,
} from '@eventstore/db-client';

/** Every event a stream read returns, in the order returned. Read errors propagate. */
export const readStream = async (
  client: EventStoreDBClient,
  stream: string,
  options?: ReadStreamOptions,
): Promise<ResolvedEvent[]> => {
  const events: ResolvedEvent[] = [];
  for await (const resolved of client.readStream(stream, options)) events.push(resolved);
  return events;
};

/** The revisions a stream read returns, in order. */
export const readRevisions = async (
  client: EventStoreDBClient,
  stream: string,
  options?: ReadStreamOptions,
): Promise<bigint[]> =>
  (await readStream(client, stream, options)).map((resolved) => recorded(resolved).revision);

/** The recorded event of a resolved event; fails the test when the server sent none. */
export const recorded = <T extends ResolvedEvent | AllStreamResolvedEvent>(
  resolved: T,
): NonNullable<T['event']> => {
  if (resolved.event === undefined)
    throw new Error('the server sent a resolved event without event');
  return resolved.event;
};

/** The $all position of an event read from a stream (servers from 22.6 send it on stream reads). */
export const positionOf = (resolved: ResolvedEvent): Position => {
  const position = recorded(resolved).position;
  if (position === undefined) throw new Error('the server sent an event without its $all position');
  return position;
};

/** -1, 0 or 1: $all positions order by commit position, then prepare position. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit
    ? Math.sign(Number(a.prepare - b.prepare))
    : Math.sign(Number(a.commit - b.commit));

/**
 * The newest position in $all right now, or undefined for an empty $all: reading forwards from it
 * sees everything a test appends afterwards, without scanning the whole database.
 */
export const headOfAll = async (client: EventStoreDBClient): Promise<Position | undefined> => {
  const [newest] = await readAll(client, { direction: BACKWARDS, fromPosition: END, maxCount: 1 });
  return newest === undefined ? undefined : recorded(newest).position;
};

/**
 * Every event a read of $all returns. Reads are always consumed to their end: a read left with
 * unconsumed events never finishes, and the client's dispose() waits for it forever.
 */
const readAll = async (
  client: EventStoreDBClient,
  options: ReadAllOptions,
): Promise<AllStreamResolvedEvent[]> => {
  const events: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll(options)) events.push(resolved);
  return events;
};

/** Every event in $all from `from` (default: the start) forwards, up to `maxCount`. */
export const readAllForwards = (
  client: EventStoreDBClient,
  from: ReadPosition = START,
  maxCount?: number,
): Promise<AllStreamResolvedEvent[]> => readAll(client, { fromPosition: from, maxCount });

const pageSize = 200;

/**
 * $all backwards from `from` (default: the end) down to, not including, `stop`: what a test
 * appended plus what others appended meanwhile. Read in pages, so it never scans a whole database.
 */
export const readAllBackwards = async (
  client: EventStoreDBClient,
  { from = END, stop }: { from?: ReadPosition; stop?: Position | undefined },
): Promise<AllStreamResolvedEvent[]> => {
  const events: AllStreamResolvedEvent[] = [];
  let fromPosition = from;
  for (;;) {
    const page = await readAll(client, { direction: BACKWARDS, fromPosition, maxCount: pageSize });
    for (const resolved of page) {
      const position = recorded(resolved).position;
      if (stop !== undefined && comparePositions(position, stop) <= 0) return events;
      // Whether a backwards read includes the event at its start position is not documented.
      const last = events.at(-1);
      if (last === undefined || comparePositions(position, recorded(last).position) < 0) {
        events.push(resolved);
      }
    }
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return events;
    fromPosition = recorded(last).position;
  }
};
