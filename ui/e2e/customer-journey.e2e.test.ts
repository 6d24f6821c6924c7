import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './harness/app.ts';
import { seriousViolations } from './harness/axe.ts';
import { openBrowser, type BrowserSession } from './harness/browser.ts';

// A customer's own account from sign-up to a second sign-in, in chromium as `npm start` serves
// it: register, add an address, fill a cart, check out to that address, see the order; sign out
// and sign in again with the e-mail and password. Every page of the journey passes axe.

let app: RunningApp;
let session: BrowserSession | undefined;
beforeAll(async () => {
  app = await startApp('customer-journey');
}, 180_000);
afterAll(async () => {
  await session?.close();
  await app.stop();
});

/** What sticks out of a narrow window: the page itself, or a control past its edge. */
const overflow = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width)
      problems.push(`the page is ${String(document.documentElement.scrollWidth)} px wide`);
    for (const control of document.querySelectorAll('main a, main button, main input')) {
      const box = control.getBoundingClientRect();
      if (box.width > 1 && (box.right > width + 0.5 || box.left < -0.5))
        problems.push(`off-screen: ${control.outerHTML.slice(0, 80)}`);
    }
    return problems;
  });

describe('the customer journey', () => {
  it('registers, adds an address, fills a cart, checks out, signs out and signs in again', async () => {
    session = await openBrowser('customer journey', 'dora');
    const { page } = session;
    const email = `dora.${String(Date.now())}@example.com`;
    const password = 'correct horse battery staple';
    const violations: string[] = [];
    const axe = async (where: string) => {
      violations.push(...(await seriousViolations(page)).map((v) => `${where}: ${v}`));
    };

    await page.goto(`${app.url}/signin`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/register$/);
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await axe('register');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Your name').fill('Dora Explorer');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe('Dora Explorer');
    await page.getByLabel('Recipient').fill('Dora Explorer');
    await page.getByLabel('Street and number').fill('12 Rue des Lilas');
    await page.getByLabel('Postal code').fill('75011');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Country code').fill('FR');
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.getByText('12 Rue des Lilas, 75011 Paris, FR').waitFor();
    expect(await page.getByText('Default', { exact: true }).count()).toBe(1);
    // A second address, made the default, and the first removed: checkout offers what is left.
    await page.getByLabel('Recipient').fill('Dora at work');
    await page.getByLabel('Street and number').fill('3 Quai Voltaire');
    await page.getByLabel('Postal code').fill('75007');
    await page.getByLabel('City').fill('Paris');
    await page.getByLabel('Country code').fill('FR');
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.getByRole('button', { name: 'Make default: 3 Quai Voltaire' }).click();
    await page.getByRole('button', { name: 'Make default: 12 Rue des Lilas' }).waitFor();
    await page.getByRole('button', { name: 'Remove: 12 Rue des Lilas' }).click();
    await expect.poll(() => page.getByText('12 Rue des Lilas').count()).toBe(0);
    await page.getByText('3 Quai Voltaire, 75007 Paris, FR').waitFor();
    await axe('account');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflow(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 860 });
    await session.snap('account with an address');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Cart' })
      .click();
    await page.waitForURL(/\/cart$/);
    await page.getByText('Your cart is empty').waitFor();
    await page.getByRole('button', { name: 'Add to cart: Espresso beans, 1 kg' }).click();
    await page.getByRole('spinbutton', { name: 'Quantity of Espresso beans, 1 kg' }).waitFor();
    // The rest from the new-order page's catalog, which can fill the cart too.
    await page.getByRole('link', { name: 'New order' }).first().click();
    await page.waitForURL(/\/orders\/new$/);
    await page.getByLabel('Quantity of Paper filters, pack of 100').fill('1');
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await page.waitForURL(/\/cart$/);
    await page
      .getByRole('spinbutton', { name: 'Quantity of Paper filters, pack of 100' })
      .waitFor();
    await page.getByRole('spinbutton', { name: 'Quantity of Espresso beans, 1 kg' }).fill('2');
    await page.getByRole('button', { name: 'Update the quantity of Espresso beans, 1 kg' }).click();
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('€44.97');
    await axe('cart');
    await session.snap('cart');
    // On a phone the cart and the account still fit the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflow(page)).toEqual([]);
    await session.snap('cart at 360 px');
    await page.setViewportSize({ width: 1280, height: 860 });

    expect(await page.getByRole('radio', { name: /3 Quai Voltaire/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /^Standard/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /^Express/ }).check();
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByTestId('order-status').waitFor();
    await expect.poll(() => page.getByText('€44.97').first().isVisible()).toBe(true);
    // The order ships where the customer chose, as fast as they chose.
    expect(await page.getByTestId('ship-to').textContent()).toMatch(/3 Quai Voltaire/);
    expect(await page.getByTestId('service-level').textContent()).toBe('Express');
    await session.snap('order page');
    // Shipped within seconds here: the carrier's estimate is on the order page, and the e-mails
    // that would have gone out are in the embedded mailbox.
    const orderUrl = page.url();
    await expect
      .poll(
        async () => {
          await page.goto(orderUrl);
          return page.getByText(/Expected delivery|Was expected/).count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    await session.snap('order with its estimate');
    await page.goto(`${app.url}/mailbox`);
    const mails = page.getByTestId('mail');
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await mails.allTextContents()).join(' ');
        },
        { timeout: 30_000 },
      )
      .toMatch(/is on its way/);
    expect((await mails.allTextContents()).join(' ')).toMatch(/is confirmed/);
    violations.push(...(await seriousViolations(page)).map((v) => `mailbox: ${v}`));
    await session.snap('mailbox');

    // The cart is empty after checkout.
    await page.goto(`${app.url}/cart`);
    await page.getByText('Your cart is empty').waitFor();

    await page.goto(`${app.url}/account`);
    await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/orders$/);
    await page.getByRole('link', { name: 'Account' }).first().click();
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe('Dora Explorer');

    expect(violations).toEqual([]);
    expect(session.problems).toEqual([]);
  }, 90_000);
});
