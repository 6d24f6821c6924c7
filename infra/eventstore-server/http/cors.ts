import type { NextFunction, Request, Response } from 'express';

// The headers KurrentDB's HTTP service allows and exposes, so browser tools can use the API.
const ALLOWED_HEADERS = [
  'Content-Type',
  'X-Requested-With',
  'X-Forwarded-Host',
  'X-Forwarded-Prefix',
  'X-PINGOTHER',
  'Authorization',
  'ES-LongPoll',
  'ES-ExpectedVersion',
  'ES-EventId',
  'ES-EventType',
  'ES-RequireMaster',
  'ES-RequireLeader',
  'ES-HardDelete',
  'ES-ResolveLinkTos',
].join(', ');
const EXPOSED_HEADERS = ['Location', 'ES-Position', 'ES-CurrentVersion'].join(', ');

/** Cross-origin headers on every answer, and preflight requests answered, as KurrentDB does. */
export const cors = (request: Request, response: Response, next: NextFunction): void => {
  response.set('Access-Control-Allow-Origin', '*');
  response.set('Access-Control-Allow-Methods', 'POST, DELETE, GET, OPTIONS');
  response.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  response.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (request.method === 'OPTIONS') {
    response.status(200).end();
    return;
  }
  next();
};
