import { z } from 'zod';
import type { TokenIssuer } from '../auth/tokens.ts';
import { isLoopbackAddress } from '../auth/loopback.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { devTokenBody } from '../schemas.ts';

/**
 * Embedded mode only: anyone on this machine may sign in with any name and role, to try the
 * product. "On this machine" is the connection's peer address, so a widened HOST still keeps
 * dev tokens local.
 */
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
        description: 'a token signed with the product’s own key, valid for 8 hours',
        schema: z.object({ token: z.string() }),
      },
      403: { description: 'the caller is not on this machine' },
    },
    handle: async ({ req, res, body }) => {
      if (!isLoopbackAddress(req.socket.remoteAddress)) {
        throw new HttpProblem(
          403,
          'dev_token_remote',
          'Dev tokens are for this machine only',
          'development tokens are issued only to callers on the loopback interface',
        );
      }
      res.json({ token: await issuer.issue({ sub: body.sub, roles: body.roles }) });
    },
  }),
];

/**
 * How one may sign in here, so the UI can choose its form with a read instead of probing a write
 * (the probe was a refused POST, logged as a warning on every cold start).
 */
/** `password`: customer accounts sign in here with an e-mail and password (POST /api/customers/sign-in). */
export const signInMethodsRoutes = (devToken: boolean, password = false): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/auth/methods',
    summary: 'The ways to sign in that this deployment offers',
    tag: 'auth',
    access: 'public',
    responses: {
      200: {
        description:
          'the sign-in methods: a development token by name (embedded mode), a bearer token, an account’s e-mail and password',
        schema: z.object({ methods: z.array(z.enum(['dev-token', 'bearer-token', 'password'])) }),
      },
    },
    handle: ({ res }) => {
      res.json({
        methods: [
          ...(devToken ? ['dev-token'] : []),
          'bearer-token',
          ...(password ? ['password'] : []),
        ],
      });
    },
  }),
];

/** Who the bearer token says the caller is: lets the UI's server check a session token. */
export const whoAmIRoutes = (): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The subject and roles of the bearer token',
    tag: 'auth',
    access: 'signed-in',
    responses: {
      200: {
        description: 'the caller',
        schema: z.object({ sub: z.string(), roles: z.array(z.string()) }),
      },
      401: { description: 'no valid token' },
    },
    handle: ({ res, principal }) => {
      res.json({ sub: principal.sub, roles: principal.roles });
    },
  }),
];
