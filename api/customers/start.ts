import { join } from 'node:path';
import type { Config } from '../../infra/config.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { fileKeyStore } from '../../infra/pii/file-key-store.ts';
import { derivePiiKeys, type PiiKeyStore } from '../../infra/pii/key-store.ts';
import { connectMongoKeyStore } from '../../infra/pii/mongo-key-store.ts';
import { loadOrCreatePiiSecret } from '../../infra/pii/secret.ts';
import { createPiiVault } from '../../infra/pii/vault.ts';
import type { TokenIssuer, TokenRevoker } from '../auth/tokens.ts';
import { memoryRateLimiter, mongoRateLimiter, type RatePolicy } from '../http/rate-limit.ts';
import type { Route } from '../http/route.ts';
import { customerRoutes } from '../routes/customers.ts';
import { createCustomerAccounts, type CustomerAccounts } from './accounts.ts';

export interface CustomerAccountsRole {
  readonly routes: readonly Route[];
  /** Undefined when accounts are off; the cart asks it for a customer's addresses. */
  readonly accounts?: CustomerAccounts;
  close(): Promise<void>;
}

// Shared with every api process through MongoDB when there is one, as the keys are.
const secretOf = async (config: Config): Promise<string | undefined> =>
  config.PII_SECRET ??
  config.JWT_SECRET ??
  (config.embedded ? await loadOrCreatePiiSecret(config.DATA_DIR) : undefined);

const limiter = (config: Config, policy: RatePolicy, collection: string, logger: Logger) =>
  config.MONGODB_URL === undefined
    ? Promise.resolve(memoryRateLimiter(policy))
    : mongoRateLimiter(
        policy,
        { url: config.MONGODB_URL, database: config.MONGODB_DATABASE, collection },
        logger,
      );

/**
 * Customer accounts for the api role: the key store (MongoDB, else DATA_DIR/keys), the vault, the
 * sign-in limits and the routes. Without a PII secret to share (connected mode verifying tokens
 * by JWKS alone, no PII_SECRET), there are no accounts: each process would hash e-mails its own way.
 */
export const startCustomerAccounts = async (deps: {
  config: Config;
  store: EventStore;
  tokens: Partial<TokenIssuer> & TokenRevoker;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
}): Promise<CustomerAccountsRole> => {
  const { config } = deps;
  const logger = componentLogger(deps.logger, 'customers');
  const secret = await secretOf(config);
  if (secret === undefined) {
    logger.warn('no PII_SECRET (nor JWT_SECRET): customer accounts are off');
    return { routes: [], close: () => Promise.resolve() };
  }
  if (config.PII_SECRET === undefined && !config.embedded)
    logger.warn(
      'PII_SECRET is not set: customer keys are wrapped under a key derived from JWT_SECRET, which then cannot be rotated without losing every account',
    );
  const { kek, emailHmac } = derivePiiKeys(secret);
  const keys: PiiKeyStore =
    config.MONGODB_URL === undefined
      ? fileKeyStore(join(config.DATA_DIR, 'keys'), kek)
      : await connectMongoKeyStore(
          { url: config.MONGODB_URL, database: config.MONGODB_DATABASE },
          kek,
        );
  const perAccount = await limiter(
    config,
    {
      points: config.SIGN_IN_RATE_LIMIT_PER_ACCOUNT,
      windowSeconds: 60,
      what: 'sign-ins to one account',
    },
    'rate_limits_sign_in_account',
    logger,
  );
  const perAddress = await limiter(
    config,
    {
      points: config.SIGN_IN_RATE_LIMIT_PER_ADDRESS,
      windowSeconds: 60,
      what: 'sign-ins from one address',
    },
    'rate_limits_sign_in_address',
    logger,
  );
  const accounts = createCustomerAccounts({
    store: deps.store,
    vault: createPiiVault(keys, emailHmac),
    passwordCost: config.PASSWORD_HASH_COST,
    logger,
    metrics: deps.metrics,
  });
  return {
    accounts,
    routes: customerRoutes({
      accounts,
      now: deps.now,
      tokens: deps.tokens,
      perAccount,
      perAddress,
    }),
    async close() {
      await Promise.all([perAccount.close(), perAddress.close()]);
      await keys.close();
    },
  };
};
