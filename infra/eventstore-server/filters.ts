import type { EventRecord } from './store/records.ts';

/** A server-side filter as a client defines it: on stream names or event types, by regex or prefixes. */
export interface FilterSpec {
  readonly on: 'stream' | 'event-type';
  /** A non-empty regex wins over prefixes, as in EventStoreDB. */
  readonly regex: string;
  readonly prefixes: readonly string[];
}

export type EventFilter = (record: EventRecord) => boolean;

/** A regex the filter cannot compile. */
export class InvalidFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFilterError';
  }
}

/**
 * What persistent subscriptions to `$all` never see: EventStoreDB lets every non-system stream
 * through, and of the system streams hides its epochs and the checkpoints and parked messages of
 * `$all` subscriptions (which would otherwise feed on themselves).
 */
export const defaultAllFilter: EventFilter = (record) => {
  const stream = record.stream;
  if (!stream.startsWith('$')) return true;
  if (stream === '$epoch-information') return false;
  if (stream.startsWith('$persistentsubscription-$all::')) {
    return !(stream.endsWith('-checkpoint') || stream.endsWith('-parked'));
  }
  return true;
};

/**
 * Compiles a filter. Matching is EventStoreDB's: a prefix matches the start of the name, a regex
 * matches anywhere in it. With `allStream` (persistent subscriptions to `$all`) the default `$all`
 * filter applies first.
 */
export const compileFilter = (spec: FilterSpec, options: { allStream: boolean }): EventFilter => {
  const field = spec.on === 'stream' ? (r: EventRecord) => r.stream : (r: EventRecord) => r.type;
  let matches: (value: string) => boolean;
  if (spec.regex.length > 0) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(spec.regex);
    } catch (error) {
      throw new InvalidFilterError(
        `invalid filter regex '${spec.regex}': ${(error as Error).message}`,
      );
    }
    matches = (value) => pattern.test(value);
  } else {
    const prefixes = [...spec.prefixes];
    matches = (value) => prefixes.some((prefix) => value.startsWith(prefix));
  }
  return options.allStream
    ? (record) => defaultAllFilter(record) && matches(field(record))
    : (record) => matches(field(record));
};

/** The filter spec of a protocol FilterOptions message (streams or persistent flavour). */
export const filterSpecOf = (options: {
  hasStreamIdentifier(): boolean;
  getStreamIdentifier(): { getRegex(): string; getPrefixList(): string[] } | undefined;
  getEventType(): { getRegex(): string; getPrefixList(): string[] } | undefined;
}): FilterSpec => {
  const on = options.hasStreamIdentifier() ? 'stream' : 'event-type';
  const expression = on === 'stream' ? options.getStreamIdentifier() : options.getEventType();
  return { on, regex: expression?.getRegex() ?? '', prefixes: expression?.getPrefixList() ?? [] };
};
