import { z } from 'zod';
import { InvalidEventData, UnknownEventType, UnsupportedSchemaVersion } from './event-errors.ts';

/** A domain event as deciders see it; infra adds ids and metadata around it. */
export type Event<Type extends string, Data> = { type: Type; data: Data };
export type AnyEvent = Event<string, unknown>;

/** Turns data stored at one schema version into the shape of the next version. */
export type Upcaster = (older: unknown) => unknown;

export type EventVersioning = {
  /** The version written today. */
  readonly schemaVersion: number;
  /** `upcasters[n]` lifts version n to n + 1; every version below the current needs one. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
};

export type EncodedEvent<E extends AnyEvent> = {
  type: E['type'];
  schemaVersion: number;
  data: E['data'];
};

export interface EventRegistry<E extends AnyEvent> {
  /** `{ type, data }` of every event type at its current version; compose registries with it. */
  readonly schema: z.ZodType<E>;
  readonly versions: Readonly<Record<E['type'], EventVersioning>>;
  readonly types: readonly E['type'][];
  /** Whether this registry knows the type at all (infra's EventCodec asks the same). */
  handles(type: string): type is E['type'];
  currentVersion(type: E['type']): number;
  /**
   * Reads stored data: upcasts it step by step from `schemaVersion` to the current version, then
   * validates it. Throws an EventSchemaError (unknown type, unsupported version, invalid data).
   */
  parse(type: string, schemaVersion: number, data: unknown): E;
  /** Validates an event about to be written and stamps its current schema version. */
  encode(event: E): EncodedEvent<E>;
}

const problemOf = (cause: unknown): string =>
  cause instanceof z.ZodError
    ? z.prettifyError(cause)
    : cause instanceof Error
      ? cause.message
      : String(cause);

/** Checks the table once at start, so a missing upcaster fails loudly rather than on some read. */
const assertComplete = (versions: Readonly<Record<string, EventVersioning>>): void => {
  for (const [type, { schemaVersion, upcasters = {} }] of Object.entries(versions)) {
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new Error(`${type}: schemaVersion must be a positive integer`);
    }
    for (let version = 1; version < schemaVersion; version += 1) {
      if (upcasters[version] === undefined)
        throw new Error(`${type}: no upcaster from v${version}`);
    }
  }
};

export const defineEventRegistry = <E extends AnyEvent>(
  schema: z.ZodType<E>,
  versions: Readonly<Record<E['type'], EventVersioning>>,
): EventRegistry<E> => {
  assertComplete(versions);
  const handles = (type: string): type is E['type'] => Object.hasOwn(versions, type);
  const types = Object.keys(versions).filter(handles);

  const upcast = (type: E['type'], from: number, data: unknown): unknown => {
    const { schemaVersion: current, upcasters = {} } = versions[type];
    if (!Number.isInteger(from) || from < 1 || from > current) {
      throw new UnsupportedSchemaVersion(type, from, current);
    }
    let lifted = data;
    for (let version = from; version < current; version += 1) {
      const step = upcasters[version];
      if (step === undefined) throw new UnsupportedSchemaVersion(type, from, current);
      try {
        lifted = step(lifted);
      } catch (cause) {
        throw new InvalidEventData(type, from, problemOf(cause), { cause });
      }
    }
    return lifted;
  };

  const validate = (type: string, version: number, candidate: unknown): E => {
    const result = schema.safeParse(candidate);
    if (!result.success) {
      throw new InvalidEventData(type, version, problemOf(result.error), { cause: result.error });
    }
    return result.data;
  };

  return {
    schema,
    versions,
    types,
    handles,
    currentVersion: (type) => versions[type].schemaVersion,
    parse: (type, schemaVersion, data) => {
      if (!handles(type)) throw new UnknownEventType(type, schemaVersion);
      return validate(type, schemaVersion, { type, data: upcast(type, schemaVersion, data) });
    },
    encode: (event) => {
      if (!handles(event.type)) throw new UnknownEventType(event.type, 0);
      const schemaVersion = versions[event.type].schemaVersion;
      const { type, data } = validate(event.type, schemaVersion, event);
      return { type, schemaVersion, data };
    },
  };
};

/** Event data schemas take times as ISO-8601 strings, offsets allowed on read. */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** `{ type: literal, data }`: one member of an aggregate's discriminated event union. */
export const eventSchema = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({ type: z.literal(type), data });
