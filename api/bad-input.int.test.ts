import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryEvents, inventoryStream, orderEvents, orderStream } from '../domain/index.ts';
import { orderIdForKey } from './routes/orders.ts';
import { signToken, startTestApi, type TestApi } from './testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const good = { lines: [{ sku: 'SKU-1', quantity: 1 }] };

/** Sends a POST /api/orders as `sub` with a fresh Idempotency-Key; the key tells which stream it would have written. */
const attempt = async (init: {
  sub?: string;
  token?: string | null;
  body?: string;
  contentType?: string;
}) => {
  const sub = init.sub ?? `customer-${randomUUID()}`;
  const key = randomUUID();
  const token = init.token === undefined ? await api.token(sub, 'customer') : init.token;
  const response = await fetch(`${api.url}/api/orders`, {
    method: 'POST',
    headers: {
      'content-type': init.contentType ?? 'application/json',
      'idempotency-key': key,
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: init.body ?? JSON.stringify(good),
  });
  const written = await api.system.store.readStream(
    orderStream(orderIdForKey(sub, key)),
    orderEvents,
  );
  return {
    response,
    problem: (await response.json()) as {
      status: number;
      errors?: { path: string }[];
      detail?: string;
    },
    written: written.events.length,
  };
};

const expectRefused = (outcome: Awaited<ReturnType<typeof attempt>>, status: number) => {
  expect(outcome.response.status).toBe(status);
  expect(outcome.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(outcome.problem.status).toBe(status);
  expect(outcome.written).toBe(0);
};

const lines = (...items: unknown[]) => JSON.stringify({ lines: items });

describe('bad input to POST /api/orders gets a 4xx problem and appends nothing', () => {
  it('accepts the well-formed request the others are variations of', async () => {
    const outcome = await attempt({});
    expect(outcome.response.status).toBe(202);
    expect(outcome.written).toBe(1);
  });

  it.each([
    ['malformed JSON', '{"lines": [', 400],
    ['a body that is not an object', '"lines"', 400],
    ['lines of the wrong type', JSON.stringify({ lines: 'SKU-1' }), 400],
    ['a quantity of the wrong type', lines({ sku: 'SKU-1', quantity: '2' }), 400],
    ['a zero quantity', lines({ sku: 'SKU-1', quantity: 0 }), 400],
    ['a negative quantity', lines({ sku: 'SKU-1', quantity: -3 }), 400],
    ['a fractional quantity', lines({ sku: 'SKU-1', quantity: 1.5 }), 400],
    ['a quantity above 1,000', lines({ sku: 'SKU-1', quantity: 1001 }), 400],
    ['no lines', lines(), 400],
    [
      '101 lines',
      lines(
        ...Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${(i % 10) + 1}`, quantity: 1 })),
      ),
      400,
    ],
    ['a $where key', JSON.stringify({ ...good, $where: 'sleep(1000)' }), 400],
    ['a __proto__ key', '{"lines":[{"sku":"SKU-1","quantity":1}],"__proto__":{"admin":true}}', 400],
    [
      'a price sent by the client',
      lines({ sku: 'SKU-1', quantity: 1, unitPrice: { amount: 1, currency: 'EUR' } }),
      400,
    ],
    ['an unknown sku', lines({ sku: 'SKU-404', quantity: 1 }), 422],
    ['a duplicate sku', lines({ sku: 'SKU-1', quantity: 1 }, { sku: 'SKU-1', quantity: 2 }), 422],
  ])('%s', async (_name, body, status) => {
    expectRefused(await attempt({ body }), status);
  });

  it('names the fields that are wrong', async () => {
    const outcome = await attempt({
      body: lines({ sku: 'SKU-1', quantity: 0 }, { sku: '', quantity: 2 }),
    });
    expect(outcome.problem.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(['lines.0.quantity', 'lines.1.sku']),
    );
  });

  it('refuses a 2 MB body with 413', async () => {
    const huge = JSON.stringify({
      lines: [{ sku: 'SKU-1', quantity: 1 }],
      padding: 'x'.repeat(2 * 1024 * 1024),
    });
    expectRefused(await attempt({ body: huge }), 413);
  });

  it('refuses another content type with 415', async () => {
    expectRefused(await attempt({ contentType: 'text/plain' }), 415);
    expectRefused(
      await attempt({ contentType: 'application/x-www-form-urlencoded', body: 'lines=SKU-1' }),
      415,
    );
  });
});

describe('tokens and roles', () => {
  const sub = () => `customer-${randomUUID()}`;
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses a missing token with 401 and a WWW-Authenticate challenge', async () => {
    const outcome = await attempt({ token: null });
    expectRefused(outcome, 401);
    expect(outcome.response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    [
      'expired',
      (s: string) =>
        signToken(
          { sub: s, roles: ['customer'] },
          { expiresIn: Math.floor(Date.now() / 1000) - 60 },
        ),
    ],
    [
      'not yet valid',
      (s: string) => signToken({ sub: s, roles: ['customer'] }, { notBefore: '1h' }),
    ],
    [
      'for another audience',
      (s: string) => signToken({ sub: s, roles: ['customer'] }, { audience: 'someone-else' }),
    ],
    [
      'from another issuer',
      (s: string) => signToken({ sub: s, roles: ['customer'] }, { issuer: 'evil' }),
    ],
    [
      'signed with another secret',
      (s: string) =>
        signToken(
          { sub: s, roles: ['customer'] },
          { secret: 'another-secret-of-sufficient-length-000' },
        ),
    ],
    [
      'unsigned (alg none)',
      (s: string) =>
        Promise.resolve(
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: s, roles: ['customer'], iss: 'order-ledger', aud: 'order-ledger', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
        ),
    ],
    [
      'tampered with',
      async (s: string) => {
        const [header, , signature] = (await signToken({ sub: s, roles: ['customer'] })).split('.');
        return `${header ?? ''}.${b64({ sub: s, roles: ['admin'], iss: 'order-ledger', aud: 'order-ledger', exp: Math.floor(Date.now() / 1000) + 600 })}.${signature ?? ''}`;
      },
    ],
    ['not a JWT at all', () => Promise.resolve('not-a-token')],
    ['without roles', async (s: string) => signToken({ sub: s, roles: [] })],
  ])('refuses a token that is %s with 401', async (_name, make) => {
    const s = sub();
    expectRefused(await attempt({ sub: s, token: await make(s) }), 401);
  });

  it('refuses a role that may not place orders with 403', async () => {
    for (const role of ['operator', 'auditor', 'admin'] as const) {
      const s = sub();
      expectRefused(await attempt({ sub: s, token: await api.token(s, role) }), 403);
    }
  });

  it('refuses a customer who restocks (403) and bad restocks (4xx), changing no stock', async () => {
    const stream = inventoryStream('SKU-9');
    const before = (await api.system.store.readStream(stream, inventoryEvents)).revision;
    const restock = async (token: string, body: unknown, sku = 'SKU-9') =>
      (await api.request(`/api/inventory/${sku}/restock`, { method: 'POST', token, json: body }))
        .status;
    const customerToken = await api.token(sub(), 'customer');
    const operator = await api.token('ops', 'operator');
    expect(await restock(customerToken, { quantity: 5 })).toBe(403);
    expect(await restock(operator, { quantity: 0 })).toBe(400);
    expect(await restock(operator, { quantity: 2.5 })).toBe(400);
    expect(await restock(operator, { quantity: 5, sku: 'SKU-9' })).toBe(400);
    expect(await restock(operator, { quantity: 5 }, 'SKU-404')).toBe(404);
    expect((await api.system.store.readStream(stream, inventoryEvents)).revision).toBe(before);
    expect(await restock(operator, { quantity: 5 })).toBe(200);
  });
});
