import { z } from 'zod';
import type { Command } from '../shared/command.ts';
import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import { defineEventRegistry, eventSchema } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';
import { EmailAlreadyRegistered } from './errors.ts';

// One stream per e-mail (`customer-email-{keyed hash}`) makes e-mails unique without a read model:
// the first claim is written expecting no stream, so of two sign-ups racing, one wins.
const claim = z.object({ customerId: z.string().min(1).max(100) });

export type CustomerEmailClaimed = Event<'CustomerEmailClaimed', z.infer<typeof claim>>;
/** Erasure frees the e-mail, so the person may open a new account with it. */
export type CustomerEmailReleased = Event<'CustomerEmailReleased', z.infer<typeof claim>>;
export type EmailClaimEvent = CustomerEmailClaimed | CustomerEmailReleased;

export const emailClaimEvents: EventRegistry<EmailClaimEvent> =
  defineEventRegistry<EmailClaimEvent>(
    z.discriminatedUnion('type', [
      eventSchema('CustomerEmailClaimed', claim),
      eventSchema('CustomerEmailReleased', claim),
    ]),
    { CustomerEmailClaimed: { schemaVersion: 1 }, CustomerEmailReleased: { schemaVersion: 1 } },
  );

export type EmailClaim = { status: 'free' } | { status: 'claimed'; customerId: string };

export type EmailClaimCommand =
  Command<'ClaimEmail', { customerId: string }> | Command<'ReleaseEmail', { customerId: string }>;

export const emailClaimDecider: Decider<EmailClaimCommand, EmailClaimEvent, EmailClaim> = {
  initialState: { status: 'free' },
  evolve: (_state, event) =>
    event.type === 'CustomerEmailClaimed'
      ? { status: 'claimed', customerId: event.data.customerId }
      : { status: 'free' },
  decide: (command, state) => {
    const { customerId } = command.data;
    switch (command.type) {
      case 'ClaimEmail':
        if (state.status === 'free')
          return [{ type: 'CustomerEmailClaimed', data: { customerId } }];
        if (state.customerId === customerId) return [];
        throw new EmailAlreadyRegistered();
      case 'ReleaseEmail':
        // Only the holder's erasure releases it; anything else is a repeat or stale.
        return state.status === 'claimed' && state.customerId === customerId
          ? [{ type: 'CustomerEmailReleased', data: { customerId } }]
          : [];
      default:
        return unreachable(command);
    }
  },
};
