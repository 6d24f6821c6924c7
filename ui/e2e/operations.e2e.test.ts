import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// Operators and admins: the live orders list, and a projection rebuild with its progress.

let app: RunningApp;
const sessions: BrowserSession[] = [];
const open = async (test: string, who: string) => {
  const session = await openBrowser(test, who);
  sessions.push(session);
  return session;
};

beforeAll(async () => {
  app = await startApp('operations');
});
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

describe('operations', () => {
  it('the orders list updates live when another client places an order', async () => {
    const olga = await open('orders list updates live', 'olga');
    const { page } = olga;
    await signIn(olga, app.url, 'olga', 'operator');
    await page.evaluate(() => {
      document.documentElement.dataset.e2eSameDocument = 'yes';
    });
    const rows = page.locator('tbody tr[data-order-id]');
    const before = await rows.count();
    await olga.snap('orders before');

    // Another client: a customer placing an order through the API.
    const token = await devToken(app.url, 'dave', 'customer');
    const orderId = await placeOrder(app.url, token, [{ sku: 'SKU-2', quantity: 1 }]);

    const badge = page.getByRole('button', { name: /1 new order/ });
    await badge.waitFor({ timeout: 15_000 });
    await olga.snap('new order badge');
    await badge.click();
    const row = page.locator(`tbody tr[data-order-id="${orderId}"]`);
    await row.waitFor();
    expect(await rows.count()).toBe(before + 1);
    // The row then changes in place as the order moves on.
    await row.locator('[data-status="delivered"]').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.e2eSameDocument)).toBe('yes');
    await olga.snap('new order delivered in place');
    expect(olga.problems).toEqual([]);
  });

  it('an admin starts a rebuild and sees its progress reach the end', async () => {
    // Enough history that the rebuild has something to do.
    const token = await devToken(app.url, 'erin', 'customer');
    for (let index = 0; index < 20; index++) {
      await placeOrder(app.url, token, [{ sku: 'SKU-3', quantity: 1 }]);
    }
    const adminToken = await devToken(app.url, 'ada', 'admin');
    const projections = await apiGet(
      app.url,
      adminToken,
      '/api/admin/projections',
      z.object({ items: z.array(z.object({ name: z.string() })) }),
    );
    const name = projections.items.find((item) => item.name.includes('summar'))?.name;
    expect(name).toBeDefined();

    const ada = await open('admin rebuilds a projection', 'ada');
    const { page } = ada;
    await signIn(ada, app.url, 'ada', 'admin');
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.waitForURL(/\/operations$/);
    await page.getByRole('heading', { name: 'Projections' }).waitFor();
    await ada.snap('operations');

    const row = page.locator(`tr[data-projection="${name ?? ''}"]`);
    const before = (await row.getByText(/__v\d+_\d+$/).textContent()) ?? '';
    await row.getByRole('button', { name: 'Rebuild' }).click();
    const progress = row.getByTestId(`rebuild-${name ?? ''}`);
    await progress.waitFor({ timeout: 15_000 });
    await ada.snap('rebuild started');
    await row.locator('[data-done="true"]').waitFor({ timeout: 60_000 });
    expect(await progress.textContent()).toContain('100%');
    expect(await row.locator('progress').getAttribute('value')).toBe('1');
    // Switched over: the row names the new collection, one generation on.
    const generation = (collection: string) => Number(/_(\d+)$/.exec(collection)?.[1]);
    await row.getByText(`${before.replace(/_\d+$/, '')}_${generation(before) + 1}`).waitFor();
    await ada.snap('rebuild done');
    expect(ada.problems).toEqual([]);
  });
});
