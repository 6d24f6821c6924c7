import { comparePositions, type LogPosition } from '../infra/eventstore/recorded.ts';

const width = 14; // hex digits of 2^53, the largest exact position

/**
 * A `$all` position as a string that sorts like the position itself (commit, then prepare), so
 * a store compares positions with a plain `$lt` on one field.
 */
export const positionKey = ({ commit, prepare }: LogPosition): string =>
  `${commit.toString(16).padStart(width, '0')}${prepare.toString(16).padStart(width, '0')}`;

/** The commit position a key was made from. */
export const commitOfKey = (key: string): number => Number.parseInt(key.slice(0, width), 16);

export { comparePositions } from '../infra/eventstore/recorded.ts';

export const atOrAfter = (a: LogPosition | undefined, b: LogPosition | undefined): boolean =>
  b === undefined || (a !== undefined && comparePositions(a, b) >= 0);
