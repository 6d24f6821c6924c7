import type { Request } from 'express';
import { HttpProblem } from '../http/problem.ts';
import type { Principal } from './principal.ts';
import { InvalidToken, KeysUnavailable, type TokenVerifier } from './tokens.ts';

/** The token of the Authorization header, when it is a bearer one. */
export const bearerToken = (req: Request): string | undefined => {
  const header = req.get('authorization');
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
};

/** The bearer token's principal, or a 401 problem saying what was wrong with it. */
export const authenticate = async (req: Request, verifier: TokenVerifier): Promise<Principal> => {
  const token = bearerToken(req);
  if (token === undefined) {
    throw new HttpProblem(
      401,
      'unauthenticated',
      'Unauthenticated',
      'send a bearer token in the Authorization header',
    );
  }
  try {
    return await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidToken)
      throw new HttpProblem(401, 'invalid_token', 'Unauthenticated', error.reason);
    // Not the caller's fault: the token may well be good once its issuer's keys can be fetched.
    if (error instanceof KeysUnavailable)
      throw new HttpProblem(503, 'token_keys_unavailable', 'Cannot verify tokens', error.message);
    throw error;
  }
};
