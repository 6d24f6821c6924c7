import nodemailer from 'nodemailer';
import type { Mail } from './mail.ts';

/** Sends one e-mail; rejects when it was not accepted (the caller retries). */
export interface MailSender {
  send(mail: Mail): Promise<void>;
  close(): Promise<void>;
}

/** nodemailer over SMTP (SMTP_URL, e.g. `smtp://user:pass@mail.example:587`), from MAIL_FROM. */
export const smtpSender = (options: {
  url: string;
  from: string;
  /** How long one attempt may take before it fails and is retried; 10 s. */
  timeoutMs?: number;
}): MailSender => {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(url.username === ''
      ? {}
      : {
          auth: {
            user: decodeURIComponent(url.username),
            pass: decodeURIComponent(url.password),
          },
        }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'X-Order-Ledger-Event': mail.eventId },
      });
    },
    close: () => {
      transport.close();
      return Promise.resolve();
    },
  };
};
