import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// The System health page against the product split in two roles: the api process (with the
// embedded event store and the read models) and a processes process running the saga. Stopping
// the processes process is a real stopped subscription: its group has no consumer left.

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });

let api: RunningApp;
let processes: RunningApp | undefined;
let eventStorePort: number;
const secret = randomBytes(32).toString('base64url');
const sessions: BrowserSession[] = [];

const startProcesses = (run: number) =>
  startApp(`system-health-processes-${run}`, {
    ROLE: 'processes',
    EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${eventStorePort}?tls=false`,
    JWT_SECRET: secret,
  });

beforeAll(async () => {
  eventStorePort = await freePort();
  api = await startApp('system-health', {
    ROLE: 'api',
    EMBEDDED_EVENTSTORE_PORT: String(eventStorePort),
  });
  processes = await startProcesses(1);
}, 180_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await processes?.stop();
  await api.stop();
});

const healthSchema = z.object({
  components: z.array(z.object({ name: z.string(), kind: z.string(), light: z.string() })),
});

describe('system health', () => {
  it('a stopped subscription turns its light red with words, and the page recovers when it comes back', async () => {
    const operatorToken = await devToken(api.url, 'olga', 'operator');
    const customerToken = await devToken(api.url, 'dave', 'customer');
    await placeOrder(api.url, customerToken, [{ sku: 'SKU-1', quantity: 1 }]);
    // The saga's group, whatever the saga names it: the subscription a consumer is connected to.
    let group: string | undefined;
    for (let tries = 0; tries < 100 && group === undefined; tries++) {
      const health = await apiGet(api.url, operatorToken, '/api/admin/health', healthSchema);
      group = health.components.find((c) => c.kind === 'subscription' && c.light !== 'down')?.name;
      if (group === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(group).toBeDefined();
    const id = `group:${group ?? ''}`;

    const olga = await openBrowser('system health', 'olga', { width: 1366, height: 900 });
    sessions.push(olga);
    const { page } = olga;
    await signIn(olga, api.url, 'olga', 'operator');
    await page.getByRole('link', { name: 'System health' }).click();
    await page.waitForURL(/\/health$/);
    await page.getByRole('heading', { name: 'System health', level: 1 }).waitFor();
    const row = page.locator(`tr[data-component="${id}"]`);
    await row.locator('[data-light="ok"]').waitFor({ timeout: 15_000 });
    // Live through Socket.IO (the ops room's health.changed): once live, the page reads no data.
    const connection = page.getByTestId('health-connection');
    await connection.and(page.locator('[data-source="live"]')).waitFor({ timeout: 15_000 });
    expect(await connection.textContent()).toContain('Live');
    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/health/__data.json')) reads.push(request.url());
    });
    await expect.poll(() => row.textContent()).toContain('Running');
    await page.getByRole('heading', { name: 'Oldest open orders' }).waitFor();
    await olga.snap('all running 1366 light');

    await processes?.stop();
    processes = undefined;
    await row.locator('[data-light="down"]').waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Stopped: no consumer connected');
    expect(reads).toEqual([]);
    expect(await page.getByTestId('health-summary').textContent()).toContain(
      `${group ?? ''} (Stopped: no consumer connected)`,
    );
    // With the saga stopped, a new order waits: it shows among the oldest open orders, linked.
    const waiting = await placeOrder(api.url, customerToken, [{ sku: 'SKU-2', quantity: 1 }]);
    const link = page.locator(`a[href$="/orders/${waiting}"]`);
    await link.waitFor({ timeout: 15_000 });
    expect(await link.locator('xpath=ancestor::tr').textContent()).toContain('waiting for stock');
    await olga.snap('saga stopped 1366 light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await olga.snap('saga stopped 1366 dark');
    await page.setViewportSize({ width: 360, height: 800 });
    await olga.snap('saga stopped 360 dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await olga.snap('saga stopped 360 light');
    // Usable at 360 px: nothing wider than the screen but the tables' own scrolling boxes.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );

    processes = await startProcesses(2);
    await row.locator('[data-light="ok"]').waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('Running');
    await page.getByTestId('health-summary').getByText('All components are running').waitFor();
    // The saga picks the waiting order up again and it leaves the list.
    await link.waitFor({ state: 'detached', timeout: 30_000 });
    await olga.snap('recovered 360 light');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await olga.snap('recovered 1366 dark');
    expect(olga.problems).toEqual([]);
  }, 180_000);

  it('with the live connection cut, says so in words and reads the figures itself', async () => {
    const olga = await openBrowser('system health without socket', 'olga', {
      width: 1366,
      height: 900,
    });
    sessions.push(olga);
    const { page } = olga;
    // Socket.IO unreachable both ways it tries: WebSocket and HTTP long-polling.
    const socketIo = /\/socket\.io\//;
    await page.routeWebSocket(socketIo, (ws) => ws.close());
    await page.route(socketIo, (route) => route.abort());
    await signIn(olga, api.url, 'olga', 'operator');
    await page.getByRole('link', { name: 'System health' }).click();
    await page.waitForURL(/\/health$/);

    const connection = page.getByTestId('health-connection');
    await connection.and(page.locator('[data-source="polling"]')).waitFor();
    expect(await connection.textContent()).toMatch(
      /(Connecting|Reconnecting) to live updates: reading the figures every 2 seconds meanwhile/,
    );
    const summary = page.getByTestId('health-summary');
    const first = await summary.textContent();
    let reads = 0;
    page.on('request', (request) => {
      if (request.url().includes('/health/__data.json')) reads++;
    });
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).not.toBe(first);
    expect(reads).toBeGreaterThan(0);
    await olga.snap('polling 1366 light');
  }, 60_000);
});
