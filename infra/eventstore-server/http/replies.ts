import type { Request, Response } from 'express';

/** Where the client reached this server, for the absolute links Atom documents carry. */
export const baseUrl = (request: Request): string =>
  `${request.protocol}://${request.get('host') ?? 'localhost'}`;

/**
 * A status with KurrentDB's reason phrase (clients such as the Ruby and PHP ones test it, e.g.
 * "Wrong expected EventNumber") and the same text as the body.
 */
export const reply = (response: Response, status: number, reason: string): Response => {
  response.statusMessage = reason;
  return response.status(status).type('text/plain').send(reason);
};
