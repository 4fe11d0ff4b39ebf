import nodemailer from 'nodemailer';
import type { Logger } from '../logger';

/** One e-mail: plain text and simple HTML. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A stable id, so a message sent again after a crash carries the same Message-ID. */
  messageId?: string;
}

/** Sends the notification e-mails; `enabled` is false when SMTP_URL is not set. */
export interface Mailer {
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** The mailer's error: says what went wrong without the SMTP URL or its credentials. */
export class MailError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

/** The server part of an SMTP URL, for logs and messages (never the user name or password). */
export function describeSmtpServer(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/** A mailer that sends nothing: notifications are off. */
export const DISABLED_MAILER: Mailer = {
  enabled: false,
  async send() {
    throw new MailError('E-mail notifications are off: SMTP_URL is not set.', false);
  },
  close() {},
};

/** The SMTP mailer of SMTP_URL (nodemailer; smtp:// upgrades with STARTTLS, smtps:// is TLS). */
export function createMailer(config: { smtpUrl: string | null; from: string }, logger: Logger): Mailer {
  if (config.smtpUrl === null) return DISABLED_MAILER;
  const server = describeSmtpServer(config.smtpUrl);
  const transport = nodemailer.createTransport(config.smtpUrl, { from: config.from });
  const log = logger.child({ component: 'mailer', smtp: server });
  return {
    enabled: true,
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.messageId ? { messageId: message.messageId } : {}),
        });
        log.info({ recipients: message.to.length, messageId: info.messageId }, 'notification e-mail sent');
      } catch (error) {
        throw toMailError(error, server);
      }
    },
    close() {
      transport.close();
    },
  };
}

function toMailError(error: unknown, server: string): MailError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const code = e.responseCode;
  // 5xx SMTP replies are permanent (a refused sender or recipient); everything else may pass later.
  const permanent = typeof code === 'number' && code >= 500 && code < 600;
  const what =
    e.code === 'EAUTH'
      ? 'refused the user name or password in SMTP_URL'
      : typeof code === 'number'
        ? `answered ${code}`
        : `could not be reached (${e.code ?? 'network error'})`;
  return new MailError(`The SMTP server ${server} ${what}.`, !permanent || e.code === 'EAUTH');
}
