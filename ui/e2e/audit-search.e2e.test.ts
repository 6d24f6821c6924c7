import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// The auditor's cross-order search, through the UI as `npm start` serves it: an operator cancels
// orders over the API, the auditor finds them by actor and type, exports them, follows a row to
// the order's history, and the page passes axe (nothing serious or critical) at 1366 and 360 px.

let app: RunningApp;
const sessions: BrowserSession[] = [];
const cancelled: string[] = [];
const pageSchema = z.object({
  items: z.array(z.object({ eventId: z.string(), orderId: z.string().nullable() })),
  next: z.string().nullable(),
});

beforeAll(async () => {
  // The payment provider answers after a second, so the orders are still cancellable.
  app = await startApp('audit-search', { PAYMENT_LATENCY_MS: '1000' });
  const customer = await devToken(app.url, 'dave', 'customer');
  const operator = await devToken(app.url, 'olga', 'operator');
  for (let i = 0; i < 5; i++) {
    const orderId = await placeOrder(app.url, customer, [{ sku: 'SKU-1', quantity: 1 }]);
    if (i % 2 === 1) continue;
    const response = await fetch(`${app.url}/api/orders/${orderId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      body: JSON.stringify({ reason: 'customer called' }),
    });
    expect(response.status).toBe(202);
    cancelled.push(orderId);
  }
}, 180_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

/** axe-core's violations of impact serious or critical, as "rule: targets". */
describe('audit search', () => {
  it('an auditor finds an operator’s cancellations across orders, exports them and opens a history; readable and accessible at 1366 and 360 px', async () => {
    const token = await devToken(app.url, 'audrey', 'auditor');
    // More than a page of events once the saga has worked on the orders: "Load more" has more.
    await expect
      .poll(
        async () =>
          (await apiGet(app.url, token, '/api/audit/events?limit=50', pageSchema)).next !== null,
        { timeout: 30_000 },
      )
      .toBe(true);
    const olgas = await apiGet(
      app.url,
      token,
      '/api/audit/events?actor=olga&type=OrderCancelled',
      pageSchema,
    );
    expect(olgas.items.map((e) => e.orderId)).toEqual(cancelled);

    const audrey = await openBrowser('audit search', 'audrey', { width: 1366, height: 900 });
    sessions.push(audrey);
    const { page } = audrey;
    await signIn(audrey, app.url, 'audrey', 'auditor');
    await page.getByRole('link', { name: 'Audit search' }).click();
    await page.waitForURL(/\/audit$/);
    await page.getByRole('heading', { name: 'Audit search', level: 1 }).waitFor();
    const rows = page.locator('tr[data-event-id]');
    expect(await rows.count()).toBe(50);
    await page.getByRole('link', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(50);
    expect(page.url()).toMatch(/\/audit$/);

    await page.getByLabel('Actor').fill('olga');
    await page.getByLabel('Event type').selectOption('OrderCancelled');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/actor=olga/);
    await expect.poll(() => rows.count()).toBe(cancelled.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.eventId))).toEqual(
      olgas.items.map((e) => e.eventId),
    );
    expect(await rows.first().textContent()).toContain('Order cancelled by olga: customer called');
    expect(await page.getByTestId('audit-filtering').textContent()).toContain(
      'Filtered by the event store: event type. Then by the API on what it sent: actor.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await audrey.snap('olga cancellations 1366');

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await page.context().request.get(`${app.url}${href ?? ''}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^position,occurredAt,recordedAt,stream,/);
    expect(lines.slice(1).map((line) => line.split(',').at(-1))).toEqual(
      olgas.items.map((e) => e.eventId),
    );

    const jsonHref = await page.getByRole('link', { name: 'Export JSON' }).getAttribute('href');
    const exported = await page.context().request.get(`${app.url}${jsonHref ?? ''}`);
    expect(
      z
        .array(z.object({ eventId: z.string() }))
        .parse(await exported.json())
        .map((e) => e.eventId),
    ).toEqual(olgas.items.map((e) => e.eventId));

    await page.setViewportSize({ width: 360, height: 800 });
    await audrey.snap('olga cancellations 360');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    expect(await seriousViolations(page)).toEqual([]);

    await rows
      .first()
      .getByRole('link', { name: /^History/ })
      .click();
    await page.waitForURL(new RegExp(`/orders/${cancelled[0] ?? ''}/audit$`));
    await audrey.snap('order history from the search');
    expect(audrey.problems).toEqual([]);
  });

  it('is not offered to operators, and refused to customers', async () => {
    const olga = await openBrowser('audit search refused', 'olga');
    sessions.push(olga);
    await signIn(olga, app.url, 'olga', 'operator');
    expect(await olga.page.getByRole('link', { name: 'Audit search' }).count()).toBe(0);
    const dave = await openBrowser('audit search refused', 'dave');
    sessions.push(dave);
    dave.expectStatus(/^\/audit$/, 403);
    await signIn(dave, app.url, 'dave', 'customer');
    const response = await dave.page.goto(`${app.url}/audit`);
    expect(response?.status()).toBe(403);
    expect(dave.problems).toEqual([]);
    expect(olga.problems).toEqual([]);
  });
});
