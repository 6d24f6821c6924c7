import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// A customer's order from the catalog to confirmed, its audit, and its privacy — through the UI
// as `npm start` serves it, in Debian's chromium.

let app: RunningApp;
let orderId = '';
const sessions: BrowserSession[] = [];
const open = async (test: string, who: string) => {
  const session = await openBrowser(test, who);
  sessions.push(session);
  return session;
};

beforeAll(async () => {
  // The payment provider answers after 2 s, so the order is still placed when its page shows.
  app = await startApp('order-journey', { PAYMENT_LATENCY_MS: '2000' });
});
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

describe('the order journey', () => {
  it('a customer places an order from the catalog and watches it reach confirmed without reloading', async () => {
    const carol = await open('customer places an order', 'carol');
    const { page } = carol;
    await signIn(carol, app.url, 'carol', 'customer');
    await carol.snap('orders');

    await page.getByRole('link', { name: 'New order' }).first().click();
    await page.waitForURL(/\/orders\/new$/);
    await page.getByLabel('Quantity of Espresso beans, 1 kg').fill('2');
    await page.getByLabel('Quantity of Paper filters, pack of 100').fill('1');
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('€44.97');
    await carol.snap('new order');

    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}/);
    orderId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const status = page.getByTestId('order-status').locator('[data-status]');
    expect(await status.getAttribute('data-status')).toBe('placed');
    await carol.snap('order placed');

    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => {
      document.documentElement.dataset.e2eSameDocument = 'yes';
    });
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Confirmed (done)' })
      .waitFor({ timeout: 30_000 });
    expect(['confirmed', 'shipped', 'delivered']).toContain(
      await status.getAttribute('data-status'),
    );
    expect(await page.evaluate(() => document.documentElement.dataset.e2eSameDocument)).toBe('yes');
    await expect
      .poll(() => page.locator('[data-event-type="PaymentAuthorized"]').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    await carol.snap('order confirmed live');
    expect(carol.problems).toEqual([]);
  });

  it('an auditor steps through that order’s history and sees the state after each event', async () => {
    expect(orderId).not.toBe('');
    const token = await devToken(app.url, 'audrey', 'auditor');
    // The auditor reads the history once it is complete, so it does not grow meanwhile: delivered,
    // and the same length twice half a second apart (the saga records its end after delivery).
    const history = z.object({
      events: z.array(
        z.object({
          type: z.string(),
          stateAfter: z.object({ order: z.object({ status: z.string() }).nullable() }),
        }),
      ),
    });
    let seen = -1;
    await expect
      .poll(
        async () => {
          const read = await apiGet(app.url, token, `/api/orders/${orderId}/history`, history);
          const settled =
            read.events.length === seen && read.events.at(-1)?.stateAfter.order?.status;
          seen = read.events.length;
          return settled;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('delivered');
    const { events } = await apiGet(app.url, token, `/api/orders/${orderId}/history`, history);

    const audrey = await open('auditor steps through the history', 'audrey');
    const { page } = audrey;
    await signIn(audrey, app.url, 'audrey', 'auditor');
    await page.goto(`${app.url}/orders/${orderId}/audit`);
    const position = page.getByTestId('audit-position');
    const stateAfter = page.getByTestId('state-after').locator('[data-status]');
    await expect.poll(() => position.textContent()).toBe(`Event 1 of ${events.length}`);
    await audrey.snap('first event');

    // Arrow keys on the page step one event at a time; the state after each matches the log.
    for (const [index, event] of events.entries()) {
      await expect
        .poll(() => position.textContent())
        .toBe(`Event ${index + 1} of ${events.length}`);
      expect(await stateAfter.getAttribute('data-status')).toBe(event.stateAfter.order?.status);
      if (event.type === 'OrderConfirmed') await audrey.snap('order confirmed event');
      await page.keyboard.press('ArrowRight');
    }
    await audrey.snap('last event');

    // The slider: Home goes back to the first event.
    await page.getByRole('slider', { name: 'Event' }).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => position.textContent()).toBe(`Event 1 of ${events.length}`);
    expect(await stateAfter.getAttribute('data-status')).toBe('placed');
    await audrey.snap('back to the first event');
    expect(audrey.problems).toEqual([]);
  });

  it('a customer cannot open another customer’s order', async () => {
    expect(orderId).not.toBe('');
    const mallory = await open('customer cannot open another customer order', 'mallory');
    const { page } = mallory;
    await signIn(mallory, app.url, 'mallory', 'customer');
    mallory.expectStatus(new RegExp(`^/orders/${orderId}(/audit)?$`), 404);
    mallory.expectStatus(new RegExp(`^/orders/${orderId}/audit$`), 403);

    const response = await page.goto(`${app.url}/orders/${orderId}`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.textContent('main')).not.toContain('carol');
    await mallory.snap('order not found');

    const audit = await page.goto(`${app.url}/orders/${orderId}/audit`);
    expect(audit?.status()).toBe(403);
    await mallory.snap('audit refused');
    expect(mallory.problems).toEqual([]);
  });
});
