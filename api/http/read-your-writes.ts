import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ReadModels } from '../../projections/read-models.ts';
import { HttpProblem } from './problem.ts';

/** How long a query waits for the read model to reach the position a client asks for. */
export const readYourWritesTimeoutMs = 2_000;

// `<commit>` or `X-Log-Position`'s `<commit>/<prepare>`: only the commit position is compared.
const positionPattern = /^(\d{1,16})(?:\/\d{1,16})?$/;

/** The `minPosition` query parameter, for every read-model query's schema. */
export const minPositionParam = z
  .string()
  .regex(positionPattern, 'a commit position, or commit/prepare as in X-Log-Position')
  .optional();

export const readYourWritesHeaders = [
  {
    name: 'X-Min-Position',
    description:
      'wait (at most 2 s) until the read model has applied this $all commit position (as the minPosition parameter)',
  },
] as const;

const commitOf = (given: string): number => {
  const commit = positionPattern.exec(given)?.[1];
  if (commit === undefined)
    throw new HttpProblem(
      400,
      'validation',
      'The request is not valid',
      'X-Min-Position must be a commit position',
      {
        errors: [{ path: 'X-Min-Position', message: 'a commit position, or commit/prepare' }],
      },
    );
  return Number(commit);
};

/**
 * Lets a client read its own write: with `?minPosition=` (or X-Min-Position) it waits until the
 * read model has applied that position, for at most 2 s. Sets X-Read-Model-Position, and
 * X-Read-Model-Stale: true when it gave up waiting.
 */
export const readYourWrites = async (
  req: Request,
  res: Response,
  readModels: ReadModels,
  name: string,
  minPosition: string | undefined,
): Promise<void> => {
  const given = minPosition ?? req.get('x-min-position');
  if (given === undefined) {
    res.set('X-Read-Model-Position', String((await readModels.position(name)) ?? 0));
    return;
  }
  const { position, reached } = await readModels.waitFor(
    name,
    commitOf(given),
    readYourWritesTimeoutMs,
  );
  res.set('X-Read-Model-Position', String(position ?? 0));
  if (!reached) res.set('X-Read-Model-Stale', 'true');
};
