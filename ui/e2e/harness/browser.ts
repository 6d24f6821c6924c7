import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { resultsDir } from './app.ts';

// Debian's chromium, never a downloaded browser; every session gets a fresh profile directory.
const chromiumPath = '/usr/bin/chromium';
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  readonly page: Page;
  /** Console errors, page errors, failed requests and unexpected HTTP errors, as they happen. */
  readonly problems: readonly string[];
  /** A response with this status is part of the test (e.g. a 404 page), not a problem. */
  expectStatus(path: RegExp, status: number): void;
  /** Saves a full-page screenshot under test-results/screenshots/<test>/. */
  snap(label: string): Promise<void>;
  close(): Promise<void>;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

export const openBrowser = async (
  test: string,
  who: string,
  viewport = { width: 1280, height: 860 },
): Promise<BrowserSession> => {
  const profile = await mkdtemp(join(tmpdir(), 'order-ledger-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport,
    timezoneId: 'Europe/Amsterdam',
    locale: 'en-GB',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const expected: { path: RegExp; status: number }[] = [];
  const responded = new WeakMap<object, number>();
  const isExpected = (url: string, status: number) =>
    expected.some((entry) => entry.status === status && entry.path.test(new URL(url).pathname));

  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    if (status !== undefined && url !== '' && isExpected(url, Number(status))) return;
    problems.push(`console error: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // ERR_ABORTED is the browser cancelling, never the server failing: a body the page already
    // has its answer from (SvelteKit's __data.json), or a module preload a navigation cut short
    // (CI saw /_app/immutable/nodes/3.js cancelled as the test moved on). A GET the server
    // answered badly is caught by its status; one it never answered fails with a reset, a refused
    // connection or an empty response, and those stay failures.
    if (reason === 'net::ERR_ABORTED' && request.method() === 'GET') {
      const answered = responded.get(request);
      if (answered === undefined || answered < 400) return;
    }
    problems.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    responded.set(response.request(), response.status());
    if (response.status() >= 400 && !isExpected(response.url(), response.status())) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });

  const folder = join(resultsDir, 'screenshots', slug(test));
  await mkdir(folder, { recursive: true });
  let shot = 0;

  return {
    page,
    problems,
    expectStatus: (path, status) => {
      expected.push({ path, status });
    },
    snap: async (label) => {
      shot++;
      const name = `${String(shot).padStart(2, '0')}-${slug(who)}-${slug(label)}.png`;
      await page.screenshot({ path: join(folder, name), fullPage: true });
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
};

/** Signs in through the sign-in page (embedded mode: a name and a role). */
export const signIn = async (session: BrowserSession, url: string, name: string, role: string) => {
  const { page } = session;
  await page.goto(`${url}/`);
  await page.waitForURL(/\/signin/);
  await session.snap('sign-in');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('radio', { name: new RegExp(role, 'i') }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/orders$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
};
