import { describe, expect, it } from 'vitest';
import { buildMail } from './mail.ts';
import { MailNotBuildable, noticeOf } from './notice.ts';
import { ada, order, raw } from './testing/fixtures.ts';
import type { RawEvent } from './notifier.ts';

const noticeFrom = (event: RawEvent) => {
  const notice = noticeOf(event);
  if (notice === undefined) throw new Error(`${event.type} is not notified`);
  return notice;
};

describe('the mail builder', () => {
  it('given OrderShipped v2 and a customer, then an e-mail with the tracking number and the estimate', () => {
    expect(buildMail(noticeFrom(raw.shipped), order, ada)).toEqual({
      outcome: 'mail',
      mail: {
        eventId: 'e-shipped',
        type: 'OrderShipped',
        orderId: 'ord-1',
        customerId: 'cust-1',
        messageId: '<e-shipped@notifications.order-ledger>',
        to: 'ada@example.test',
        subject: 'Your order ord-1 is on its way',
        text:
          'Hello Ada Lovelace,\n\nYour order was handed to SimPost.\nTracking number: SIM-42\n' +
          "Expected delivery: Thursday, 5 June 2025 (the carrier's estimate).\n\nOrder ord-1\n",
      },
    });
  });

  it('given OrderShipped v1 (no estimate), then the e-mail says nothing of one', () => {
    const built = buildMail(noticeFrom(raw.shippedV1), order, ada);
    expect(built.outcome === 'mail' && built.mail.text).toContain('Tracking number: SIM-41\n\n');
    expect(built.outcome === 'mail' && built.mail.text).not.toContain('Expected');
  });

  it('given OrderConfirmed, then the lines and the total', () => {
    const built = buildMail(noticeFrom(raw.confirmed), order, ada);
    expect(built).toMatchObject({ mail: { subject: 'Your order ord-1 is confirmed' } });
    expect(built.outcome === 'mail' && built.mail.text).toContain(
      '  2 × Espresso beans 1 kg (SKU-1)  39.98 EUR\n\nTotal: 39.98 EUR',
    );
  });

  it('given delivered, cancelled and refunded, then one e-mail each, saying so', () => {
    const subjects = [raw.delivered, raw.cancelled, raw.refunded].map((event) => {
      const built = buildMail(noticeFrom(event), order, ada);
      return built.outcome === 'mail' ? [built.mail.subject, built.mail.text.split('\n')[2]] : [];
    });
    expect(subjects).toEqual([
      ['Your order ord-1 was delivered', 'Your order was delivered on Wednesday, 4 June 2025.'],
      ['Your order ord-1 was cancelled', 'Your order was cancelled (customer_request).'],
      ['A refund for your order ord-1', 'We refunded 39.98 EUR to your means of payment.'],
    ]);
  });

  it('given an erased customer, or one with no account, then no e-mail', () => {
    expect(buildMail(noticeFrom(raw.shipped), order, { kind: 'erased' })).toEqual({
      outcome: 'skipped',
      reason: 'erased',
    });
    expect(buildMail(noticeFrom(raw.shipped), order, { kind: 'no_account' })).toEqual({
      outcome: 'skipped',
      reason: 'no_account',
    });
  });

  it('given an event of a type nobody is told about, then no notice at all', () => {
    const placed = { ...raw.confirmed, type: 'OrderPlaced' };
    expect(noticeOf(placed)).toBeUndefined();
    expect(noticeOf({ ...raw.confirmed, type: 'StockReserved' })).toBeUndefined();
  });

  it('given data that does not parse, or an event about another order, then MailNotBuildable', () => {
    expect(() => noticeOf({ ...raw.shipped, data: { orderId: 'ord-1' } })).toThrow(
      MailNotBuildable,
    );
    expect(() => noticeOf({ ...raw.shipped, schemaVersion: 9 })).toThrow(MailNotBuildable);
    expect(() => buildMail(noticeFrom(raw.shipped), { ...order, orderId: 'ord-2' }, ada)).toThrow(
      MailNotBuildable,
    );
  });
});
