import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// The operators' orders table at volume, as `npm start` serves it: more orders than a page, loaded
// as one scrolls with only the rows in view in the document; sorted by total; searched by a product
// name with a clean address; three orders cancelled in one bulk action, each by the operator.

let app: RunningApp;
const sessions: BrowserSession[] = [];
const placed: { orderId: string; sku: string }[] = [];
const skus = ['SKU-7', 'SKU-3', 'SKU-1', 'SKU-2', 'SKU-9'];
const count = 70;
beforeAll(async () => {
  // Picking takes ten minutes here: every order stays cancellable for the bulk action.
  app = await startApp('orders-volume', {
    WAREHOUSE_PICK_PACK_MS: '600000',
    ORDER_RATE_LIMIT_PER_MINUTE: '0',
  });
  const customer = await devToken(app.url, 'dave', 'customer');
  for (let n = 0; n < count; n++) {
    const sku = skus[n % skus.length] ?? 'SKU-3';
    placed.push({
      orderId: await placeOrder(app.url, customer, [{ sku, quantity: 1 + (n % 3) }]),
      sku,
    });
  }
}, 180_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

const amount = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('orders at volume', () => {
  it('scrolls to every order with few rows in the document, sorts by total, searches by product, and cancels three in bulk; accessible at 1366 and 360 px in both themes', async () => {
    const olga = await openBrowser('orders at volume', 'olga', { width: 1366, height: 900 });
    sessions.push(olga);
    const { page } = olga;
    await signIn(olga, app.url, 'olga', 'operator');
    const rows = page.locator('tbody tr[data-order-id]');
    const caption = page.locator('caption');
    // The first page, or two when the window is tall enough to show the end of the first.
    await expect.poll(() => caption.textContent()).toMatch(/^(25|50) orders loaded/);

    // Scrolling to the end loads the next pages until there are no more.
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 4_000);
          return caption.textContent();
        },
        { timeout: 30_000 },
      )
      .toContain(`${count} orders loaded`);
    await page.getByText(`All ${count} orders shown.`).waitFor();
    expect(await rows.count()).toBeLessThan(count);
    await olga.snap('scrolled to the end');

    // Largest total first, from the column header.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('link', { name: /^Total/ }).click();
    await page.waitForURL(/\/orders\?sort=total%3Adesc$/);
    const totals = (await rows.locator('td.total').allTextContents()).map(amount);
    expect(totals.length).toBeGreaterThan(10);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    // A product's name; the address holds only what was asked.
    await page.getByLabel('Search').fill('decaf');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toMatch(/\/orders\?q=decaf&sort=total%3Adesc$/);
    const decaf = placed.filter((order) => order.sku === 'SKU-7').map((order) => order.orderId);
    await expect.poll(() => rows.count()).toBe(decaf.length);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.orderId)))).toEqual(
      new Set(decaf),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await olga.snap('searched decaf 1366 light');

    // Three selected, cancelled in one go after a confirmation.
    const chosen = await rows.evaluateAll((trs) =>
      trs.slice(0, 3).map((tr) => tr.dataset.orderId ?? ''),
    );
    for (const orderId of chosen)
      await page.locator(`tr[data-order-id="${orderId}"] input[type=checkbox]`).check();
    await page.getByText('3 orders selected').waitFor();
    await page.getByLabel('Reason').fill('supplier recall');
    await page.getByRole('button', { name: 'Cancel…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Really cancel 3 orders?' });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await olga.snap('bulk confirmation');
    await dialog.getByRole('button', { name: 'Yes, go ahead' }).click();
    await page.getByRole('heading', { name: 'Cancel: 3 done' }).waitFor();
    for (const orderId of chosen)
      await page.locator(`tr[data-order-id="${orderId}"] [data-status="cancelled"]`).waitFor();
    await olga.snap('bulk cancelled');

    const token = await devToken(app.url, 'olga', 'operator');
    const historySchema = z.object({
      events: z.array(z.object({ type: z.string(), metadata: z.object({ actor: z.string() }) })),
    });
    for (const orderId of chosen) {
      const history = await apiGet(app.url, token, `/api/orders/${orderId}/history`, historySchema);
      expect(history.events.find((e) => e.type === 'OrderCancelled')?.metadata.actor).toBe('olga');
    }

    for (const [width, scheme] of [
      [1366, 'dark'],
      [360, 'light'],
      [360, 'dark'],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), `${width} ${scheme}`).toEqual([]);
      // Nothing wider than the screen but the table, which scrolls inside its frame.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${width} ${scheme}`).toBeLessThanOrEqual(0);
      await olga.snap(`searched decaf ${width} ${scheme}`);
    }
    expect(olga.problems).toEqual([]);
  });
});
