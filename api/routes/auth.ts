import { z } from 'zod';
import type { TokenIssuer } from '../auth/tokens.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { devTokenBody } from '../schemas.ts';

/** Embedded mode only: anyone on this machine may sign in as anyone, to try the product. */
export const devTokenRoutes = (issuer: TokenIssuer): Route[] => [
  defineRoute({
    method: 'post',
    path: '/api/auth/dev-token',
    summary: 'A development token for a subject and roles (embedded mode only)',
    tag: 'auth',
    access: 'public',
    body: devTokenBody,
    responses: {
      200: {
        description: 'a signed HS256 token valid for 8 hours',
        schema: z.object({ token: z.string() }),
      },
    },
    handle: async ({ res, body }) => {
      res.json({ token: await issuer.issue({ sub: body.sub, roles: body.roles }) });
    },
  }),
];
