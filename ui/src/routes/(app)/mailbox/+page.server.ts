import { ApiError, apiFor } from '#lib/server/api.ts';
import { pageFailure, requireUser } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';
import { mailboxSchema } from './mail.ts';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  try {
    const { body } = await apiFor(event).json(mailboxSchema, '/api/mailbox', {
      query: { limit: '100' },
    });
    return { mails: body.items, local: true };
  } catch (cause) {
    // No local mailbox: the notifications send real e-mails over SMTP (SMTP_URL is set).
    if (cause instanceof ApiError && cause.status === 404) return { mails: [], local: false };
    return pageFailure(event, cause);
  }
};
