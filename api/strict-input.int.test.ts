import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryEvents, inventoryStream, orderEvents, orderStream } from '../domain/index.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The hostile-input half of hardening: every refusal is a 4xx problem, and nothing is appended.
let api: TestApi;
let operator: string;
beforeAll(async () => {
  api = await startTestApi();
  operator = await api.token('ops', 'operator');
});
afterAll(async () => {
  await api.stop();
});

const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { type: string; status: number; errors?: { path: string }[] };
};

const stockRevision = async (sku: string) =>
  (await api.system.store.readStream(inventoryStream(sku), inventoryEvents)).revision;

/** A raw POST, so headers and bytes are exactly what a careless or hostile client sends. */
const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
  fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${operator}`,
      ...headers,
    },
    body,
  });

describe('strict input', () => {
  it('refuses a key given twice in a JSON body (the last one does not silently win)', async () => {
    const before = await stockRevision('SKU-3');
    const response = await post('/api/inventory/SKU-3/restock', '{"quantity":-5,"quantity":1}', {});
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      type: 'urn:order-ledger:problem:duplicate_key',
      errors: [{ path: 'quantity' }],
    });
    expect(await stockRevision('SKU-3')).toBe(before);
  });

  it('reads a gzip body, and refuses one that does not match its Content-Encoding (400) or an unknown encoding (415)', async () => {
    const before = await stockRevision('SKU-4');
    const plain = JSON.stringify({ quantity: 1 });
    const mismatched = await post('/api/inventory/SKU-4/restock', plain, {
      'content-encoding': 'gzip',
    });
    expect(mismatched.status).toBe(400);
    expect(await problemOf(mismatched)).toMatchObject({
      type: 'urn:order-ledger:problem:bad_content_encoding',
    });
    for (const encoding of ['br', 'deflate']) {
      const response = await post('/api/inventory/SKU-4/restock', plain, {
        'content-encoding': encoding,
      });
      expect(response.status, encoding).toBe(400);
    }
    const unknown = await post('/api/inventory/SKU-4/restock', plain, {
      'content-encoding': 'compress',
    });
    expect(unknown.status).toBe(415);
    await problemOf(unknown);
    expect(await stockRevision('SKU-4')).toBe(before);

    const gzipped = await post(
      '/api/inventory/SKU-4/restock',
      new Blob([new Uint8Array(gzipSync(plain))]),
      {
        'content-encoding': 'gzip',
      },
    );
    expect(gzipped.status).toBe(200);
  });

  it.each([
    ['NUL', 'no\u0000thanks'],
    ['ESC', '\u001b[2Jcleared'],
    ['CRLF', 'fine\r\nactor: admin'],
    ['a bidi override', 'refund \u202Edesrever'],
    ['a bidi isolate', 'x\u2067y\u2069'],
    ['a C1 control', 'x\u009by'],
  ])('refuses %s in a cancel reason, and the order is untouched', async (_name, reason) => {
    const customer = `c-${randomUUID()}`;
    const token = await api.token(customer, 'customer');
    const placed = await api.request('/api/orders', {
      method: 'POST',
      token,
      json: { lines: [{ sku: 'SKU-1', quantity: 1 }] },
    });
    const { orderId } = (await placed.json()) as { orderId: string };
    const before = (await api.system.store.readStream(orderStream(orderId), orderEvents)).revision;
    const response = await api.request(`/api/orders/${orderId}/cancel`, {
      method: 'POST',
      token,
      json: { reason },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      expect.objectContaining({ path: 'reason' }),
    ]);
    const after = (await api.system.store.readStream(orderStream(orderId), orderEvents)).revision;
    expect(after).toBe(before);
  });

  it.each([
    ['from after to', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['an empty range', 'from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'to'],
    ['minTotal above maxTotal', 'minTotal=5000&maxTotal=100', 'maxTotal'],
  ])('refuses %s in the order list', async (_name, query, path) => {
    const response = await api.request(`/api/orders?${query}`, { token: operator });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ path })]);
  });

  it('takes back only the cursors it gave out', async () => {
    const customer = `c-${randomUUID()}`;
    const token = await api.token(customer, 'customer');
    for (let n = 0; n < 3; n++)
      await api.request('/api/orders', {
        method: 'POST',
        token,
        json: { lines: [{ sku: 'SKU-2', quantity: 1 }] },
      });
    const first = await api.request('/api/orders?limit=1&minPosition=0', { token });
    const { nextCursor } = (await first.json()) as { nextCursor: string | null };
    expect(nextCursor).not.toBeNull();
    const genuine = await api.request(`/api/orders?limit=1&cursor=${String(nextCursor)}`, {
      token,
    });
    expect(genuine.status).toBe(200);

    const [payload = '', signature = ''] = String(nextCursor).split('.');
    const position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object;
    const madeUp = Buffer.from(
      JSON.stringify({ ...position, p: '2099-12-31T00:00:00.000Z' }),
    ).toString('base64url');
    for (const cursor of [`${madeUp}.${signature}`, madeUp, payload]) {
      const forged = await api.request(`/api/orders?limit=1&cursor=${cursor}`, { token });
      expect(forged.status).toBe(400);
      expect(await problemOf(forged)).toMatchObject({
        type: 'urn:order-ledger:problem:invalid_cursor',
      });
    }
  });

  it('answers a malformed path with a 4xx problem, never a 5xx', async () => {
    const response = await api.request('/api/orders/%E0%A4%A', { token: operator });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await problemOf(response);
  });

  it('answers an upload cut off half-way with a 4xx, not a 500 in the log', async () => {
    const status = await new Promise<number | 'closed'>((resolve) => {
      const url = new URL(`${api.url}/api/inventory/SKU-5/restock`);
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '100',
          authorization: `Bearer ${operator}`,
        },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => {
        resolve('closed');
      });
      req.write('{"quantity":');
      setTimeout(() => req.destroy(), 100);
    });
    expect(status === 'closed' || (status >= 400 && status < 500)).toBe(true);
  });
});
