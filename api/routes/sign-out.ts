import { bearerToken } from '../auth/authenticate.ts';
import { InvalidToken, type TokenRevoker } from '../auth/tokens.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';

/** Signing out revokes the caller's own token: it stops working everywhere, not only here. */
export const signOutRoutes = (revoker: TokenRevoker): Route[] => [
  defineRoute({
    method: 'post',
    path: '/api/auth/sign-out',
    summary: "Revokes the caller's bearer token until it expires",
    tag: 'auth',
    access: 'signed-in',
    responses: {
      204: { description: 'the token is revoked in every api process (within about a second)' },
      401: { description: 'no valid token' },
    },
    handle: async ({ req, res }) => {
      // Signed in means the header held a token that verified a moment ago.
      const token = bearerToken(req);
      if (token === undefined) throw new Error('a signed-in route without a bearer token');
      try {
        await revoker.revoke(token);
      } catch (error) {
        // Revoked by a concurrent sign-out, or expired, since it was authenticated a moment ago.
        if (!(error instanceof InvalidToken)) throw error;
        throw new HttpProblem(401, 'invalid_token', 'Unauthenticated', error.reason);
      }
      res.status(204).end();
    },
  }),
];
