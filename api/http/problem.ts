import type { Response } from 'express';

/** One field that failed validation, by its path in the request (e.g. `lines.0.quantity`). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extension: string]: unknown;
}

/** An error that already knows its HTTP answer; thrown by routes, answered by the error middleware. */
export class HttpProblem extends Error {
  readonly problem: Problem;
  constructor(
    status: number,
    code: string,
    title: string,
    detail?: string,
    extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
    this.problem = {
      type: `urn:order-ledger:problem:${code}`,
      title,
      status,
      ...(detail ? { detail } : {}),
      ...extra,
    };
  }
}

export const sendProblem = (res: Response, problem: Problem, instance?: string): void => {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json(instance === undefined ? problem : { ...problem, instance });
};
