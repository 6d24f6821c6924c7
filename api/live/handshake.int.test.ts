import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../testing/test-api.ts';
import { sessionCookie } from './handshake.ts';
import {
  clientOf,
  connected,
  startLiveServer,
  tokenFor,
  type LiveServer,
} from './testing/live-server.ts';

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ trustedOrigins: ['http://ui.example'] });
});

afterAll(async () => {
  await server.stop();
});

const refusal = async (options: Parameters<typeof clientOf>[1]) => {
  try {
    const socket = await connected(clientOf(server.url, options));
    socket.close();
    return 'connected';
  } catch (error) {
    const { message, data } = error as Error & { data?: { reason?: string } };
    return { message, reason: data?.reason };
  }
};

// jose takes a number as the expiry instant itself, in seconds.
const nowSeconds = () => Math.floor(Date.now() / 1000);
const cookie = (token: string) => ({ cookie: `theme=dark; ${sessionCookie}=${token}` });

describe('the Socket.IO handshake', () => {
  it('is refused without a token, or with one that does not verify', async () => {
    const alice = await tokenFor('alice', 'customer');
    const forged = await signToken(
      { sub: 'alice', roles: ['customer'] },
      { secret: 'another-secret-of-at-least-32-characters!!' },
    );
    const expired = await signToken(
      { sub: 'alice', roles: ['customer'] },
      { expiresIn: nowSeconds() - 60 },
    );

    expect(await refusal({})).toEqual({
      message: 'unauthorized',
      reason: 'send the token in auth.token or the ol_session cookie',
    });
    expect(await refusal({ token: `${alice}x` })).toMatchObject({ message: 'unauthorized' });
    expect(await refusal({ token: forged })).toEqual({
      message: 'unauthorized',
      reason: 'the signature does not verify',
    });
    expect(await refusal({ token: expired })).toEqual({
      message: 'unauthorized',
      reason: 'the token has expired',
    });
    expect(await refusal({ headers: cookie(forged) })).toMatchObject({ message: 'unauthorized' });
    expect(await refusal({ token: alice })).toBe('connected');
  });

  it('takes the session cookie from pages of our own origin or a trusted one only', async () => {
    const alice = await tokenFor('alice', 'customer');
    const host = new URL(server.url).host;

    expect(await refusal({ headers: cookie(alice) })).toBe('connected');
    expect(await refusal({ headers: { ...cookie(alice), origin: `http://${host}` } })).toBe(
      'connected',
    );
    expect(await refusal({ headers: { ...cookie(alice), origin: 'http://ui.example' } })).toBe(
      'connected',
    );
    expect(await refusal({ headers: { ...cookie(alice), origin: 'http://evil.example' } })).toEqual(
      {
        message: 'unauthorized',
        reason: 'the session cookie came from a page of another origin',
      },
    );
  });

  it('ends the connection when the token expires, and refuses it back with the same token', async () => {
    const shortLived = await signToken(
      { sub: 'alice', roles: ['customer'] },
      { expiresIn: nowSeconds() + 2 },
    );
    const socket = clientOf(server.url, { token: shortLived });
    const errors: string[] = [];
    socket.on('connect_error', (error) => errors.push(error.message));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.connect();

    expect(await disconnected).toBe('transport close');
    await sleep(500);
    expect(socket.connected).toBe(false);
    expect(errors).toContain('unauthorized');
    socket.close();
  });
});
