import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { orderEvents, orderStream } from '../domain/index.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

const running: TestApi[] = [];
const start = async (env: Record<string, string>) => {
  const api = await startTestApi(env);
  running.push(api);
  return api;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.stop()));
});

const order = (api: TestApi, token: string) =>
  api.request('/api/orders', {
    method: 'POST',
    token,
    json: { lines: [{ sku: 'SKU-1', quantity: 1 }] },
  });

describe('the per-customer order limit', () => {
  it('lets a person order, refuses a burst of 200 from one customer with 429, and spares the others', async () => {
    const api = await start({ ORDER_RATE_LIMIT_PER_MINUTE: '60' });
    const flooder = `flood-${randomUUID()}`;
    const token = await api.token(flooder, 'customer');
    const answers = await Promise.all(Array.from({ length: 200 }, () => order(api, token)));
    const accepted = answers.filter((r) => r.status === 202);
    const refused = answers.filter((r) => r.status === 429);
    expect(accepted).toHaveLength(60);
    expect(refused).toHaveLength(140);

    const sample = refused[0];
    if (sample === undefined) throw new Error('no refusal');
    expect(sample.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(sample.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(sample.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(sample.headers.get('ratelimit-policy')).toBe('60;w=60');
    expect(sample.headers.get('ratelimit')).toMatch(/^limit=60, remaining=0, reset=\d+$/);
    expect(sample.headers.get('ratelimit-remaining')).toBe('0');
    expect(await sample.json()).toMatchObject({
      type: 'urn:order-ledger:problem:rate_limited',
      status: 429,
    });
    expect(accepted[0]?.headers.get('ratelimit-limit')).toBe('60');

    // Only the accepted orders exist.
    const ids = await Promise.all(
      accepted.map(async (r) => ((await r.json()) as { orderId: string }).orderId),
    );
    const written = await Promise.all(
      ids.map(
        async (id) => (await api.system.store.readStream(orderStream(id), orderEvents)).events,
      ),
    );
    expect(written.every((events) => events.length >= 1)).toBe(true);

    const other = await order(api, await api.token(`calm-${randomUUID()}`, 'customer'));
    expect(other.status).toBe(202);
  });

  it('is off when set to 0 (benches and load tests)', async () => {
    const api = await start({ ORDER_RATE_LIMIT_PER_MINUTE: '0' });
    const token = await api.token(`bench-${randomUUID()}`, 'customer');
    const answers = await Promise.all(Array.from({ length: 80 }, () => order(api, token)));
    expect(answers.every((r) => r.status === 202)).toBe(true);
    expect(answers[0]?.headers.get('ratelimit-limit')).toBeNull();
  });

  it('holds across api processes that share MongoDB', async () => {
    const env = {
      ORDER_RATE_LIMIT_PER_MINUTE: '5',
      MONGODB_URL: serverUrl('mongodb'),
      MONGODB_DATABASE: `limits_${randomUUID().slice(0, 8)}`,
    };
    const [first, second] = [await start(env), await start(env)];
    const customer = `shared-${randomUUID()}`;
    const token = await first.token(customer, 'customer');
    const statuses: number[] = [];
    for (let n = 0; n < 8; n++)
      statuses.push((await order(n % 2 === 0 ? first : second, token)).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});

/** Opens a raw connection and sends `head`, then one byte of `trickle` every `everyMs`. */
const trickle = (url: string, head: string, body: string, everyMs: number) =>
  new Promise<{ closedAfterMs: number; answer: string }>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    const started = performance.now();
    let answer = '';
    let sent = 0;
    socket.on('connect', () => {
      socket.write(head);
    });
    const timer = setInterval(() => {
      if (sent < body.length && socket.writable) socket.write(body.charAt(sent++));
    }, everyMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const done = () => {
      clearInterval(timer);
      resolve({ closedAfterMs: performance.now() - started, answer });
    };
    socket.on('close', done);
    socket.on('error', () => undefined);
    // The test's own bound: a server that never cuts the client off fails here, not by hanging.
    setTimeout(() => socket.destroy(), 15_000);
  });

describe('server timeouts', () => {
  it('cut off a body trickled one byte at a time once the request timeout has passed', async () => {
    const api = await start({ HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '1000' });
    const body = JSON.stringify({ lines: [{ sku: 'SKU-1', quantity: 1 }] }).padEnd(400, ' ');
    const head =
      'POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const { closedAfterMs, answer } = await trickle(api.url, head, body, 100);
    expect(closedAfterMs).toBeGreaterThan(1500);
    expect(closedAfterMs).toBeLessThan(4500);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cut off headers trickled one byte at a time once the headers timeout has passed', async () => {
    const api = await start({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '1000' });
    const { closedAfterMs } = await trickle(
      api.url,
      'GET /health HTTP/1.1\r\n',
      'X-Slow: ' + 'a'.repeat(200),
      100,
    );
    expect(closedAfterMs).toBeGreaterThan(800);
    expect(closedAfterMs).toBeLessThan(3500);
  });
});
