import * as z from 'zod/mini';

const head = {
  eventId: z.string(),
  type: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  sentAt: z.string(),
};

/** `GET /api/mailbox`: opened mails, or `{ erased: true }` for an erased customer's. */
export const mailboxSchema = z.object({
  items: z.array(
    z.union([
      z.object({ ...head, to: z.string(), subject: z.string(), text: z.string() }),
      z.object({ ...head, erased: z.literal(true) }),
    ]),
  ),
});
export type MailboxItem = z.infer<typeof mailboxSchema>['items'][number];
