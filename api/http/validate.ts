import type { z } from 'zod';
import { HttpProblem, type FieldProblem } from './problem.ts';

export const fieldProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));

/** Parses a part of the request with its schema, or throws a 400 problem naming each bad field. */
export const parseRequest = <T>(
  schema: z.ZodType<T>,
  value: unknown,
  part: 'body' | 'query' | 'path',
): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new HttpProblem(
    400,
    'validation',
    'The request is not valid',
    `the ${part} has invalid fields`,
    {
      errors: fieldProblems(parsed.error),
    },
  );
};
