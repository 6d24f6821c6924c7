import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config.ts';
import { silentLogger } from '../infra/logger.ts';
import { startSystem } from './system.ts';

// Embedded mode as a newcomer runs it, with CARRIER_DELAY_RATE=1 so that every parcel slips: the
// customer's local mailbox holds the new delivery date between the shipped and delivered e-mails.

type Mails = { items: { type: string; text?: string }[] };
type OrderBody = {
  shipment?: { estimatedDeliveryAt?: string; previousEstimatedDeliveryAt?: string | null };
};

describe('a revised estimate in embedded mode', () => {
  it('given every parcel delayed, when a registered customer orders, then the mailbox holds one new-date e-mail and the order shows the revision', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'delivery-estimate-'));
    const system = await startSystem({
      config: loadConfig({
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: '0',
        EMBEDDED_EVENTSTORE_PORT: '0',
        LOG_LEVEL: 'silent',
        PASSWORD_HASH_COST: '14',
        WAREHOUSE_PICK_PACK_MS: '0',
        // The first check 1.5 s after shipping finds the parcel in transit with its new date.
        CARRIER_DELIVERY_DELAY_MS: '1500',
        CARRIER_DELAY_RATE: '1',
        FRAUD_REVIEW_THRESHOLD: '101',
      }),
      role: 'all',
      logger: silentLogger(),
    });
    const call = async (path: string, token?: string, json?: unknown) =>
      fetch(`${system.url}${path}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    try {
      const email = `kim.${randomUUID()}@example.test`;
      const password = 'a passphrase for kim';
      expect(
        (await call('/api/customers', undefined, { email, password, name: 'Kim' })).status,
      ).toBe(201);
      const signedIn = await call('/api/customers/sign-in', undefined, { email, password });
      const { token } = (await signedIn.json()) as { token: string };
      const placed = await call('/api/orders', token, { lines: [{ sku: 'SKU-1', quantity: 1 }] });
      expect(placed.status).toBe(202);
      const { orderId } = (await placed.json()) as { orderId: string };

      let mails: Mails = { items: [] };
      for (let tries = 0; mails.items.length < 4 && tries < 200; tries += 1) {
        mails = (await (await call('/api/mailbox', token)).json()) as Mails;
        if (mails.items.length < 4) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(mails.items.map((mail) => mail.type)).toEqual([
        'OrderDelivered',
        'OrderDeliveryEstimateRevised',
        'OrderShipped',
        'OrderConfirmed',
      ]);
      const order = (await (await call(`/api/orders/${orderId}`, token)).json()) as OrderBody;
      const { estimatedDeliveryAt = '', previousEstimatedDeliveryAt = '' } = order.shipment ?? {};
      expect(Date.parse(estimatedDeliveryAt)).toBeGreaterThan(
        Date.parse(previousEstimatedDeliveryAt ?? ''),
      );
      expect(mails.items[1]?.text).toMatch(
        /The carrier now expects to deliver your order on \w+day, \d+ \w+ \d{4} instead of \w+day, \d+ \w+ \d{4}\./,
      );
    } finally {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
