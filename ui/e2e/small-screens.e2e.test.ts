import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { devToken, placeOrder } from './harness/api.ts';
import { startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, signIn, type BrowserSession } from './harness/browser.ts';

// Every page of the navigation, inventory, operations, health, order, audit, new-order and
// sign-in screens, as each role that may see it, on a laptop (1366 px) and a phone (360 px), in
// the light and the dark theme: no console error, no failed request, nothing serious or critical
// for axe, nothing wider than the screen outside a labelled scroll region that says it scrolls,
// and a screenshot of each.

let app: RunningApp;
let orderId = '';
const sessions: BrowserSession[] = [];
const widths = [
  { width: 1366, height: 900 },
  { width: 360, height: 800 },
] as const;
const themes = ['light', 'dark'] as const;

beforeAll(async () => {
  app = await startApp('small-screens');
  const customer = await devToken(app.url, 'dave', 'customer');
  orderId = await placeOrder(app.url, customer, [
    { sku: 'SKU-1', quantity: 2 },
    { sku: 'SKU-2', quantity: 1 },
  ]);
}, 300_000);
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await app.stop();
});

/** axe-core's violations of impact serious or critical, as "rule: targets". */
/**
 * What does not fit the screen: the page wider than the window, a control past its edge (unless
 * it sits in a scroll region), a scroll region that scrolls without a name, focus or a visible
 * "scroll →", and a navigation that hides some of its links.
 */
const layoutProblems = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const problems: string[] = [];
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > width) problems.push(`the page is ${root.scrollWidth} px wide`);
    for (const region of document.querySelectorAll<HTMLElement>('[data-scroll-region]')) {
      // A region folded away (a closed <details>) is not seen, so it need not say anything yet.
      if (!region.checkVisibility() || region.scrollWidth <= region.clientWidth) continue;
      const label = region.getAttribute('aria-label') ?? '';
      if (label === '' || region.tabIndex !== 0) problems.push(`unnamed scroll region ${label}`);
      const hint = region.parentElement?.querySelector('.scroll-hint');
      if (hint === null || hint === undefined || hint.getBoundingClientRect().height === 0)
        problems.push(`scroll region "${label}" does not say it scrolls`);
    }
    const controls = document.querySelectorAll('a, button, input, select, textarea, [tabindex]');
    for (const control of controls) {
      if (control.parentElement?.closest('[data-scroll-region]')) continue;
      const box = control.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      if (box.right > width + 0.5 || box.left < -0.5) problems.push(`off-screen: ${name(control)}`);
    }
    for (const nav of document.querySelectorAll('nav')) {
      if (nav.scrollWidth > nav.clientWidth + 1) problems.push('navigation clipped');
    }
    return problems;
  });

const setTheme = async (session: BrowserSession, theme: string) => {
  await session.page
    .context()
    .addCookies([{ name: 'ol_theme', value: theme, url: app.url, sameSite: 'Lax' }]);
};

/** Visits one page and checks it; returns what is wrong, labelled with where. */
const check = async (session: BrowserSession, path: string, where: string): Promise<string[]> => {
  const { page } = session;
  // The order page loads its data again once it has joined the order's live room: leaving before
  // that answer would abort it (the test's doing, not the page's), so the visit waits for it.
  // Only that page: /orders/new joins no room, and waiting for it there sat out the timeout.
  const rejoined =
    path === `/orders/${orderId}`
      ? page
          .waitForResponse(
            (response) => response.url().includes('__data.json?x-sveltekit-invalidated'),
            {
              timeout: 15_000,
            },
          )
          .catch(() => undefined)
      : Promise.resolve();
  await page.goto(`${app.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // Hydrated (SvelteKit adds its route announcer once mounted): scroll hints are measured then.
  await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
  await session.snap(where);
  const found = [...(await layoutProblems(page)), ...(await seriousViolations(page))];
  // A page may be refreshing its data (a live event, the zone cookie): leaving mid-request would
  // abort it, which is the test's doing, not the page's.
  await rejoined;
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  return found.map((problem) => `${where}: ${problem}`);
};

/** Below 640 px the navigation is a menu: it opens, shows every link, and Escape closes it. */
const menuProblems = async (session: BrowserSession, labels: readonly string[]) => {
  const { page } = session;
  const problems: string[] = [];
  const button = page.getByRole('button', { name: 'Menu' });
  if ((await button.getAttribute('aria-expanded')) !== 'false') problems.push('menu not closed');
  if (await page.getByRole('navigation', { name: 'Main' }).isVisible())
    problems.push('navigation shown while folded');
  await button.click();
  if ((await button.getAttribute('aria-expanded')) !== 'true') problems.push('menu not open');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of labels) {
    if (!(await nav.getByRole('link', { name: label }).isVisible()))
      problems.push(`menu lacks ${label}`);
  }
  problems.push(...(await layoutProblems(page)));
  await session.snap('menu open');
  await page.keyboard.press('Escape');
  if ((await button.getAttribute('aria-expanded')) !== 'false')
    problems.push('Escape left it open');
  if (!(await button.evaluate((element) => element === document.activeElement)))
    problems.push('focus not back on the menu button');
  return problems;
};

const roles = [
  {
    role: 'customer',
    name: 'dave',
    nav: ['Orders', 'New order'],
    pages: () => [`/orders/new`, `/orders/${orderId}`],
  },
  {
    role: 'operator',
    name: 'olga',
    nav: ['Orders', 'Inventory', 'Operations', 'System health'],
    pages: () => [
      '/inventory',
      '/operations',
      '/system/health',
      `/orders/${orderId}`,
      `/orders/${orderId}/audit`,
    ],
  },
  {
    role: 'auditor',
    name: 'audrey',
    nav: ['Orders', 'Audit search'],
    pages: () => [`/orders/${orderId}`, `/orders/${orderId}/audit`],
  },
  {
    role: 'admin',
    name: 'ada',
    nav: ['Orders', 'Audit search', 'Inventory', 'Operations', 'System health'],
    pages: () => [
      '/inventory',
      '/operations',
      '/system/health',
      `/orders/${orderId}`,
      `/orders/${orderId}/audit`,
    ],
  },
] as const;

// Concurrent (two at a time, the e2e project's maxConcurrency): each test has a browser of its
// own and only reads, and while one waits on the app or the network the other's axe runs.
describe.concurrent('every page at every width', () => {
  it('the sign-in page fits and passes axe at 1366 and 360 px in both themes', async ({
    expect,
  }) => {
    const problems: string[] = [];
    for (const viewport of widths) {
      for (const theme of themes) {
        const session = await openBrowser('small screens', `guest ${theme}`, viewport);
        sessions.push(session);
        await setTheme(session, theme);
        problems.push(...(await check(session, '/signin', `sign-in ${viewport.width} ${theme}`)));
        problems.push(...session.problems);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  for (const { role, name, nav, pages } of roles) {
    it(`as ${role}: every page fits and passes axe at 1366 and 360 px in both themes`, async ({
      expect,
    }) => {
      const session = await openBrowser('small screens', role, widths[0]);
      sessions.push(session);
      await signIn(session, app.url, name, role);
      const problems: string[] = [];
      const visit = [...pages()];
      if (role === 'admin') {
        await session.page.goto(`${app.url}/operations`);
        const look = session.page.getByRole('link', { name: 'Look' }).first();
        // Links may be relative ("./operations/…"): read as the browser does, from the page.
        const href = (await look.getAttribute('href')) ?? 'subscriptions/missing';
        visit.push(new URL(href, session.page.url()).pathname);
      }
      for (const viewport of widths) {
        await session.page.setViewportSize(viewport);
        for (const theme of themes) {
          await setTheme(session, theme);
          for (const path of visit) {
            problems.push(...(await check(session, path, `${path} ${viewport.width} ${theme}`)));
          }
          const applied = await session.page.evaluate(() => document.documentElement.dataset.theme);
          if (applied !== theme) problems.push(`theme ${theme} shown as ${applied ?? 'none'}`);
        }
        if (viewport.width < 640) problems.push(...(await menuProblems(session, nav)));
      }
      expect(problems).toEqual([]);
      expect(session.problems).toEqual([]);
    }, 600_000);
  }
});
