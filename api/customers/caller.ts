import type { Request } from 'express';
import type { CommandMetadata } from '../../domain/shared/command.ts';
import type { Principal } from '../auth/principal.ts';
import { actorOf, commandContext } from '../http/command-context.ts';
import type { Caller } from './accounts.ts';

/** The caller as the customer's events record them; correlated by the account's stream. */
export const callerOf = (
  req: Request,
  principal: Principal,
  customerId: string,
  now: Date,
): Caller => ({
  actor: actorOf(principal),
  context: commandContext(req, principal, { correlationId: `customer-${customerId}`, now }),
});

export const metadataOf = (caller: Caller): CommandMetadata => ({
  now: caller.context.now,
  actor: caller.actor,
});
