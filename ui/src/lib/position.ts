import type { Position } from './schemas/common.ts';

/** The commit part of a `$all` position, comparable across the API's spellings of it. */
export const commitOf = (position: Position | null | undefined): bigint | null => {
  if (position === null || position === undefined) return null;
  const commit = typeof position === 'object' ? position.commit : position;
  try {
    return BigInt(commit);
  } catch {
    return null;
  }
};

/** True when `candidate` is at least as new as `current` (unknown positions count as newer). */
export const isNotOlder = (
  candidate: Position | null | undefined,
  current: Position | null | undefined,
): boolean => {
  const a = commitOf(candidate);
  const b = commitOf(current);
  return a === null || b === null || a >= b;
};

export const positionText = (position: Position | null | undefined): string =>
  commitOf(position)?.toString() ?? '—';

interface Versioned {
  readonly position?: Position | null | undefined;
  readonly updatedAt?: string | undefined;
}

/**
 * The later of two versions of the same document: by `$all` position when both carry one,
 * else by `updatedAt`; a tie keeps `current`, so a redelivered change never moves anything back.
 */
export const later = <T extends Versioned>(current: T, candidate: T): T => {
  const a = commitOf(current.position);
  const b = commitOf(candidate.position);
  if (a !== null && b !== null) return b > a ? candidate : current;
  if (current.updatedAt !== undefined && candidate.updatedAt !== undefined) {
    return candidate.updatedAt > current.updatedAt ? candidate : current;
  }
  return current;
};
