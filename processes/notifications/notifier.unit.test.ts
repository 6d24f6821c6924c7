import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../infra/logger.ts';
import type { Mail, OrderFacts, Recipient } from './mail.ts';
import { MailNotBuildable } from './notice.ts';
import { createNotifier, notifyPatiently } from './notifier.ts';
import { memoryProcessedIds } from './processed-ids.ts';
import type { MailSender } from './smtp-sender.ts';
import { ada, order, raw } from './testing/fixtures.ts';

const now = () => new Date('2025-06-02T12:00:00.000Z');

/** An outbox in memory that refuses the first `failures` sends, as an SMTP server that is down. */
const outbox = (failures = 0) => {
  const sent: Mail[] = [];
  let refusals = failures;
  const sender: MailSender = {
    send: (mail) => {
      if (refusals > 0) {
        refusals -= 1;
        return Promise.reject(new Error('ECONNREFUSED'));
      }
      sent.push(mail);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { sent, sender };
};

const world = (recipient: Recipient, failures = 0, orders: OrderFacts[] = [order]) => {
  const { sent, sender } = outbox(failures);
  const processed = memoryProcessedIds();
  const notify = createNotifier({
    processed,
    sender,
    lookup: {
      order: (orderId) => Promise.resolve(orders.find((o) => o.orderId === orderId)),
      recipient: () => Promise.resolve(recipient),
    },
    logger: silentLogger(),
    now,
  });
  return { sent, processed, notify };
};

describe('the notifier (the idempotent consumer step)', () => {
  it('given an event twice, then one e-mail, and the second delivery is a duplicate', async () => {
    const { sent, processed, notify } = world(ada);
    expect(await notify(raw.shipped)).toBe('sent');
    expect(await notify(raw.shipped)).toBe('duplicate');
    expect(sent.map((mail) => mail.eventId)).toEqual(['e-shipped']);
    expect(await processed.list()).toEqual([
      {
        eventId: 'e-shipped',
        type: 'OrderShipped',
        orderId: 'ord-1',
        customerId: 'cust-1',
        outcome: 'sent',
        at: '2025-06-02T12:00:00.000Z',
      },
    ]);
  });

  it('given an erased customer, then no e-mail, recorded as skipped (erased) without personal data', async () => {
    const { sent, processed, notify } = world({ kind: 'erased' });
    expect(await notify(raw.confirmed)).toBe('skipped');
    expect(sent).toEqual([]);
    expect(await processed.list()).toEqual([
      expect.objectContaining({ eventId: 'e-confirmed', outcome: 'skipped', reason: 'erased' }),
    ]);
  });

  it('given SMTP refuses, then nothing is recorded, and a retry sends it once', async () => {
    const { sent, processed, notify } = world(ada, 1);
    await expect(notify(raw.delivered)).rejects.toThrow('ECONNREFUSED');
    expect(await processed.has('e-delivered')).toBe(false);
    expect(await notify(raw.delivered)).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('given SMTP down for three attempts, then notifyPatiently waits it out and sends once', async () => {
    const { sent, notify } = world(ada, 3);
    const signal = new AbortController().signal;
    const outcome = await notifyPatiently(notify, raw.refunded, {
      signal,
      logger: silentLogger(),
      maxDelayMs: 5,
    });
    expect(outcome).toBe('sent');
    expect(sent.map((mail) => mail.type)).toEqual(['PaymentRefunded']);
  });

  it('given an order the log does not hold, then MailNotBuildable at once (parked, not retried)', async () => {
    const { notify } = world(ada, 0, []);
    await expect(
      notifyPatiently(notify, raw.cancelled, {
        signal: new AbortController().signal,
        logger: silentLogger(),
      }),
    ).rejects.toThrow(MailNotBuildable);
  });
});
