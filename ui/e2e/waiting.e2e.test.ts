import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// Waits that people act in, as `npm start` serves them: a warehouse that takes a minute to pick and
// pack (the customer cancels meanwhile), and a declined payment with a minute's grace (the operator
// sees the deadline and may retry only the payment).

let app: RunningApp;
const sessions: BrowserSession[] = [];
const open = async (test: string, who: string, width = 1366) => {
  const session = await openBrowser(test, who, { width, height: 860 });
  sessions.push(session);
  return session;
};

beforeAll(async () => {
  app = await startApp('waiting', {
    WAREHOUSE_PICK_PACK_MS: '60000',
    PAYMENT_DECLINE_GRACE_MS: '60000',
  });
}, 180_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

const streamTypes = z.object({ entries: z.array(z.object({ type: z.string() })) });

describe('waits in words', () => {
  it('a customer cancels while the order is picked and packed, and sees the stock released and the payment voided', async () => {
    const token = await devToken(app.url, 'petra', 'customer');
    const orderId = await placeOrder(app.url, token, [{ sku: 'SKU-1', quantity: 1 }]);
    const petra = await open('cancel while packing', 'petra', 360);
    const { page } = petra;
    await signIn(petra, app.url, 'petra', 'customer');
    await page.goto(`${app.url}/orders/${orderId}`);
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Picking and packing (in progress)' })
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('order-waiting').textContent())
      .toMatch(
        /picking and packing this order; it goes to the carrier at about .+ You can still cancel until then\./,
      );
    await petra.snap('picking');

    await page.getByText('Cancel this order…').click();
    await page.getByLabel('Reason (optional)').fill('ordered the wrong size');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    const status = page.getByTestId('order-status').locator('[data-status]');
    await expect
      .poll(() => status.getAttribute('data-status'), { timeout: 20_000 })
      .toBe('cancelled');
    await expect
      .poll(
        async () =>
          (
            await apiGet(app.url, token, `/api/orders/${orderId}/timeline`, streamTypes)
          ).entries.map((entry) => entry.type),
        { timeout: 20_000 },
      )
      .toEqual(expect.arrayContaining(['StockReleased', 'AuthorizationVoided']));
    const types = (
      await apiGet(app.url, token, `/api/orders/${orderId}/timeline`, streamTypes)
    ).entries.map((entry) => entry.type);
    expect(types).not.toContain('PaymentCaptured');
    await page.getByText('Stock released').first().waitFor();
    await petra.snap('cancelled');
    expect(petra.problems).toEqual([]);
  }, 120_000);

  it('an operator sees a declined payment waiting for a retry, with its deadline, and is offered only the payment to retry', async () => {
    const token = await devToken(app.url, 'declined-dan', 'customer');
    const orderId = await placeOrder(app.url, token, [{ sku: 'SKU-2', quantity: 1 }]);
    const olga = await open('declined payment', 'olga');
    const { page } = olga;
    await signIn(olga, app.url, 'olga', 'operator');
    await page.goto(`${app.url}/orders/${orderId}`);
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Payment authorized (needs attention)' })
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('order-waiting').textContent())
      .toMatch(/Payment declined: waiting for a retry until .+, then the order is rejected\./);
    const offered = await page.locator('#retry-step option').allTextContents();
    expect(offered).toEqual(['Payment']);
    await olga.snap('declined');

    // The orders list, filtered on what needs attention, holds it with its deadline.
    await page.goto(`${app.url}/orders`);
    await page.getByLabel('Needs attention').check();
    await page
      .getByRole('button', { name: /apply|filter|search/i })
      .first()
      .click();
    await page.waitForURL(/needsAttention=true/);
    const row = page.getByRole('row').filter({ has: page.locator(`a[title="${orderId}"]`) });
    await expect
      .poll(() => row.textContent(), { timeout: 20_000 })
      .toMatch(/Payment declined · retry by/);
    await olga.snap('needs attention');

    // At 360 px the filters beyond search fold behind a button, so the list is on the first screen.
    const narrow = await open('declined payment, narrow', 'olga', 360);
    await signIn(narrow, app.url, 'olga', 'operator');
    await narrow.page.goto(`${app.url}/orders`);
    const attention = narrow.page.getByLabel('Needs attention');
    // The fold comes with the page's script: its button shows once hydrated.
    const more = narrow.page.getByRole('button', { name: 'More filters' });
    await more.waitFor();
    expect(await attention.isVisible()).toBe(false);
    await more.click();
    await attention.check();
    await narrow.page.getByRole('button', { name: 'Apply' }).click();
    await narrow.page.waitForURL(/needsAttention=true/);
    await narrow.snap('needs attention');
    expect(narrow.problems).toEqual([]);
    expect(olga.problems).toEqual([]);
  }, 120_000);
});
