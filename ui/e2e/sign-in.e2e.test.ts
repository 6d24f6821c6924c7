import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './harness/app.ts';
import { openBrowser, type BrowserSession } from './harness/browser.ts';

// On a loaded machine a person types before the page's scripts have run. Hydration must keep what
// they typed and chose; the test holds the scripts back until the form is filled, so the race the
// person meets by chance happens every time here.

let app: RunningApp;
let session: BrowserSession | undefined;

beforeAll(async () => {
  app = await startApp('sign-in');
}, 180_000);
afterAll(async () => {
  await session?.close();
  await app.stop();
});

describe('sign-in form', () => {
  it('given a name typed and a role chosen before hydration, when the scripts run, then both are kept and the sign-in uses them', async () => {
    session = await openBrowser('sign-in', 'newcomer');
    const { page } = session;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await held;
      await route.continue();
    });

    await page.goto(`${app.url}/signin`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('Name').fill('patient-olga');
    await page.getByRole('radio', { name: /operator/i }).check();
    release();
    // Hydrated: SvelteKit's root adds its route announcer once mounted, after hydration.
    await page.locator('#svelte-announcer').waitFor({ state: 'attached' });

    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('patient-olga');
    expect(await page.getByRole('radio', { name: /operator/i }).isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orders$/);
    await expect.poll(() => page.getByText('patient-olga').first().isVisible()).toBe(true);
    expect(session.problems).toEqual([]);
  }, 120_000);
});
