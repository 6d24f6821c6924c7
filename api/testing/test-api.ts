import { SignJWT } from 'jose';
import { loadConfig } from '../../infra/config.ts';
import { silentLogger } from '../../infra/logger.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { ownTokens } from '../auth/own-tokens.ts';
import type { Role } from '../auth/principal.ts';
import { signingKeyFromSecret, type SigningKey } from '../auth/signing-key.ts';
import { startSystem, type RunningSystem } from '../system.ts';

export const testSecret = 'order-ledger-test-secret-0123456789abcdef';
export const audience = { issuer: 'order-ledger', audience: 'order-ledger' };

export interface TestApi {
  readonly url: string;
  readonly system: RunningSystem;
  token(sub: string, ...roles: Role[]): Promise<string>;
  request(
    path: string,
    init?: Omit<RequestInit, 'headers'> & {
      token?: string;
      json?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  stop(): Promise<void>;
}

/** The API role against the harness's event store, on an ephemeral port, with a known secret. */
export const startTestApi = async (env: Record<string, string> = {}): Promise<TestApi> => {
  const config = loadConfig({
    EVENTSTORE_CONNECTION_STRING: serverUrl('eventstore'),
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Tests place many orders per customer; the limit has tests of its own.
    ORDER_RATE_LIMIT_PER_MINUTE: '0',
    // Nor are they held as a burst for fraud review, which has tests of its own.
    FRAUD_REVIEW_THRESHOLD: '101',
    WAREHOUSE_PICK_PACK_MS: '0',
    ...env,
  });
  const system = await startSystem({ config, role: 'api', logger: silentLogger() });
  const { url } = system;
  return {
    url,
    system,
    token: (sub, ...roles) => signToken({ sub, roles }),
    request: (path, { token, json, headers, ...init } = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),
    stop: () => system.stop(),
  };
};

const keys = new Map<string, Promise<SigningKey>>();
/** The signing key a system configured with JWT_SECRET=`secret` (and no JWT_SIGNING_KEY) uses. */
export const testSigningKey = (secret = testSecret): Promise<SigningKey> => {
  const known = keys.get(secret) ?? signingKeyFromSecret(secret);
  keys.set(secret, known);
  return known;
};

/** Verifies (and issues) what a system on the test secret does, for parts tested without one. */
export const testTokens = async () => ownTokens(await testSigningKey(), audience);

/**
 * A token signed with the key of the test secret, as the product signs its own; every claim can
 * be bent to test refusals. `secret`: a forgery, signed with another secret's key under the
 * genuine key's kid.
 */
export const signToken = async (
  claims: { sub: string; roles: readonly string[] },
  options: {
    secret?: string;
    issuer?: string;
    audience?: string;
    expiresIn?: string | number;
    notBefore?: string | number;
  } = {},
): Promise<string> => {
  const genuine = await testSigningKey();
  const key = options.secret === undefined ? genuine : await testSigningKey(options.secret);
  return new SignJWT({ roles: [...claims.roles] })
    .setProtectedHeader({ alg: key.alg, kid: genuine.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? audience.issuer)
    .setAudience(options.audience ?? audience.audience)
    .setIssuedAt()
    .setNotBefore(options.notBefore ?? '0s')
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(key.privateKey);
};
