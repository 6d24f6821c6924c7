import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  freePort,
  placeOrder,
  startApp,
  stopApps,
  type AppChild,
} from './testing/app-processes.ts';

// Issue 10: after `kill -9` of `npm start`'s process group, starting it again at once must work,
// and keep every order it had accepted. Embedded mode, the way a newcomer runs it.
const ROUNDS = 10;
const PLACERS = 3;
/** Orders each placer has accepted before the kill, so that it lands mid-placing. */
const ACCEPTED_BEFORE_KILL = 2;

const tokenBody = z.object({ token: z.string().min(1) });
const orderBody = z.object({ orderId: z.string(), customerId: z.string() });

let dataDir: string;
let app: AppChild | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-crash-restart-'));
});
afterAll(async () => {
  await stopApps([app]);
  await rm(dataDir, { recursive: true, force: true });
});

const devToken = async (running: AppChild): Promise<string> => {
  const response = await running.request('/api/auth/dev-token', {
    json: { sub: 'crash-restart', roles: ['customer'] },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return tokenBody.parse(await response.json()).token;
};

/** Every accepted order is served as it was placed. */
const expectOrders = async (running: AppChild, token: string, orderIds: readonly string[]) => {
  for (const orderId of orderIds) {
    const response = await running.request(`/api/orders/${orderId}`, { token });
    expect(response.status, `GET /api/orders/${orderId}`).toBe(200);
    expect(orderBody.parse(await response.json())).toEqual({
      orderId,
      customerId: 'crash-restart',
    });
  }
};

/** Places orders one after another until one is not accepted (the kill); returns why it stopped. */
const placeUntilRefused = async (running: AppChild, token: string, accepted: string[]) => {
  for (let n = 0; ; n++) {
    try {
      accepted.push(await placeOrder(running, token, [{ sku: `SKU-${1 + (n % 4)}`, quantity: 1 }]));
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
};

describe('the product in embedded mode: kill -9 and restart at once', () => {
  test(`${ROUNDS} times: npm start's process group is killed while orders are placed and started again at once; each start is ready and keeps every accepted order`, async () => {
    app = await startApp({
      role: 'all',
      npmStart: true,
      env: {
        DATA_DIR: dataDir,
        EMBEDDED_EVENTSTORE_PORT: String(await freePort()),
        EVENTSTORE_CONNECTION_STRING: '',
        MONGODB_URL: '',
        KAFKA_BROKERS: '',
        JWT_SECRET: '',
        LOG_LEVEL: 'warn',
      },
    });
    const running = app;
    const accepted: string[] = [];
    let previous: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const token = await devToken(running);
      await expectOrders(running, token, previous);

      const placed = Array.from({ length: PLACERS }, () => [] as string[]);
      const stops: string[] = [];
      const placing = placed.map((orders) =>
        placeUntilRefused(running, token, orders).then((why) => stops.push(why)),
      );
      while (!placed.every((orders) => orders.length >= ACCEPTED_BEFORE_KILL)) {
        expect(stops, `round ${round}: an order was refused before the kill`).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await running.kill();
      await Promise.all(placing);
      previous = placed.flat();
      accepted.push(...previous);

      // At once: the killed server may still be on its way out.
      await running.start();
    }

    await expectOrders(running, await devToken(running), accepted);
    expect(accepted.length).toBeGreaterThanOrEqual(ROUNDS * PLACERS * ACCEPTED_BEFORE_KILL);
  }, 240_000);
});
