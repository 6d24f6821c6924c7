import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { bearerToken } from '../auth/authenticate.ts';
import { InvalidToken, type TokenIssuer, type TokenRevoker } from '../auth/tokens.ts';
import type { CustomerAccounts } from '../customers/accounts.ts';
import { callerOf } from '../customers/caller.ts';
import { addressRoutes } from '../customers/address-routes.ts';
import { profileRoutes } from '../customers/profile-routes.ts';
import { registerBody, signInBody } from '../customers/schemas.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';

const invalidCredentials = () =>
  new HttpProblem(401, 'invalid_credentials', 'Unauthenticated', 'wrong e-mail or password');
const badInput = { 400: { description: 'an invalid body' } } as const;

export interface CustomerRouteDeps {
  readonly accounts: CustomerAccounts;
  readonly tokens: Partial<TokenIssuer> & TokenRevoker;
  readonly perAccount: RateLimiter;
  readonly perAddress: RateLimiter;
  readonly now: () => Date;
}

/**
 * Accounts: register, sign in and out; then the profile, password, erasure and roles
 * (customers/profile-routes.ts) and addresses (customers/address-routes.ts). Sign-in issues the
 * product's own token (signed with its key, as dev tokens are); without a key (tokens verified by
 * an external issuer's JWKS only) there is no sign-in here.
 */
export const customerRoutes = (deps: CustomerRouteDeps): Route[] => {
  const { accounts, now } = deps;
  const issue = deps.tokens.issue;
  return [
    defineRoute({
      method: 'post',
      path: '/api/customers',
      summary: 'Register a customer account (personal data is stored encrypted)',
      tag: 'customers',
      access: 'public',
      body: registerBody,
      responses: {
        201: {
          description: 'registered; Location names the account',
          schema: z.object({ customerId: z.string() }),
        },
        ...badInput,
        409: { description: 'an account with this e-mail exists' },
        429: { description: 'too many attempts from this address' },
      },
      handle: async ({ req, res, body }) => {
        await deps.perAddress.take(`register:${req.ip ?? 'unknown'}`, res);
        const customerId = randomUUID();
        const principal = { sub: customerId, roles: ['customer'] as const };
        await accounts.register(body, callerOf(req, principal, customerId, now()));
        res.status(201).location(`/api/customers/${customerId}`).json({ customerId });
      },
    }),
    ...(issue === undefined
      ? []
      : [
          defineRoute({
            method: 'post',
            path: '/api/customers/sign-in',
            summary: 'Sign in with e-mail and password; answers a session token',
            tag: 'customers',
            access: 'public',
            body: signInBody,
            responses: {
              200: {
                description: 'a signed token valid for 8 hours',
                schema: z.object({
                  token: z.string(),
                  customerId: z.string(),
                  roles: z.array(z.string()),
                }),
              },
              ...badInput,
              401: { description: 'wrong e-mail or password (never says which)' },
              429: { description: 'too many attempts for this account or from this address' },
            },
            handle: async ({ req, res, body }) => {
              // Both limits count every attempt: a guesser spread over addresses meets the first.
              await deps.perAddress.take(`sign-in:${req.ip ?? 'unknown'}`, res);
              await deps.perAccount.take(accounts.vault.emailKey(body.email), res);
              const account = await accounts.signIn(body.email, body.password);
              if (account === undefined) throw invalidCredentials();
              const token = await issue({ sub: account.customerId, roles: account.roles });
              res.json({ token, ...account });
            },
          }),
        ]),
    defineRoute({
      method: 'post',
      path: '/api/customers/sign-out',
      summary: "Revokes the caller's session token until it expires",
      tag: 'customers',
      access: 'signed-in',
      responses: {
        204: { description: 'revoked in every api process' },
        401: { description: 'no valid token' },
      },
      handle: async ({ req, res }) => {
        const token = bearerToken(req);
        if (token === undefined) throw new Error('a signed-in route without a bearer token');
        try {
          await deps.tokens.revoke(token);
        } catch (error) {
          if (!(error instanceof InvalidToken)) throw error;
          throw new HttpProblem(401, 'invalid_token', 'Unauthenticated', error.reason);
        }
        res.status(204).end();
      },
    }),
    ...profileRoutes(deps),
    ...addressRoutes(deps),
  ];
};
