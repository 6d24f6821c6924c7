import { z } from 'zod';
import { notifiedTypes } from '../../processes/notifications/notice.ts';
import type { Mailbox } from '../../processes/notifications/mailbox.ts';
import { hasRole } from '../auth/principal.ts';
import { defineRoute, type Route } from '../http/route.ts';

const mailSchema = z.union([
  z.object({
    eventId: z.string(),
    type: z.enum(notifiedTypes),
    orderId: z.string(),
    customerId: z.string(),
    sentAt: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
  }),
  z.object({
    eventId: z.string(),
    type: z.enum(notifiedTypes),
    orderId: z.string(),
    customerId: z.string(),
    sentAt: z.string(),
    erased: z.literal(true),
  }),
]);
const answerSchema = z.object({ items: z.array(mailSchema) });
const mailboxQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * `GET /api/mailbox`: the e-mails the notifications would have sent, where no SMTP server is
 * configured (embedded mode). A customer sees their own; admins see everyone's. An erased
 * customer's mails read `{ erased: true }`.
 */
export const mailboxRoutes = (mailbox: Mailbox): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/mailbox',
    summary: 'The local mailbox: e-mails the notifications sent without SMTP, newest first',
    tag: 'notifications',
    access: ['customer', 'admin'],
    query: mailboxQuery,
    responses: { 200: { description: 'the mails', schema: answerSchema } },
    handle: async ({ res, query, principal }) => {
      const owner = hasRole(principal, 'admin') ? undefined : principal.sub;
      const items = await mailbox.list(owner);
      res.json({ items: items.slice(0, query.limit) });
    },
  }),
];
