import { randomUUID } from 'node:crypto';
import {
  customerDecider,
  customerEvents,
  emailClaimDecider,
  emailClaimEvents,
  CustomerNotFound,
  CustomerWasErased,
  type ActiveCustomer,
  type Customer,
  type CustomerCommand,
  type CustomerEvent,
  type EmailClaim,
  type EmailClaimCommand,
  type EmailClaimEvent,
  type StaffRole,
} from '../../domain/customer/index.ts';
import type { Actor } from '../../domain/shared/command.ts';
import { customerEmailStream, customerStream } from '../../domain/streams.ts';
import {
  createCommandHandler,
  type CommandHandler,
} from '../../infra/eventstore/command-handler.ts';
import type { CommandContext } from '../../infra/eventstore/decide-batch.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { erased, type Opener, type PiiVault, type Sealer } from '../../infra/pii/vault.ts';
import { customerHistory, type HistoryEntry } from './history.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';

const erasedOpener: Opener = { open: () => erased, erased: true };

/** The roles an account signs in with: customer, and any staff role an admin granted. */
export type AccountRole = 'customer' | StaffRole;
type Commands = CommandHandler<CustomerCommand, CustomerEvent, Customer>;
type Claims = CommandHandler<EmailClaimCommand, EmailClaimEvent, EmailClaim>;
/** Who asks and when; every command's events carry it as metadata. */
export type Caller = { readonly actor: Actor; readonly context: Omit<CommandContext, 'actor'> };

export interface CustomerAccounts {
  readonly vault: PiiVault;
  readonly passwordCost: number;
  register(
    input: { email: string; password: string; name: string },
    caller: Caller,
  ): Promise<string>;
  /** The account and its roles, or undefined for any wrong e-mail or password alike. */
  signIn(
    email: string,
    password: string,
  ): Promise<{ customerId: string; roles: AccountRole[] } | undefined>;
  load(customerId: string): Promise<Customer>;
  /** The account, ready to seal new personal data; refuses one never registered or erased. */
  active(customerId: string): Promise<{ customer: ActiveCustomer; sealer: Sealer }>;
  /** Decides and appends; personal data in the command is sealed already (see `active`). */
  send(customerId: string, command: CustomerCommand, caller: Caller): Promise<Customer>;
  /** Every event of the account with its envelopes opened (or erased); empty: no account. */
  history(customerId: string): Promise<HistoryEntry[]>;
  /** Records who asked, destroys the key, frees the e-mail; safe to repeat after a failure. */
  erase(customerId: string, caller: Caller): Promise<void>;
}

const contextOf = (caller: Caller): CommandContext => ({
  ...caller.context,
  actor: caller.actor.id,
});

export const createCustomerAccounts = (deps: {
  store: EventStore;
  vault: PiiVault;
  passwordCost: number;
  logger: Logger;
  metrics: Metrics;
}): CustomerAccounts => {
  const { vault, passwordCost } = deps;
  const logger = deps.logger.child({ aggregate: 'customer' });
  const commands: Commands = createCommandHandler({
    name: 'customer',
    store: deps.store,
    decider: customerDecider,
    codec: customerEvents,
    logger,
    metrics: deps.metrics,
  });
  const claims: Claims = createCommandHandler({
    name: 'customer-email',
    store: deps.store,
    decider: emailClaimDecider,
    codec: emailClaimEvents,
    logger,
    metrics: deps.metrics,
  });
  const claim = (
    type: EmailClaimCommand['type'],
    emailKey: string,
    customerId: string,
    caller: Caller,
  ) =>
    claims.handle(
      customerEmailStream(emailKey),
      { type, data: { customerId }, metadata: { now: caller.context.now, actor: caller.actor } },
      { ...contextOf(caller), commandId: randomUUID() },
    );

  const load = async (customerId: string) =>
    (await commands.load(customerStream(customerId))).state;

  return {
    vault,
    passwordCost,
    load,
    async active(customerId) {
      const customer = await load(customerId);
      if (customer.status === 'none') throw new CustomerNotFound(customerId);
      if (customer.status === 'erased') throw new CustomerWasErased(customerId);
      return { customer, sealer: await vault.sealerFor(customerId) };
    },
    async register({ email, password, name }, caller) {
      const customerId = caller.actor.id;
      const emailKey = vault.emailKey(email);
      // The claim first: of two sign-ups with one e-mail, the second is refused here.
      await claim('ClaimEmail', emailKey, customerId, caller);
      try {
        const sealer = await vault.sealerFor(customerId);
        const passwordHash = await hashPassword(password, passwordCost);
        await commands.handle(
          customerStream(customerId),
          {
            type: 'RegisterCustomer',
            data: {
              customerId,
              emailKey,
              email: sealer.seal(email.trim()),
              name: sealer.seal(name),
              passwordHash: sealer.seal(passwordHash),
            },
            metadata: { now: caller.context.now, actor: caller.actor },
          },
          contextOf(caller),
          { newStream: true },
        );
      } catch (error) {
        // A claim with no account behind it would lock the e-mail out for good.
        await claim('ReleaseEmail', emailKey, customerId, caller).catch((release: unknown) => {
          logger.error({ err: release, customerId }, 'could not release the e-mail claim');
        });
        throw error;
      }
      return customerId;
    },
    async signIn(email, password) {
      const claimed = (await claims.load(customerEmailStream(vault.emailKey(email)))).state;
      const customer = claimed.status === 'claimed' ? await load(claimed.customerId) : undefined;
      if (customer?.status !== 'active') {
        await burnPasswordCheck(password, passwordCost);
        return undefined;
      }
      const stored = (await vault.openerFor(customer.customerId)).open(customer.passwordHash);
      if (typeof stored !== 'string' || !(await verifyPassword(password, stored))) return undefined;
      const roles: AccountRole[] = ['customer', ...customer.staffRoles];
      return { customerId: customer.customerId, roles };
    },
    async history(customerId) {
      const customer = await load(customerId);
      if (customer.status === 'none') return [];
      // An erased account reads erased whatever the key store says.
      const opener =
        customer.status === 'erased' ? erasedOpener : await vault.openerFor(customerId);
      return customerHistory(deps.store, customerId, opener);
    },
    async send(customerId, command, caller) {
      const result = await commands.handle(customerStream(customerId), command, contextOf(caller));
      return result.state;
    },
    async erase(customerId, caller) {
      const command: CustomerCommand = {
        type: 'EraseCustomer',
        data: { customerId },
        metadata: { now: caller.context.now, actor: caller.actor },
      };
      // The key goes first, once the decider accepts (it throws for anyone but the customer or
      // an admin): should the append then fail, the data is already unreadable and a repeat
      // records the erasure; the other order could leave a recorded erasure with a live key.
      customerDecider.decide(command, await load(customerId));
      await vault.shred(customerId);
      const { state } = await commands.handle(
        customerStream(customerId),
        command,
        contextOf(caller),
      );
      if (state.status !== 'erased') throw new Error(`customer ${customerId} is not erased`);
      await claim('ReleaseEmail', state.emailKey, customerId, caller);
    },
  };
};
