/**
 * A mail catcher for the demo and the tests: an SMTP server (smtp-server) that keeps every message in
 * memory, and an HTTP server with an inbox page and `GET /messages.json`. It accepts any user name
 * and password (so the app's SMTP_URL can carry credentials as in production) and offers no STARTTLS.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SMTPServer } from 'smtp-server';
import { listenHttp } from '../shared/http-server';
import { renderInbox } from './inbox-page';
import { parseMail } from './mime';

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  /** The SMTP envelope: MAIL FROM and RCPT TO. */
  envelope: { from: string | null; to: string[] };
  /** The user name the client authenticated with (null: none). */
  authUser: string | null;
  subject: string;
  from: string;
  to: string[];
  messageId: string | null;
  text: string;
  html: string | null;
  raw: string;
}

export interface MailCatcherOptions {
  host?: string;
  /** SMTP port (default: any free one). */
  smtpPort?: number;
  /** Inbox page port (default: any free one). */
  httpPort?: number;
  /** Refuse the next `n` messages with a 451 (a temporary failure), to test retries. */
  failNext?: number;
}

export interface MailCatcher {
  /** What the app's SMTP_URL is set to (with sandbox credentials). */
  smtpUrl: string;
  /** The inbox page. */
  inboxUrl: string;
  messages(): CaughtMessage[];
  /** Resolves with the first message (received already or later) that matches; rejects after timeoutMs. */
  waitForMessage(predicate?: (m: CaughtMessage) => boolean, timeoutMs?: number): Promise<CaughtMessage>;
  /** Refuse the next `n` messages with 451. */
  failNext(n: number): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const messages: CaughtMessage[] = [];
  const waiters = new Set<() => void>();
  let failures = opts.failNext ?? 0;

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    size: 5 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'sandbox' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const error = new Error('Sandbox mail catcher: try again later') as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMail(raw);
        messages.push({
          id: randomUUID().slice(0, 8),
          receivedAt: new Date().toISOString(),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          authUser: typeof session.user === 'string' ? session.user : null,
          subject: parsed.subject,
          from: parsed.from,
          to: parsed.to,
          messageId: parsed.messageId,
          text: parsed.text,
          html: parsed.html,
          raw,
        });
        for (const wake of [...waiters]) wake();
        callback();
      });
    },
  });
  const smtpPort = await new Promise<number>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort ?? 0, host, () => resolve((smtp.server.address() as AddressInfo).port));
  });

  const app = express();
  app.get('/messages.json', (_req, res) => {
    res.json({ messages: messages.map(({ raw: _raw, ...m }) => m) });
  });
  app.get('/messages/:id/html', (req, res) => {
    const message = messages.find((m) => m.id === req.params.id);
    if (!message?.html) {
      res.status(404).type('text').send('No such message, or it has no HTML part.');
      return;
    }
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    res.type('html').send(message.html);
  });
  app.get('/messages/:id', (req, res) => {
    res.type('html').send(renderInbox(messages, req.params.id));
  });
  app.get('/', (_req, res) => {
    res.type('html').send(renderInbox(messages, messages[messages.length - 1]?.id ?? null));
  });
  app.delete('/messages', (_req, res) => {
    messages.length = 0;
    res.status(204).end();
  });
  const http = await listenHttp(app, opts.httpPort ?? 0, host);

  return {
    smtpUrl: `smtp://sandbox:sandbox-password@${host}:${smtpPort}`,
    inboxUrl: `${http.url}/`,
    messages: () => [...messages],
    waitForMessage(predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `No matching e-mail within ${timeoutMs} ms; received: ${JSON.stringify(messages.map((m) => m.subject))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    failNext(n) {
      failures = n;
    },
    clear() {
      messages.length = 0;
    },
    async close() {
      await http.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
