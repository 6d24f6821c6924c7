import { z } from 'zod';

// The test's own HTTP client: another client of the same API, used to set up data and to know
// what the UI should show.

const tokenSchema = z.object({ token: z.string() });

export const devToken = async (url: string, sub: string, role: string): Promise<string> => {
  const response = await fetch(`${url}/api/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, roles: [role] }),
  });
  if (!response.ok) throw new Error(`dev-token: ${response.status}`);
  return tokenSchema.parse(await response.json()).token;
};

export const apiGet = async <T>(url: string, token: string, path: string, schema: z.ZodType<T>) => {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return schema.parse(await response.json());
};

export const placeOrder = async (
  url: string,
  token: string,
  lines: readonly { sku: string; quantity: number }[],
): Promise<string> => {
  const response = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ lines }),
  });
  if (response.status !== 202) throw new Error(`POST /api/orders: ${response.status}`);
  return z.object({ orderId: z.string() }).parse(await response.json()).orderId;
};
