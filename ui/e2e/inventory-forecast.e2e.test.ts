import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiGet, devToken } from './harness/api.ts';
import { repoRoot, resultsDir, startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// The inventory page over a seeded history (600 orders of 40 products over 120 days, ending
// now; a small catalog keeps the page small for axe, and its best seller sells most days): a
// sku's Forecast link draws its sold days, the forecast line and the 80% and 95% bands, with the
// stock advice in words beside it, for 7 and 30 days, and the page passes axe at 1366 and 360 px.
// The app rebuilds its read models from the whole log before it is ready, and 1,500 orders only
// made the seeding and that start slower.

let app: RunningApp;
let dataDir: string;
let sku: string;
const sessions: BrowserSession[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-forecast-'));
  const { EVENTSTORE_CONNECTION_STRING: _unused, ...env } = process.env;
  const seeded = spawnSync(
    process.execPath,
    [
      ...['scripts/seed.ts', '--orders', '600', '--days', '120', '--seed', '7'],
      ...['--products', '40', '--data-dir', dataDir],
    ],
    { cwd: repoRoot, encoding: 'utf8', env },
  );
  if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stdout}${seeded.stderr}`);
  app = await startApp('forecast', { DATA_DIR: dataDir });
  // The read models are rebuilt from the log at start: wait for the best seller of 90 days.
  const token = await devToken(app.url, 'ada', 'admin');
  const products = z.object({
    current: z.object({ top: z.object({ byUnits: z.array(z.object({ sku: z.string() })) }) }),
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await apiGet(app.url, token, '/api/analytics/products?limit=1', products);
    const best = answer.current.top.byUnits[0]?.sku;
    if (best !== undefined) {
      sku = best;
      break;
    }
    if (Date.now() > deadline) throw new Error('the analytics read models never caught up');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 240_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('inventory: demand forecast', () => {
  it('a sku’s Forecast link draws its band and says the advice in words, for 7 and 30 days; accessible at 1366 and 360 px', async () => {
    const ada = await openBrowser('forecast', 'ada', { width: 1366, height: 900 });
    sessions.push(ada);
    const { page } = ada;
    await signIn(ada, app.url, 'ada', 'admin');
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('heading', { name: 'Inventory', level: 1 }).waitFor();
    await page.getByRole('link', { name: `Forecast of ${sku}`, exact: true }).click();
    await page.waitForURL(new RegExp(`forecast=${sku}&horizon=7$`));

    const chart = page.locator('figure[data-chart="forecast"]');
    await chart.waitFor();
    expect(await chart.locator('svg polygon.band95').count()).toBe(1);
    expect(await chart.locator('svg polygon.band80').count()).toBe(1);
    expect(await chart.locator('svg polyline.forecast').count()).toBe(1);
    expect(await chart.locator('svg rect.bar').count()).toBe(56);
    expect(await chart.locator('details table tbody tr').count()).toBe(7);
    const summary = page.getByTestId('forecast-summary');
    await summary.getByText(/units over the next 7 days/).waitFor();
    await summary.getByText(/reorder point \d+ for a 7-day lead time/).waitFor();

    const href = await chart.getByRole('link', { name: /as CSV$/ }).getAttribute('href');
    const csv = await page.context().request.get(new URL(href ?? '', page.url()).href);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toBe('day,kind,units,lo80,hi80,lo95,hi95');

    await page.getByRole('link', { name: '30 days' }).click();
    await page.waitForURL(/horizon=30$/);
    await expect
      .poll(() => chart.locator('details table tbody tr').count(), { timeout: 30_000 })
      .toBe(30);

    for (const width of [1366, 360]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await seriousViolations(page), `${width}`).toEqual([]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${width}: wider than the screen`).toBeLessThanOrEqual(0);
      await page
        .locator('section.forecast')
        .screenshot({ path: join(resultsDir, 'screenshots', 'forecast', `chart-${width}.png`) });
    }
  }, 300_000);
});
