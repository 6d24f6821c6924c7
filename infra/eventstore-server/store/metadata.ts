import { z } from 'zod';

/** The stream metadata that decides what reads see (EventStoreDB's `$maxCount` and friends). */
export interface StreamMetadata {
  readonly maxCount?: number;
  /** Seconds. */
  readonly maxAge?: number;
  readonly truncateBefore?: number;
  /** `$tb` is "deleted stream": the stream was soft-deleted. */
  readonly softDeleted: boolean;
}

/** `$tb` at or beyond this marks a soft delete (JSON reads long.MaxValue as 2^63). */
const SOFT_DELETE_THRESHOLD = 2 ** 63 - 2 ** 11;
const SOFT_DELETED_JSON = '{"$tb":9223372036854775807}';

const positiveInt = z.number().int().positive();
const schema = z.object({
  $maxCount: positiveInt.optional(),
  $maxAge: positiveInt.optional(),
  $tb: z.number().nonnegative().optional(),
});

export const EMPTY_METADATA: StreamMetadata = { softDeleted: false };

/**
 * Parses a `$metadata` event's data. Like EventStoreDB, metadata that does not parse counts as
 * none at all rather than failing reads.
 */
export const parseStreamMetadata = (data: Uint8Array): StreamMetadata => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return EMPTY_METADATA;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return EMPTY_METADATA;
  const { $maxCount, $maxAge, $tb } = parsed.data;
  const softDeleted = $tb !== undefined && $tb >= SOFT_DELETE_THRESHOLD;
  return {
    ...($maxCount === undefined ? {} : { maxCount: $maxCount }),
    ...($maxAge === undefined ? {} : { maxAge: $maxAge }),
    ...($tb === undefined || softDeleted ? {} : { truncateBefore: Math.floor($tb) }),
    softDeleted,
  };
};

/** The metadata a soft delete writes. */
export const softDeletedMetadata = (): Buffer => Buffer.from(SOFT_DELETED_JSON, 'utf8');

/**
 * The metadata that undeletes a soft-deleted stream: the last metadata with `$tb` moved to where
 * the stream is recreated from, so old events stay hidden. Undefined when it is not a JSON object.
 */
export const undeletedMetadata = (raw: Uint8Array, recreateFrom: number): Buffer | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  return Buffer.from(JSON.stringify({ ...json, $tb: recreateFrom }), 'utf8');
};
