import { backoffDelay, sleep } from '../../infra/eventstore/backoff.ts';
import type { Logger } from '../../infra/logger.ts';
import { buildMail } from './mail.ts';
import { MailNotBuildable, noticeOf } from './notice.ts';
import type { ProcessedIds } from './processed-ids.ts';
import type { NoticeLookup } from './recipients.ts';
import type { MailSender } from './smtp-sender.ts';

/** A stored event as either path delivers it: from a Kafka record, or from the log itself. */
export interface RawEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

export type NotifyOutcome = 'sent' | 'skipped' | 'ignored' | 'duplicate';

export interface NotifierDeps {
  readonly processed: ProcessedIds;
  readonly sender: MailSender;
  readonly lookup: NoticeLookup;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * The idempotent consumer's step, the same on both paths: checked before, recorded after the
 * send succeeded. Throws MailNotBuildable for an event no e-mail can be built from (park it);
 * any other failure (SMTP, the event store) is for the caller to retry.
 */
export const createNotifier = (deps: NotifierDeps) => {
  const { processed, sender, lookup } = deps;
  return async (raw: RawEvent): Promise<NotifyOutcome> => {
    const notice = noticeOf(raw);
    if (notice === undefined) return 'ignored';
    if (await processed.has(raw.eventId)) return 'duplicate';
    const order = await lookup.order(notice.event.data.orderId);
    if (order === undefined)
      throw new MailNotBuildable(raw.eventId, `no order ${notice.event.data.orderId} in the log`);
    const built = buildMail(notice, order, await lookup.recipient(order.customerId));
    if (built.outcome === 'mail') await sender.send(built.mail);
    const { eventId } = raw;
    const { orderId, customerId } = order;
    const at = deps.now().toISOString();
    await processed.record(
      built.outcome === 'mail'
        ? { eventId, type: notice.event.type, orderId, customerId, outcome: 'sent', at }
        : {
            eventId,
            type: notice.event.type,
            orderId,
            customerId,
            outcome: 'skipped',
            reason: built.reason,
            at,
          },
    );
    return built.outcome === 'mail' ? 'sent' : 'skipped';
  };
};
export type Notifier = ReturnType<typeof createNotifier>;

/**
 * Notifies until it succeeds: transient failures (SMTP down) are retried with backoff, for as
 * long as it takes, so nothing is lost; MailNotBuildable is thrown at once. Resolves undefined
 * when the signal aborts first (the event was not handled: its offset stays uncommitted).
 */
export const notifyPatiently = async (
  notify: Notifier,
  raw: RawEvent,
  options: { signal: AbortSignal; logger: Logger; maxDelayMs?: number },
): Promise<NotifyOutcome | undefined> => {
  for (let attempt = 0; !options.signal.aborted; attempt += 1) {
    try {
      return await notify(raw);
    } catch (error) {
      if (error instanceof MailNotBuildable) throw error;
      options.logger.warn(
        { err: error, eventId: raw.eventId, type: raw.type, attempt },
        'could not notify; retrying',
      );
      await sleep(backoffDelay(attempt, 200, options.maxDelayMs ?? 5_000), options.signal);
    }
  }
  return undefined;
};
