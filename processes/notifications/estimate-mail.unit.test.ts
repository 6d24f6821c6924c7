import { describe, expect, it } from 'vitest';
import { buildMail } from './mail.ts';
import { MailNotBuildable, noticeOf } from './notice.ts';
import { ada, order } from './testing/fixtures.ts';
import { revised } from './testing/revised.ts';

describe('the new delivery date e-mail', () => {
  it('given OrderDeliveryEstimateRevised, then an e-mail with the new date and the one it replaces', () => {
    const notice = noticeOf(revised('2025-06-05T10:00:00.000Z'));
    if (notice === undefined) throw new Error('a revision is notified');
    expect(buildMail(notice, order, ada)).toEqual({
      outcome: 'mail',
      mail: {
        eventId: 'e-revised',
        type: 'OrderDeliveryEstimateRevised',
        orderId: 'ord-1',
        customerId: 'cust-1',
        messageId: '<e-revised@notifications.order-ledger>',
        to: 'ada@example.test',
        subject: 'A new delivery date for your order ord-1',
        text:
          'Hello Ada Lovelace,\n\nThe carrier now expects to deliver your order on ' +
          'Monday, 9 June 2025 instead of Thursday, 5 June 2025.\nTracking number: SIM-42\n\n' +
          'Order ord-1\n',
      },
    });
  });

  it('given a first estimate (none before), then the e-mail names only the new date', () => {
    const notice = noticeOf(revised(null));
    if (notice === undefined) throw new Error('a revision is notified');
    const built = buildMail(notice, order, ada);
    expect(built.outcome === 'mail' && built.mail.text).toContain(
      'deliver your order on Monday, 9 June 2025.\n',
    );
  });

  it('given an erased customer, then no e-mail', () => {
    const notice = noticeOf(revised(null));
    if (notice === undefined) throw new Error('a revision is notified');
    expect(buildMail(notice, order, { kind: 'erased' })).toEqual({
      outcome: 'skipped',
      reason: 'erased',
    });
  });

  it('given a revision without its date, then MailNotBuildable', () => {
    const { data: _data, ...event } = revised(null);
    expect(() => noticeOf({ ...event, data: { orderId: 'ord-1' } })).toThrow(MailNotBuildable);
  });
});
