import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// "Often bought together" on the new-order page, as `npm start` serves it, in Debian's chromium:
// a pair of products other customers bought together is suggested for a cart holding one of them.

let app: RunningApp;
const sessions: BrowserSession[] = [];
const productsSchema = z.object({
  items: z.array(z.object({ sku: z.string(), name: z.string() })),
});
const suggestionsSchema = z.object({
  items: z.array(z.object({ sku: z.string(), reason: z.string() })),
});
let first = { sku: '', name: '' };
let partner = { sku: '', name: '' };

beforeAll(async () => {
  app = await startApp('recommendations');
  const token = await devToken(app.url, 'bob', 'customer');
  const { items } = await apiGet(app.url, token, '/api/products', productsSchema);
  const [a, , c] = items;
  if (a === undefined || c === undefined) throw new Error('the embedded catalog has no products');
  [first, partner] = [a, c];
  for (let n = 0; n < 3; n++)
    await placeOrder(app.url, token, [
      { sku: first.sku, quantity: 1 },
      { sku: partner.sku, quantity: 1 },
    ]);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await apiGet(
      app.url,
      token,
      `/api/recommendations?sku=${first.sku}`,
      suggestionsSchema,
    );
    if (answer.items[0]?.sku === partner.sku) break;
    if (Date.now() > deadline) throw new Error('the recommendations read model never caught up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

describe('often bought together', () => {
  it('a customer choosing a product is offered what others bought with it, and adds it to the order', async () => {
    const carol = await openBrowser('often bought together', 'carol');
    sessions.push(carol);
    const { page } = carol;
    await signIn(carol, app.url, 'carol', 'customer');
    await page.getByRole('link', { name: 'New order' }).first().click();
    await page.waitForURL(/\/orders\/new$/);
    await page.getByLabel(`Quantity of ${first.name}`).fill('1');

    const together = page.getByRole('region', { name: 'Often bought together' });
    await together.getByText(partner.name).waitFor({ timeout: 10_000 });
    await carol.snap('often bought together');
    const violations = await seriousViolations(page);
    expect(violations).toEqual([]);

    await together.getByRole('button', { name: `Add ${partner.name}` }).click();
    await expect.poll(() => page.getByLabel(`Quantity of ${partner.name}`).inputValue()).toBe('1');
    // Once in the cart, it is no longer suggested.
    await expect.poll(() => together.getByText(partner.name).count()).toBe(0);
    expect(carol.problems).toEqual([]);
  });
});
