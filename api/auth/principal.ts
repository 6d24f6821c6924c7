import { z } from 'zod';
import { roleSchema as domainRoleSchema } from '../../domain/shared/command.ts';

// People's roles: the domain's, minus 'process', which only process managers act with.
export const roleSchema = domainRoleSchema.exclude(['process']);
export type Role = z.infer<typeof roleSchema>;
export const roles = roleSchema.options;

/** Who is calling: the JWT subject (the customer id for customers) and their roles. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
}

export const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(roleSchema).min(1),
});

export const hasRole = (principal: Principal, ...wanted: readonly Role[]): boolean =>
  wanted.some((role) => principal.roles.includes(role));

/** Operators and admins act on any order; customers on their own. */
export const maySeeOrder = (principal: Principal, customerId: string): boolean =>
  hasRole(principal, 'operator', 'admin', 'auditor') ||
  (hasRole(principal, 'customer') && principal.sub === customerId);
