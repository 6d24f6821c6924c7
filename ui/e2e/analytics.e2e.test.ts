import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken } from './harness/api.ts';
import { repoRoot, startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// The analytics pages over a seeded history (npm run seed: 500 orders over 120 days), as
// `npm start` serves it: every chart renders with its table and CSV, the range and compare mode
// change the figures, a category drills down to its products, and every page passes axe and
// stays within the screen at 1366 and 360 px in both themes. The app rebuilds its read models
// from the whole log before it is ready: 1,500 orders only made seeding and that start slower.

let app: RunningApp;
let dataDir: string;
const sessions: BrowserSession[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-analytics-'));
  const { EVENTSTORE_CONNECTION_STRING: _unused, ...env } = process.env;
  const seeded = spawnSync(
    process.execPath,
    ['scripts/seed.ts', '--orders', '500', '--days', '120', '--seed', '7', '--data-dir', dataDir],
    { cwd: repoRoot, encoding: 'utf8', env },
  );
  if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stdout}${seeded.stderr}`);
  app = await startApp('analytics', { DATA_DIR: dataDir });
  // The read models are rebuilt from the log at start: wait until the last 30 days have orders.
  const token = await devToken(app.url, 'ada', 'admin');
  const summary = z.object({ metrics: z.object({ orders: z.object({ value: z.number() }) }) });
  const deadline = Date.now() + 60_000;
  while (
    (await apiGet(app.url, token, '/api/analytics/summary', summary)).metrics.orders.value === 0
  ) {
    if (Date.now() > deadline) throw new Error('the analytics read models never caught up');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 240_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every chart on the page drawn, with a table of its numbers and a CSV link. */
const expectCharts = async (page: Page, count: number) => {
  const charts = page.locator('figure[data-chart]');
  await expect.poll(() => charts.count()).toBe(count);
  for (const chart of await charts.all()) {
    expect(await chart.locator('svg, ul.hbars li, .heatmap .cell').count()).toBeGreaterThan(0);
    expect(await chart.locator('details table tbody tr').count()).toBeGreaterThan(0);
    expect(await chart.getByRole('link', { name: /as CSV$/ }).getAttribute('href')).toMatch(
      /\/analytics\/export\?/,
    );
  }
};

/** axe and the screen's width, at both widths in both themes, with a screenshot of each. */
const everyWayRound = async (session: BrowserSession, name: string) => {
  const { page } = session;
  for (const [width, scheme] of [
    [1366, 'light'],
    [1366, 'dark'],
    [360, 'light'],
    [360, 'dark'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), `${name} ${width} ${scheme}`).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, `${name} ${width} ${scheme}: wider than the screen`).toBeLessThanOrEqual(0);
    await session.snap(`${name} ${width} ${scheme}`);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
};

describe('analytics', () => {
  it('every page draws its charts; range, compare and drill-down change what is shown; accessible at 1366 and 360 px in both themes', async () => {
    const ada = await openBrowser('analytics', 'ada', { width: 1366, height: 900 });
    sessions.push(ada);
    const { page } = ada;
    await signIn(ada, app.url, 'ada', 'admin');
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL(/\/analytics$/);
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    const orders = page.locator('[data-metric="Orders"] [data-value]');
    const thirty = await orders.textContent();
    expect(await page.locator('article[data-metric]').count()).toBe(6);
    await expectCharts(page, 1);

    // Ninety days hold more orders than thirty.
    await page.getByLabel('Range', { exact: true }).selectOption('90');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url()).toMatch(/\/analytics\?range=90$/);
    await expect.poll(() => orders.textContent()).not.toBe(thirty);
    const ninety = Number((await orders.textContent())?.replace(/\D/g, ''));
    expect(ninety).toBeGreaterThan(Number(thirty?.replace(/\D/g, '')));

    // Compared with the ninety days before: each figure says how it changed.
    await page.getByLabel('Compare with the previous period').check();
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url()).toMatch(/\/analytics\?range=90&compare=previous$/);
    await page
      .locator('[data-metric="Orders"]')
      .getByText(/on the previous period|was .* before/)
      .waitFor();
    await page.getByText('Previous period').first().waitFor();
    await everyWayRound(ada, 'summary');

    const href = await page.getByRole('link', { name: /as CSV$/ }).getAttribute('href');
    const csv = await page.context().request.get(new URL(href ?? '', page.url()).href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);

    for (const [tab, charts] of [
      ['Sales', 3],
      ['Customers', 3],
      ['Fulfilment', 4],
      ['Products', 4],
    ] as const) {
      await page
        .getByRole('navigation', { name: 'Analytics pages' })
        .getByRole('link', { name: tab })
        .click();
      await expect
        .poll(() => page.url())
        .toContain(`/analytics/${tab.toLowerCase()}?range=90&compare=previous`);
      await expectCharts(page, charts);
      await everyWayRound(ada, tab.toLowerCase());
    }

    // From sales, a category leads to its own products, the range kept.
    await page
      .getByRole('navigation', { name: 'Analytics pages' })
      .getByRole('link', { name: 'Sales' })
      .click();
    const category = page.locator('[data-chart="sales-categories"] ul.hbars a').first();
    const name = (await category.textContent())?.trim() ?? '';
    await category.click();
    await expect
      .poll(() => decodeURIComponent(page.url()).replaceAll('+', ' '))
      .toContain(`/analytics/products?category=${name}&range=90&compare=previous`);
    await expect.poll(() => page.locator('[data-category]').textContent()).toBe(name);
    const notes = await page
      .locator('[data-chart="products-top-revenue"] ul.hbars .note')
      .allTextContents();
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toContain(`· ${name}`);
    await ada.snap('products of one category');

    expect(ada.problems).toEqual([]);
  });
});
