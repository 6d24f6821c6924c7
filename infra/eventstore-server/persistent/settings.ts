import { z } from 'zod';
import type { FilterSpec } from '../filters.ts';

export const consumerStrategies = ['DispatchToSingle', 'RoundRobin', 'Pinned'] as const;
export type ConsumerStrategyName = (typeof consumerStrategies)[number];

/**
 * Where a group starts: a stream revision or an `$all` position (commit, prepare). "End" is
 * EventStoreDB's -1 ("live"): only events written after the group is loaded.
 */
export type StartFrom =
  | { readonly kind: 'stream'; readonly revision: number }
  | { readonly kind: 'all'; readonly commit: number; readonly prepare: number };

/** A group's settings, as created or last updated. */
export interface GroupSettings {
  readonly startFrom: StartFrom;
  readonly resolveLinkTos: boolean;
  readonly extraStatistics: boolean;
  readonly messageTimeoutMs: number;
  readonly maxRetryCount: number;
  readonly checkpointAfterMs: number;
  readonly minCheckpointCount: number;
  readonly maxCheckpointCount: number;
  /** 0 is unbounded. */
  readonly maxSubscriberCount: number;
  readonly liveBufferSize: number;
  readonly readBatchSize: number;
  readonly historyBufferSize: number;
  readonly consumerStrategy: ConsumerStrategyName;
}

/** One group as the subsystem knows it: where it reads from, and how. */
export interface GroupDefinition {
  /** The stream, or "$all". */
  readonly stream: string;
  readonly group: string;
  /** Filter of a group on `$all` (none: every non-system event and most system ones). */
  readonly filter: FilterSpec | undefined;
  readonly settings: GroupSettings;
}

/** EventStoreDB names a group `{stream}::{group}`; its checkpoint and parked streams derive from it. */
export const groupKey = (stream: string, group: string): string => `${stream}::${group}`;
export const checkpointStreamOf = (key: string): string =>
  `$persistentsubscription-${key}-checkpoint`;
export const parkedStreamOf = (key: string): string => `$persistentsubscription-${key}-parked`;

/** Why a definition is refused, in EventStoreDB's words; undefined when it is fine. */
export const problemWith = (
  definition: GroupDefinition,
  lastPosition: number,
): string | undefined => {
  const { settings } = definition;
  if (definition.stream.length === 0) return 'Bad stream name.';
  if (settings.readBatchSize >= settings.historyBufferSize) {
    return 'ReadBatchSize may not be greater than or equal to BufferSize';
  }
  const start = settings.startFrom;
  if (start.kind === 'stream') {
    if (start.revision < -1)
      return 'Invalid Start From position: event number must be greater than or equal to -1.';
    return undefined;
  }
  if (start.prepare > start.commit) {
    return 'Invalid Start From position: prepare position must be less than or equal to the commit position.';
  }
  if (start.commit > lastPosition) {
    return 'Invalid Start From position: commit position must be less than or equal to the last commit position in the transaction file.';
  }
  if ((start.commit < 0 || start.prepare < 0) && !(start.commit === -1 && start.prepare === -1)) {
    return 'Invalid Start From position: prepare and commit positions must be greater than or equal to 0 or both equal to -1.';
  }
  return undefined;
};

/** The start as EventStoreDB reports it in info: a revision, or `C:commit/P:prepare`. */
export const formatStartFrom = (start: StartFrom): string =>
  start.kind === 'stream' ? String(start.revision) : `C:${start.commit}/P:${start.prepare}`;

/** A source position (revision or log position) as EventStoreDB writes it in checkpoints. */
export const formatPosition = (isAll: boolean, position: number): string =>
  isAll ? `C:${position}/P:${position}` : String(position);

const allPosition = /^C:(-?\d+)\/P:(-?\d+)$/;

/** Parses a checkpoint or start string back; undefined when it is not one. */
export const parsePosition = (isAll: boolean, text: string): number | undefined => {
  if (isAll) {
    const match = allPosition.exec(text);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  }
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
};

const count = z.number().int().nonnegative();
/** How definitions are stored in the configuration stream. */
export const definitionSchema = z.object({
  stream: z.string().min(1),
  group: z.string(),
  filter: z
    .object({
      on: z.enum(['stream', 'event-type']),
      regex: z.string(),
      prefixes: z.array(z.string()),
    })
    .nullable(),
  settings: z.object({
    startFrom: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('stream'), revision: z.number().int() }),
      z.object({ kind: z.literal('all'), commit: z.number().int(), prepare: z.number().int() }),
    ]),
    resolveLinkTos: z.boolean(),
    extraStatistics: z.boolean(),
    messageTimeoutMs: count,
    maxRetryCount: count,
    checkpointAfterMs: count,
    minCheckpointCount: count,
    maxCheckpointCount: count,
    maxSubscriberCount: count,
    liveBufferSize: count,
    readBatchSize: count,
    historyBufferSize: count,
    consumerStrategy: z.enum(consumerStrategies),
  }),
});
