// Test support only: the actors and clock the specifications share.
import type { Actor, CommandMetadata } from './command.ts';

export const customer: Actor = { id: 'cust-1', roles: ['customer'] };
export const otherCustomer: Actor = { id: 'cust-2', roles: ['customer'] };
export const operator: Actor = { id: 'op-1', roles: ['operator'] };
export const admin: Actor = { id: 'admin-1', roles: ['admin'] };
export const auditor: Actor = { id: 'aud-1', roles: ['auditor'] };
export const saga: Actor = { id: 'fulfilment-saga', roles: ['process'] };

/** Minutes after 10:00 UTC on 1 March 2025, so timelines read at a glance. */
export const at = (minute: number): string =>
  new Date(Date.UTC(2025, 2, 1, 10, minute)).toISOString();

export const by = (actor: Actor, minute: number): CommandMetadata => ({
  now: new Date(at(minute)),
  actor,
});

export const eur = (amount: number) => ({ amount, currency: 'EUR' });
