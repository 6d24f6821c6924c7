import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Headers on the answers of the running app (API and UI on one port). HSTS only over https, which
// behind a TLS-terminating proxy only TRUST_PROXY lets the app know.
if (!existsSync(new URL('../ui/build/handler.js', import.meta.url)))
  throw new Error('these tests read UI pages: run `npm run build:ui` first');

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

describe('HSTS', () => {
  it('is sent on https answers only, and a client cannot claim https by itself', async () => {
    const https = { headers: { 'x-forwarded-proto': 'https' } };
    expect((await proxied.request('/health', https)).headers.get('strict-transport-security')).toBe(
      'max-age=31536000',
    );
    expect((await proxied.request('/health')).headers.get('strict-transport-security')).toBeNull();
    expect(
      (await plain.request('/health', https)).headers.get('strict-transport-security'),
    ).toBeNull();
  });
});

describe('security headers', () => {
  const common = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  const headersOf = (response: Response, names: readonly string[]) =>
    Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));

  it('API answers, refusals included, forbid sniffing, framing and loading anything', async () => {
    const token = await plain.token('headers-op', 'operator');
    for (const response of [
      await plain.request('/api/orders', { token }),
      await plain.request('/api/orders'),
      await plain.request('/api/no-such-route'),
      await plain.request('/health'),
    ]) {
      expect(headersOf(response, [...Object.keys(common), 'content-security-policy'])).toEqual({
        ...common,
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      });
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it("UI pages carry the same headers and SvelteKit's own CSP, with a nonce for its start-up script", async () => {
    const response = await plain.request('/signin');
    expect(response.status).toBe(200);
    expect(headersOf(response, Object.keys(common))).toEqual(common);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("default-src 'none'");
    const nonce = /'nonce-([\w+/=]+)'/.exec(csp)?.[1];
    expect(await response.text()).toContain(`nonce="${nonce ?? 'missing'}"`);
  });
});
