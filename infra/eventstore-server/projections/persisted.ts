import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ExpectedVersion, type EventRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { ProjectionRuntime } from './runtime.ts';

// Where KurrentDB keeps a projection's definition and checkpoints, and the event types it uses.
const definitionStream = (name: string) => `$projections-${name}`;
const checkpointStream = (name: string) => `$projections-${name}-checkpoint`;
const UPDATED = '$ProjectionUpdated';
const CHECKPOINT = '$ProjectionCheckpoint';

const persistedSchema = z.object({
  query: z.string().optional(),
  enabled: z.boolean(),
  epoch: z.number().int().optional(),
  version: z.number().int().optional(),
});
const checkpointSchema = z.object({ $c: z.number().int() });

const lastOfType = (store: Store, stream: string, type: string): EventRecord | undefined => {
  const state = store.stream(stream);
  for (let revision = (state?.committed ?? 0) - 1; revision >= 0; revision--) {
    const record = state?.at(revision);
    if (record?.type === type) return record;
  }
  return undefined;
};

const parsed = <T>(schema: z.ZodType<T>, bytes: Buffer | undefined): T | undefined => {
  if (bytes === undefined) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(bytes.toString('utf8')));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
};

/** What the log says of a projection: enabled or not, its version, and where a disabled one stopped. */
export interface PersistedProjection {
  readonly query?: string | undefined;
  readonly enabled: boolean;
  readonly epoch?: number | undefined;
  readonly version?: number | undefined;
  /** Log position up to which it had emitted when disabled. */
  readonly stoppedAt?: number | undefined;
}

/** The last state written for a projection, if it was ever changed (fresh ones run). */
export const readPersisted = (store: Store, name: string): PersistedProjection | undefined => {
  const state = parsed(persistedSchema, lastOfType(store, definitionStream(name), UPDATED)?.data);
  if (state === undefined) return undefined;
  const checkpoint = lastOfType(store, checkpointStream(name), CHECKPOINT);
  return { ...state, stoppedAt: parsed(checkpointSchema, checkpoint?.metadata)?.$c };
};

const json = (type: string, data: unknown, metadata?: unknown) => ({
  id: randomUUID(),
  type,
  isJson: true,
  data: Buffer.from(JSON.stringify(data)),
  metadata: metadata === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(metadata)),
});

/**
 * Writes a projection's state as KurrentDB does (`$ProjectionUpdated` in `$projections-{name}`)
 * and, when it stops, a checkpoint with the position it emitted up to, so a restart derives
 * exactly the links readers had seen.
 */
export const writePersisted = async (
  store: Store,
  projection: ProjectionRuntime,
): Promise<void> => {
  if (!projection.enabled) {
    const at = projection.emittedPosition();
    await store.append(checkpointStream(projection.name), ExpectedVersion.any, [
      json(CHECKPOINT, {}, { $c: at, $p: at }),
    ]);
  }
  await store.append(definitionStream(projection.name), ExpectedVersion.any, [
    json(UPDATED, {
      handlerType: projection.definition.handlerType,
      query: projection.query,
      mode: 'Continuous',
      enabled: projection.enabled,
      emitEnabled: true,
      checkpointsDisabled: false,
      trackEmittedStreams: false,
      epoch: projection.epoch,
      version: projection.version,
    }),
  ]);
};
