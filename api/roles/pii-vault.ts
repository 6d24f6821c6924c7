import { join } from 'node:path';
import type { Config } from '../../infra/config.ts';
import { fileKeyStore } from '../../infra/pii/file-key-store.ts';
import { derivePiiKeys, type PiiKeyStore } from '../../infra/pii/key-store.ts';
import { connectMongoKeyStore } from '../../infra/pii/mongo-key-store.ts';
import { loadOrCreatePiiSecret } from '../../infra/pii/secret.ts';
import { createPiiVault, type PiiVault } from '../../infra/pii/vault.ts';

/**
 * The customers' vault for a role that opens what the api sealed: the same secret and key store
 * as the customer accounts (api/customers/start.ts). Undefined without a secret to share, where
 * no account (and so no sealed data) exists either.
 */
export const openPiiVault = async (
  config: Config,
): Promise<{ vault: PiiVault; keys: PiiKeyStore } | undefined> => {
  const secret =
    config.PII_SECRET ??
    config.JWT_SECRET ??
    (config.embedded ? await loadOrCreatePiiSecret(config.DATA_DIR) : undefined);
  if (secret === undefined) return undefined;
  const { kek, emailHmac } = derivePiiKeys(secret);
  const keys =
    config.MONGODB_URL === undefined
      ? fileKeyStore(join(config.DATA_DIR, 'keys'), kek)
      : await connectMongoKeyStore(
          { url: config.MONGODB_URL, database: config.MONGODB_DATABASE },
          kek,
        );
  return { vault: createPiiVault(keys, emailHmac), keys };
};
