import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The UI's session cookie on the running app (API and UI on one port): Secure when the request
// came over https, which behind a TLS-terminating proxy only TRUST_PROXY lets the app know; and
// signing out in the UI revokes the token at the API, not only the cookie.
if (!existsSync(new URL('../ui/build/handler.js', import.meta.url)))
  throw new Error('these tests sign in through the UI: run `npm run build:ui` first');

let plain: TestApi;
let proxied: TestApi;
beforeAll(async () => {
  [plain, proxied] = await Promise.all([
    startTestApi(),
    startTestApi({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain.stop(), proxied.stop()]);
});

/** A UI form, posted as a browser without JavaScript posts it (answered with a redirect). */
const postForm = (
  api: TestApi,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) =>
  fetch(`${api.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      origin: `http://${new URL(api.url).host}`,
      ...headers,
    },
    body: new URLSearchParams(form),
  });

/** Sign-in as a browser behind a TLS-terminating proxy sends it (the token form's action). */
const signInBehindProxy = async (api: TestApi, origin: string) =>
  postForm(
    api,
    '/signin?/token',
    { token: await api.token('proxied-alice', 'customer') },
    { origin, 'x-forwarded-proto': 'https' },
  );

const sessionCookie = (response: Response): string | undefined =>
  response.headers.getSetCookie().find((cookie) => cookie.startsWith('ol_session='));

describe('TRUST_PROXY and the session cookie', () => {
  it('given it names the proxy, when the proxy says https, then the session cookie is Secure', async () => {
    const response = await signInBehindProxy(proxied, `https://${new URL(proxied.url).host}`);
    expect(response.status).toBe(303);
    expect(sessionCookie(response)).toMatch(/; Secure/i);
    expect(sessionCookie(response)).toMatch(/; HttpOnly/i);
  });

  it('given it is off, then X-Forwarded-Proto is ignored: the request is http, the cookie not Secure', async () => {
    const host = new URL(plain.url).host;
    const response = await signInBehindProxy(plain, `http://${host}`);
    expect(response.status).toBe(303);
    expect(sessionCookie(response)).toBeDefined();
    expect(sessionCookie(response)).not.toMatch(/; Secure/i);
    // A page claiming https is another origin to an http app: SvelteKit refuses its form post.
    expect((await signInBehindProxy(plain, `https://${host}`)).status).toBe(403);
  });
});

describe("the UI's sign-out", () => {
  it('given a session in use, when its holder signs out, then the cookie is cleared and the token is refused by the API and the UI', async () => {
    const token = await plain.token('ui-bob', 'customer');
    const cookie = { cookie: `ol_session=${token}` };
    const page = (path: string) =>
      fetch(`${plain.url}${path}`, { redirect: 'manual', headers: cookie });
    expect((await page('/orders')).status).toBe(200);

    const response = await postForm(plain, '/signout', {}, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin');
    expect(sessionCookie(response)).toMatch(/^ol_session=;/);

    expect((await plain.request('/api/orders', { token })).status).toBe(401);
    // Within the UI's 5 s cache of who a token is: the sign-out forgot it.
    const again = await page('/orders');
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toMatch(/^\/signin/);
  });
});
