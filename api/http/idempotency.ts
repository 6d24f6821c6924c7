import type { Request } from 'express';
import { HttpProblem } from './problem.ts';

const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** The request's Idempotency-Key header, checked; undefined when there is none. */
export const idempotencyKey = (req: Request): string | undefined => {
  const key = req.get('idempotency-key');
  if (key !== undefined && !keyPattern.test(key)) {
    throw new HttpProblem(
      400,
      'validation',
      'The request is not valid',
      'Idempotency-Key must be 1-200 visible ASCII characters',
    );
  }
  return key;
};
