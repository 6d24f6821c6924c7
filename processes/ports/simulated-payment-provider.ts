import type {
  AuthorizationAnswer,
  AuthorizeRequest,
  CaptureAnswer,
  PaymentProvider,
  RefundAnswer,
  VoidAnswer,
} from '../../domain/payment/provider.ts';
import { mkdirSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Money } from '../../domain/shared/money.ts';
import { sleep } from '../../infra/eventstore/backoff.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import { PaymentRefused, ProviderUnavailable } from './payment-errors.ts';
import { happens } from './seeded.ts';

const authorizationPrefix = 'auth-';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface SimulatedPaymentProviderOptions {
  /** Added to every call (PAYMENT_LATENCY_MS). */
  readonly latencyMs?: number;
  /** Share of authorizations declined at random, decided per idempotency key (PAYMENT_DECLINE_RATE). */
  readonly declineRate?: number;
  readonly seed?: number;
  /**
   * A directory the simulators of several processes on one machine share (PAYMENT_SIMULATOR_DIR):
   * each authorization is settled there once, captured or voided, as one real provider would.
   * Without it, the simulators of two processes could each settle the same authorization
   * differently (one voiding a cancelled order while the other captures it at the hand-over), a
   * state no real provider can be in.
   */
  readonly settlementsDir?: string;
}

type Settlement = 'captured' | 'voided';

/**
 * Settles an authorization once: the first settlement wins and is returned to every later
 * caller, here or (through the shared directory) in a sibling process. Creating the file with
 * O_EXCL is the atomic step.
 */
const settlementsIn = (dir: string | undefined) => {
  const settled = new Map<string, Settlement>();
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  const fileOf = (authorizationId: string) =>
    join(dir ?? '', authorizationId.replace(/[^A-Za-z0-9_-]/g, '_'));
  return (authorizationId: string, wanted: Settlement): Settlement => {
    const known = settled.get(authorizationId);
    if (known !== undefined) return known;
    let outcome = wanted;
    if (dir !== undefined) {
      try {
        const fd = openSync(fileOf(authorizationId), 'wx');
        writeSync(fd, wanted);
        closeSync(fd);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const text = readFileSync(fileOf(authorizationId), 'utf8');
        // A sibling created the file and has not written to it yet: it is settling; ask again.
        if (text !== 'captured' && text !== 'voided')
          throw new ProviderUnavailable(`settle ${authorizationId}`);
        outcome = text;
      }
    }
    settled.set(authorizationId, outcome);
    return outcome;
  };
};

export interface PaymentCounts {
  readonly authorizations: number;
  readonly declines: number;
  readonly captures: number;
  readonly voids: number;
  readonly refunds: number;
}

/** What the provider holds for one order, in minor units. */
export interface PaymentAccount {
  readonly authorizationId: string | null;
  readonly status: 'declined' | 'authorized' | 'captured' | 'voided';
  readonly captured: number;
  readonly refunded: number;
  readonly attempts: number;
}

export interface SimulatedPaymentProvider extends PaymentProvider {
  counts(): PaymentCounts;
  account(orderId: string): PaymentAccount | undefined;
  /**
   * The next `calls` calls fail as a timeout would: 'before' the provider acts, or 'after' it
   * acted (the answer is lost, and asking again with the same key must not act twice).
   */
  failNext(calls: number, when?: 'before' | 'after'): void;
  /** Forgets the failures still to come: the provider is reachable again. */
  clearFailures(): void;
}

/**
 * A deterministic payment provider for tests, demos and load tests. Payers whose id starts with
 * `declined-` are always declined ('card_declined'; how `npm run load -- --decline-rate` works), as
 * are amounts whose minor units end in 13; ending in 14, the first attempt of an order is
 * declined ('insufficient_funds') and later ones authorized. Every call is idempotent by key:
 * the same key gets the same answer and never moves money twice.
 */
export const createSimulatedPaymentProvider = (
  options: SimulatedPaymentProviderOptions = {},
): SimulatedPaymentProvider => {
  const { latencyMs = 0, declineRate = 0, seed = 1 } = options;
  const settleOnce = settlementsIn(options.settlementsDir);
  const accounts = new Map<string, PaymentAccount>();
  const counts = { authorizations: 0, declines: 0, captures: 0, voids: 0, refunds: 0 };
  const failures: ('before' | 'after')[] = [];

  /** Runs `act` once per key; a repeat gets the first answer (or the same refusal) again. */
  const once = async <T>(
    answers: Map<string, Settled<T>>,
    operation: string,
    key: string,
    act: () => T,
  ): Promise<T> => {
    if (latencyMs > 0) await sleep(latencyMs);
    const failure = failures.shift();
    if (failure === 'before') throw new ProviderUnavailable(operation);
    let settled = answers.get(key);
    if (settled === undefined) {
      try {
        settled = { ok: true, value: act() };
      } catch (error) {
        settled = { ok: false, error };
      }
      answers.set(key, settled);
    }
    // The provider acted, but its answer is lost on the way back: the caller must ask again.
    if (failure === 'after') throw new ProviderUnavailable(operation);
    if (!settled.ok) throw settled.error;
    return settled.value;
  };
  const authorizations = new Map<string, Settled<AuthorizationAnswer>>();
  const captures = new Map<string, Settled<CaptureAnswer>>();
  const voids = new Map<string, Settled<VoidAnswer>>();
  const refunds = new Map<string, Settled<RefundAnswer>>();

  const accountOf = (operation: string, orderId: string): PaymentAccount => {
    const account = accounts.get(orderId);
    if (account === undefined) throw new PaymentRefused(operation, orderId, 'no authorization');
    return account;
  };
  // A real provider is one service that every process of ours talks to; each process has its own
  // simulator. So an authorization this instance never saw (or saw only declined), but which has
  // the form of one this simulator issues, was issued by a sibling instance (another processes
  // process after a retry): it is taken on the request's word, as the provider would know it,
  // rather than refused.
  const adopted = (orderId: string, authorizationId: string): PaymentAccount | undefined => {
    const known = accounts.get(orderId);
    if (known !== undefined && known.status !== 'declined') return undefined;
    if (!authorizationId.startsWith(authorizationPrefix)) return undefined;
    const account = {
      authorizationId,
      status: 'authorized' as const,
      captured: 0,
      refunded: 0,
      attempts: known?.attempts ?? 1,
    };
    accounts.set(orderId, account);
    return account;
  };
  // A refund comes only after the payment aggregate saw the capture. An authorization this
  // instance knows as merely authorized (it authorized it, a sibling captured it) or never saw was
  // captured by a sibling: the payment aggregate has checked the amount against the capture, so
  // the sibling's capture is taken to be this amount. One this instance voided stays voided.
  const capturedBySibling = (orderId: string, authorizationId: string, amount: Money) => {
    adopted(orderId, authorizationId);
    const known = accounts.get(orderId);
    if (known?.status !== 'authorized' || known.authorizationId !== authorizationId) return;
    accounts.set(orderId, { ...known, status: 'captured', captured: amount.amount });
  };

  const decide = ({
    orderId,
    payer,
    amount,
    idempotencyKey,
  }: AuthorizeRequest): AuthorizationAnswer => {
    const attempts = (accounts.get(orderId)?.attempts ?? 0) + 1;
    const cents = amount.amount % 100;
    if (cents === 13 || payer.startsWith('declined-'))
      return { outcome: 'declined', reason: 'card_declined' };
    if (cents === 14 && attempts === 1)
      return { outcome: 'declined', reason: 'insufficient_funds' };
    if (happens(declineRate, seed, idempotencyKey)) {
      return { outcome: 'declined', reason: 'insufficient_funds' };
    }
    return {
      outcome: 'authorized',
      authorizationId: `${authorizationPrefix}${deterministicId(idempotencyKey)}`,
    };
  };

  const settle = (orderId: string, change: Partial<PaymentAccount>) => {
    const account = accountOf('settle', orderId);
    accounts.set(orderId, { ...account, ...change });
  };

  return {
    authorize: (request) =>
      once(authorizations, 'authorize', request.idempotencyKey, () => {
        const answer = decide(request);
        const before = accounts.get(request.orderId);
        const attempts = (before?.attempts ?? 0) + 1;
        const common = { captured: 0, refunded: 0, attempts };
        if (answer.outcome === 'declined') {
          counts.declines += 1;
          accounts.set(request.orderId, { ...common, authorizationId: null, status: 'declined' });
        } else {
          counts.authorizations += 1;
          const { authorizationId } = answer;
          accounts.set(request.orderId, { ...common, authorizationId, status: 'authorized' });
        }
        return answer;
      }),
    capture: ({ orderId, authorizationId, amount, idempotencyKey }) =>
      once(captures, 'capture', idempotencyKey, () => {
        adopted(orderId, authorizationId);
        const account = accountOf('capture', orderId);
        if (account.authorizationId !== authorizationId || account.status !== 'authorized') {
          throw new PaymentRefused('capture', orderId, `the authorization is ${account.status}`);
        }
        if (settleOnce(authorizationId, 'captured') === 'voided') {
          settle(orderId, { status: 'voided' });
          throw new PaymentRefused('capture', orderId, 'the authorization is voided');
        }
        counts.captures += 1;
        settle(orderId, { status: 'captured', captured: amount.amount });
        return { outcome: 'captured' as const };
      }),
    void: ({ orderId, authorizationId, idempotencyKey }) =>
      once(voids, 'void', idempotencyKey, () => {
        adopted(orderId, authorizationId);
        const account = accountOf('void', orderId);
        if (account.authorizationId !== authorizationId || account.status !== 'authorized') {
          throw new PaymentRefused('void', orderId, `the authorization is ${account.status}`);
        }
        if (settleOnce(authorizationId, 'voided') === 'captured') {
          // A sibling captured it; the amount is what the refund's request will say.
          throw new PaymentRefused('void', orderId, 'the authorization is captured');
        }
        counts.voids += 1;
        settle(orderId, { status: 'voided' });
        return { outcome: 'voided' as const };
      }),
    refund: ({ orderId, authorizationId, amount, idempotencyKey }) =>
      once(refunds, 'refund', idempotencyKey, () => {
        capturedBySibling(orderId, authorizationId, amount);
        const account = accountOf('refund', orderId);
        const left = account.captured - account.refunded;
        if (account.status !== 'captured' || amount.amount > left) {
          throw new PaymentRefused(
            'refund',
            orderId,
            `${show(amount)} exceeds the ${String(left)} left`,
          );
        }
        counts.refunds += 1;
        settle(orderId, { refunded: account.refunded + amount.amount });
        return { outcome: 'refunded' as const };
      }),
    counts: () => ({ ...counts }),
    account: (orderId) => accounts.get(orderId),
    clearFailures: () => {
      failures.length = 0;
    },
    failNext: (calls, when = 'before') => {
      for (let call = 0; call < calls; call += 1) failures.push(when);
    },
  };
};

const show = ({ amount, currency }: Money): string => `${String(amount)} ${currency}`;
