import { jsonEvent, type EventData, type ResolvedEvent } from '@eventstore/db-client';
import { z } from 'zod';

/** `count` JSON events whose data carries their `seq`, starting at `from`, so order is checkable. */
export const numberedEvents = (count: number, from = 0, type = 'ContractTested'): EventData[] =>
  Array.from({ length: count }, (_, index) => jsonEvent({ type, data: { seq: from + index } }));

/** One JSON event of a type that marks "everything before me has been written". */
export const markerEvent = (): EventData => jsonEvent({ type: 'ContractMarker', data: {} });

export const isMarker = (resolved: ResolvedEvent): boolean =>
  resolved.event?.type === 'ContractMarker';

/** A predicate for one particular event, by id: other tests append markers too. */
export const isEvent =
  (id: string) =>
  (resolved: ResolvedEvent): boolean =>
    resolved.event?.id === id;

const numbered = z.object({ seq: z.number().int() });

/** The `seq` a numbered event was written with; fails the test on anything else. */
export const seqOf = (resolved: ResolvedEvent): number => numbered.parse(resolved.event?.data).seq;

/** 0, 1, …, count - 1: what a run of numbered events should read back as. */
export const range = (count: number, from = 0): number[] =>
  Array.from({ length: count }, (_, index) => from + index);
