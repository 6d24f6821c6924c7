import { SignJWT } from 'jose';
import { loadConfig } from '../../infra/config.ts';
import { silentLogger } from '../../infra/logger.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import type { Role } from '../auth/principal.ts';
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

/** A token signed with the test secret; every claim can be bent to test refusals. */
export const signToken = (
  claims: { sub: string; roles: readonly string[] },
  options: {
    secret?: string;
    issuer?: string;
    audience?: string;
    expiresIn?: string | number;
    notBefore?: string | number;
  } = {},
): Promise<string> =>
  new SignJWT({ roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? audience.issuer)
    .setAudience(options.audience ?? audience.audience)
    .setIssuedAt()
    .setNotBefore(options.notBefore ?? '0s')
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? testSecret));
