import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { bearerToken } from '../auth/authenticate.ts';
import { hasRole } from '../auth/principal.ts';
import { InvalidToken, type TokenIssuer, type TokenRevoker } from '../auth/tokens.ts';
import type { CustomerAccounts } from '../customers/accounts.ts';
import { callerOf, metadataOf } from '../customers/caller.ts';
import { hashPassword, verifyPassword } from '../customers/password.ts';
import {
  changePasswordBody,
  customerIdParams,
  grantRoleBody,
  profileSchema,
  registerBody,
  signInBody,
  updateProfileBody,
} from '../customers/schemas.ts';
import { profileOf } from '../customers/views.ts';
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
 * Accounts: register, sign in and out, the profile, the password, erasure and staff roles. Sign-in
 * issues the product's own token (the same HS256 machinery as dev tokens); without an issuer
 * (tokens verified by JWKS only) there is no sign-in here.
 */
export const customerRoutes = (deps: CustomerRouteDeps): Route[] => {
  const { accounts, now } = deps;
  const profile = async (customerId: string) => {
    const customer = await accounts.load(customerId);
    const shown =
      customer.status === 'none'
        ? undefined
        : profileOf(customer, await accounts.vault.openerFor(customerId));
    if (shown === undefined)
      throw new HttpProblem(404, 'customer_not_found', 'Not found', 'no such customer');
    return shown;
  };
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
    defineRoute({
      method: 'get',
      path: '/api/customers/me',
      summary: 'Your profile and addresses, decrypted for you',
      tag: 'customers',
      access: ['customer'],
      responses: {
        200: { description: 'the profile', schema: profileSchema },
        404: { description: 'no account' },
      },
      handle: async ({ res, principal }) => {
        res.json(await profile(principal.sub));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/customers/me',
      summary: 'Change your name or phone (phone null removes it)',
      tag: 'customers',
      access: ['customer'],
      body: updateProfileBody,
      responses: {
        200: { description: 'the profile', schema: profileSchema },
        ...badInput,
        404: { description: 'no account' },
        409: { description: 'the account was erased' },
      },
      handle: async ({ req, res, body, principal }) => {
        const customerId = principal.sub;
        const { customer, sealer } = await accounts.active(customerId);
        const name = body.name === undefined ? customer.name : sealer.seal(body.name);
        const phone =
          body.phone === undefined
            ? customer.phone
            : body.phone === null
              ? null
              : sealer.seal(body.phone);
        const caller = callerOf(req, principal, customerId, now());
        await accounts.send(
          customerId,
          {
            type: 'UpdateProfile',
            data: { customerId, name, phone },
            metadata: metadataOf(caller),
          },
          caller,
        );
        res.json(await profile(customerId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/customers/me/password',
      summary: 'Change your password (the current one is asked again)',
      tag: 'customers',
      access: ['customer'],
      body: changePasswordBody,
      responses: {
        204: { description: 'changed' },
        ...badInput,
        403: { description: 'the current password is wrong' },
        429: { description: 'too many attempts for this account' },
      },
      handle: async ({ req, res, body, principal }) => {
        const customerId = principal.sub;
        const { customer, sealer } = await accounts.active(customerId);
        await deps.perAccount.take(customer.emailKey, res);
        const current = (await accounts.vault.openerFor(customerId)).open(customer.passwordHash);
        if (typeof current !== 'string' || !(await verifyPassword(body.currentPassword, current)))
          throw new HttpProblem(
            403,
            'wrong_password',
            'Forbidden',
            'the current password is wrong',
          );
        const passwordHash = sealer.seal(
          await hashPassword(body.newPassword, accounts.passwordCost),
        );
        const caller = callerOf(req, principal, customerId, now());
        await accounts.send(
          customerId,
          {
            type: 'ChangePassword',
            data: { customerId, passwordHash },
            metadata: metadataOf(caller),
          },
          caller,
        );
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/customers/:id',
      summary: 'A customer’s profile (the customer themself, or an admin)',
      tag: 'customers',
      access: 'signed-in',
      params: customerIdParams,
      responses: {
        200: {
          description: 'the profile; personal data reads { erased: true } once erased',
          schema: profileSchema,
        },
        403: { description: 'not yours, and not an admin' },
        404: { description: 'no such customer' },
      },
      handle: async ({ res, params, principal }) => {
        if (principal.sub !== params.id && !hasRole(principal, 'admin'))
          throw new HttpProblem(403, 'forbidden', 'Forbidden', 'only the customer or an admin');
        res.json(await profile(params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/customers/:id/erase',
      summary:
        'Erase a customer’s personal data by destroying their key (the customer, or an admin)',
      tag: 'customers',
      access: 'signed-in',
      params: customerIdParams,
      responses: {
        200: {
          description: 'erased (again: nothing changes); the erasure records who asked',
          schema: profileSchema,
        },
        403: { description: 'not yours, and not an admin' },
        404: { description: 'no such customer' },
      },
      handle: async ({ req, res, params, principal }) => {
        await accounts.erase(params.id, callerOf(req, principal, params.id, now()));
        res.json(await profile(params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/customers/:id/roles',
      summary: 'Grant a staff role (operator, auditor, admin), recorded with you as actor',
      tag: 'customers',
      access: ['admin'],
      params: customerIdParams,
      body: grantRoleBody,
      responses: {
        200: {
          description: 'the account; the role applies from its next sign-in',
          schema: profileSchema,
        },
        ...badInput,
        404: { description: 'no such customer' },
        409: { description: 'the account was erased' },
      },
      handle: async ({ req, res, params, body, principal }) => {
        const customerId = params.id;
        const caller = callerOf(req, principal, customerId, now());
        await accounts.send(
          customerId,
          {
            type: 'GrantRole',
            data: { customerId, role: body.role },
            metadata: metadataOf(caller),
          },
          caller,
        );
        res.json(await profile(customerId));
      },
    }),
  ];
};
