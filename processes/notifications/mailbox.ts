import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { sealedSchema } from '../../domain/customer/sealed.ts';
import type { Opened, PiiVault } from '../../infra/pii/vault.ts';
import { notifiedTypes } from './notice.ts';
import type { MailSender } from './smtp-sender.ts';

// Embedded mode's stand-in for SMTP: what would have been sent, kept in DATA_DIR/mailbox.jsonl.
// The address and the text are personal data, so they are sealed under the customer's key like
// their events: once the customer is erased, their mails read erased too.

const entrySchema = z.object({
  eventId: z.string(),
  type: z.enum(notifiedTypes),
  orderId: z.string(),
  customerId: z.string(),
  sentAt: z.string(),
  sealed: sealedSchema,
});
const contentSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() });

export type MailboxItem = Omit<z.infer<typeof entrySchema>, 'sealed'> &
  ({ to: string; subject: string; text: string } | { erased: true });

export interface Mailbox extends MailSender {
  /** Newest first; a customer's own, or everyone's (undefined). */
  list(customerId: string | undefined): Promise<MailboxItem[]>;
}

// A torn last line (a crash mid-append) reads as nothing.
const parseLine = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

export const fileMailbox = async (deps: {
  file: string;
  vault: PiiVault;
  now: () => Date;
}): Promise<Mailbox> => {
  const { file, vault } = deps;
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a');
  let writing = Promise.resolve();
  const opened = async (entry: z.infer<typeof entrySchema>): Promise<MailboxItem> => {
    const { sealed, ...head } = entry;
    const text: Opened = (await vault.openerFor(entry.customerId)).open(sealed);
    if (typeof text !== 'string') return { ...head, erased: true };
    return { ...head, ...contentSchema.parse(JSON.parse(text)) };
  };
  return {
    async send(mail) {
      const { to, subject, text } = mail;
      const sealed = (await vault.sealerFor(mail.customerId)).seal(
        JSON.stringify({ to, subject, text }),
      );
      const entry = {
        eventId: mail.eventId,
        type: mail.type,
        orderId: mail.orderId,
        customerId: mail.customerId,
        sentAt: deps.now().toISOString(),
        sealed,
      };
      writing = writing.then(async () => {
        await handle.appendFile(`${JSON.stringify(entry)}\n`);
        await handle.datasync();
      });
      await writing;
    },
    async list(customerId) {
      await writing;
      const text = await readFile(file, 'utf8');
      const entries = text
        .split('\n')
        .flatMap((line) => {
          const parsed = entrySchema.safeParse(parseLine(line));
          return parsed.success ? [parsed.data] : [];
        })
        .filter((entry) => customerId === undefined || entry.customerId === customerId);
      return (await Promise.all(entries.map(opened))).reverse();
    },
    async close() {
      await writing.catch(() => undefined);
      await handle.close();
    },
  };
};
