import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { clientOf, connected } from './live/testing/live-server.ts';
import { signToken, startTestApi, type TestApi } from './testing/test-api.ts';

// Signing out revokes the token itself: it stops working on every route, on Socket.IO, and in
// every api process that shares the revocations (through MongoDB), not only in the browser.
const signOut = (api: TestApi, token: string) =>
  api.request('/api/auth/sign-out', { method: 'POST', token });

const problemOf = async (response: Response) => ({
  status: response.status,
  ...((await response.json()) as { type?: string; detail?: string }),
});

const handshake = async (api: TestApi, token: string): Promise<string> => {
  try {
    (await connected(clientOf(api.url, { token }))).close();
    return 'connected';
  } catch (error) {
    const data = error instanceof Error && 'data' in error ? error.data : undefined;
    return typeof data === 'object' && data !== null && 'reason' in data
      ? String(data.reason)
      : String(error);
  }
};

describe('signing out of one api process (revocations in memory)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('given a token in use, when its holder signs out, then it gets 401 on the API and on Socket.IO, and their other token still works', async () => {
    const sub = `so-${randomUUID()}`;
    const token = await api.token(sub, 'customer');
    // Signed in the same second with the same claims, it would be the very same token.
    const other = await signToken({ sub, roles: ['customer'] }, { expiresIn: '2h' });
    expect(decodeJwt(token).jti).toBeUndefined();
    expect((await api.request('/api/orders', { token })).status).toBe(200);
    expect(await handshake(api, token)).toBe('connected');

    expect((await signOut(api, token)).status).toBe(204);

    expect(await problemOf(await api.request('/api/orders', { token }))).toMatchObject({
      status: 401,
      type: 'urn:order-ledger:problem:invalid_token',
      detail: 'the token was revoked',
    });
    expect(await handshake(api, token)).toBe('the token was revoked');
    expect((await signOut(api, token)).status).toBe(401);
    expect((await api.request('/api/orders', { token: other })).status).toBe(200);
    expect(await handshake(api, other)).toBe('connected');
  });

  it('given a token the product issued, then it names itself with a jti, and signing out revokes that one alone', async () => {
    const { issue } = api.system.tokens;
    if (issue === undefined) throw new Error('an api with a signing key issues tokens');
    const token = await issue({ sub: 'issued', roles: ['operator'] });
    const twin = await issue({ sub: 'issued', roles: ['operator'] });
    expect(decodeJwt(token).jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await signOut(api, token)).status).toBe(204);
    expect((await api.request('/api/orders', { token })).status).toBe(401);
    expect((await api.request('/api/orders', { token: twin })).status).toBe(200);
  });

  it('given a Socket.IO connection open with a token, when its holder signs out, then the connection is cut and cannot come back', async () => {
    const token = await api.token(`live-${randomUUID()}`, 'customer');
    const socket = await connected(clientOf(api.url, { token }));
    const refused = new Promise<string>((resolve) => {
      socket.on('connect_error', (error: Error & { data?: { reason?: string } }) => {
        resolve(error.data?.reason ?? error.message);
      });
    });
    const dropped = new Promise<void>((resolve) =>
      socket.once('disconnect', () => {
        resolve();
      }),
    );
    try {
      expect((await signOut(api, token)).status).toBe(204);
      await dropped;
      expect(await refused).toBe('the token was revoked');
    } finally {
      socket.close();
    }
  });

  it('refuses a sign-out without a valid token', async () => {
    expect((await api.request('/api/auth/sign-out', { method: 'POST' })).status).toBe(401);
    expect((await signOut(api, 'not.a.token')).status).toBe(401);
  });
});

describe('signing out with api processes sharing one MongoDB', () => {
  const env = {
    MONGODB_URL: serverUrl('mongodb'),
    MONGODB_DATABASE: `revocations_${randomUUID().slice(0, 8)}`,
  };
  let apis: TestApi[] = [];
  beforeAll(async () => {
    apis = await Promise.all([startTestApi(env), startTestApi(env)]);
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
  });

  it('given a token both have verified, when it is signed out on one, then the other refuses it within 2 s, and one started later refuses it at once', async () => {
    const [one, other] = apis;
    if (one === undefined || other === undefined) throw new Error('not started');
    const token = await one.token(`so-${randomUUID()}`, 'customer');
    expect((await one.request('/api/auth/me', { token })).status).toBe(200);
    expect((await other.request('/api/auth/me', { token })).status).toBe(200);

    const signedOutAt = Date.now();
    expect((await signOut(one, token)).status).toBe(204);
    expect((await one.request('/api/auth/me', { token })).status).toBe(401);
    let refusedAfterMs: number | undefined;
    while (refusedAfterMs === undefined && Date.now() - signedOutAt < 5_000) {
      if ((await other.request('/api/auth/me', { token })).status === 401)
        refusedAfterMs = Date.now() - signedOutAt;
      else await sleep(50);
    }
    expect(refusedAfterMs).toBeLessThan(2_000);
    expect(await handshake(other, token)).toBe('the token was revoked');

    const later = await startTestApi(env);
    apis.push(later);
    expect((await later.request('/api/auth/me', { token })).status).toBe(401);
  });
});
