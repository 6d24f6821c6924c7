import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// Fraud review as `npm start` serves it, with no trained model (the rules score) and the rules'
// own threshold: a customer's burst of orders is held, the riskiest first; a reviewer approves
// one (it goes on to delivery) and rejects another (its stock is released, its payment voided),
// and both decisions are in the order's history with the reviewer.

let app: RunningApp;
const sessions: BrowserSession[] = [];
beforeAll(async () => {
  app = await startApp('fraud-review', { FRAUD_REVIEW_THRESHOLD: '30' });
}, 180_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

const orderSchema = z.object({ status: z.string() });
const timelineSchema = z.object({ entries: z.array(z.object({ type: z.string() })) });
const reviewsSchema = z.object({
  items: z.array(z.object({ orderId: z.string(), score: z.number() })),
});

describe('fraud review', () => {
  it('a burst is held by risk; a reviewer approves one and rejects another, and the audit shows who', async () => {
    const mallory = await devToken(app.url, 'mallory', 'customer');
    const burst: string[] = [];
    for (let n = 0; n < 6; n++)
      burst.push(await placeOrder(app.url, mallory, [{ sku: 'SKU-2', quantity: 1 }]));
    const nina = await devToken(app.url, 'nina', 'customer');
    const single = await placeOrder(app.url, nina, [{ sku: 'SKU-2', quantity: 1 }]);
    const operator = await devToken(app.url, 'rita', 'operator');

    // Held: the third to sixth orders of the burst (two, then three or more, in the last hour),
    // not the first two, and not nina's.
    let held: { orderId: string; score: number }[] = [];
    await expect
      .poll(
        async () => {
          held = (await apiGet(app.url, operator, '/api/fraud/reviews', reviewsSchema)).items;
          return held.length;
        },
        { timeout: 30_000 },
      )
      .toBe(4);
    expect(held.every((item) => burst.includes(item.orderId))).toBe(true);
    await expect
      .poll(
        async () => (await apiGet(app.url, nina, `/api/orders/${single}`, orderSchema)).status,
        { timeout: 30_000 },
      )
      .toBe('delivered');

    const rita = await openBrowser('fraud review', 'rita', { width: 1366, height: 900 });
    sessions.push(rita);
    const { page } = rita;
    await signIn(rita, app.url, 'rita', 'operator');
    await page.getByRole('link', { name: 'Fraud review' }).first().click();
    await page.waitForURL(/\/fraud$/);
    const rows = page.getByTestId('review-queue').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(held.length);
    const risks = (await rows.locator('.risk').allTextContents()).map(Number);
    expect(risks).toEqual(risks.toSorted((a, b) => b - a));
    const detail = page.getByTestId('review-detail');
    await expect
      .poll(() => detail.locator('mark').first().textContent())
      .toMatch(/orders? in the last (hour|24 hours)/);
    // The customer's other orders beside it.
    expect(await detail.locator('.history li').count()).toBeGreaterThanOrEqual(3);
    expect(await seriousViolations(page)).toEqual([]);
    await rita.snap('queue');

    const first = await rows.first().getAttribute('data-order');
    if (first === null) throw new Error('the queue row names no order');
    await page.getByLabel('Reason (kept in the audit trail)').fill('known customer, called her');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'approved' }).waitFor();
    await expect
      .poll(
        async () => (await apiGet(app.url, operator, `/api/orders/${first}`, orderSchema)).status,
        { timeout: 30_000 },
      )
      .toMatch(/confirmed|shipped|delivered/);

    await expect.poll(() => rows.count()).toBe(held.length - 1);
    const second = await rows.first().getAttribute('data-order');
    if (second === null) throw new Error('the queue row names no order');
    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/fraud\?order=/);
    await page.getByLabel('Reason (kept in the audit trail)').fill('card reported stolen');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('status').filter({ hasText: 'rejected' }).waitFor();
    await expect
      .poll(
        async () =>
          (
            await apiGet(app.url, operator, `/api/orders/${second}/timeline`, timelineSchema)
          ).entries.map((entry) => entry.type),
        { timeout: 30_000 },
      )
      .toEqual(expect.arrayContaining(['OrderRejected', 'StockReleased', 'AuthorizationVoided']));
    const past = page.getByTestId('past-reviews');
    await expect
      .poll(() => past.locator(`tr[data-order="${second}"]`).textContent())
      .toMatch(/Rejected.*rita.*card reported stolen/s);
    await rita.snap('decided');

    // The auditor's history of the rejected order names the reviewer and the decision.
    await page.goto(`${app.url}/orders/${second}/audit`);
    const reviewed = page.getByText('RiskReviewed').first();
    await reviewed.waitFor({ timeout: 20_000 });
    await reviewed.click();
    await expect.poll(() => page.locator('main').textContent()).toContain('rita');
    expect(rita.problems).toEqual([]);
  }, 240_000);
});
