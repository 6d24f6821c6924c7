import { z } from 'zod';
import { hasRole } from '../auth/principal.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import type { CustomerAccounts } from './accounts.ts';
import { callerOf, metadataOf } from './caller.ts';
import { historyEntrySchema } from './history.ts';
import { hashPassword, verifyPassword } from './password.ts';
import {
  changePasswordBody,
  customerIdParams,
  grantRoleBody,
  profileSchema,
  updateProfileBody,
} from './schemas.ts';
import { loadProfile } from './views.ts';

const badInput = { 400: { description: 'an invalid body' } } as const;

/** The profile (decrypted for whoever may see it), the password, erasure and staff roles. */
export const profileRoutes = (deps: {
  accounts: CustomerAccounts;
  perAccount: RateLimiter;
  now: () => Date;
}): Route[] => {
  const { accounts, now } = deps;
  const profile = (customerId: string) => loadProfile(accounts, customerId);
  return [
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
      method: 'get',
      path: '/api/customers/:id/history',
      summary:
        'Every event of the account, personal data decrypted, or { erased: true } once erased',
      tag: 'customers',
      access: 'signed-in',
      params: customerIdParams,
      responses: {
        200: {
          description: 'oldest first; password hashes are never shown',
          schema: z.object({ customerId: z.string(), events: z.array(historyEntrySchema) }),
        },
        403: { description: 'not yours, and not an auditor or admin' },
        404: { description: 'no such customer' },
      },
      handle: async ({ res, params, principal }) => {
        if (principal.sub !== params.id && !hasRole(principal, 'admin', 'auditor'))
          throw new HttpProblem(
            403,
            'forbidden',
            'Forbidden',
            'only the customer, an auditor or an admin',
          );
        const events = await accounts.history(params.id);
        if (events.length === 0)
          throw new HttpProblem(404, 'customer_not_found', 'Not found', 'no such customer');
        res.json({ customerId: params.id, events });
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
