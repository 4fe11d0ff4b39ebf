import pino from 'pino';
import { createMailer } from '../../server/notifications/mailer';
import { startMailCatcher, type MailCatcher } from '../../scripts/sandbox/mail';

describe('the sandbox mail catcher', () => {
  let catcher: MailCatcher;
  const logger = pino({ level: 'silent' });

  beforeEach(async () => {
    catcher = await startMailCatcher();
  });
  afterEach(async () => {
    await catcher.close();
  });

  it('receives what nodemailer sends over SMTP with credentials, and shows it in messages.json and the inbox page', async () => {
    const mailer = createMailer(
      { smtpUrl: catcher.smtpUrl, from: 'IOM Connector <no-reply@example.com>' },
      logger,
    );
    await mailer.send({
      to: ['ops@example.com', 'lead@example.com'],
      subject: 'IOM Connector: 3 orders need attention in store démo',
      text: 'Three orders — see the app.\nLine two.',
      html: '<p>Three orders &mdash; <strong>see the app</strong>.</p>',
      messageId: '<abc.demo@iom-connector>',
    });
    mailer.close();
    const message = await catcher.waitForMessage((m) => m.subject.includes('3 orders'));
    expect(message).toMatchObject({
      subject: 'IOM Connector: 3 orders need attention in store démo',
      from: 'IOM Connector <no-reply@example.com>',
      to: ['ops@example.com', 'lead@example.com'],
      envelope: { from: 'no-reply@example.com', to: ['ops@example.com', 'lead@example.com'] },
      authUser: 'sandbox',
      messageId: '<abc.demo@iom-connector>',
      text: 'Three orders — see the app.\nLine two.',
    });
    expect(message.html).toContain('<strong>see the app</strong>');

    const json = (await (await fetch(`${catcher.inboxUrl}messages.json`)).json()) as {
      messages: Array<{ subject: string; raw?: string }>;
    };
    expect(json.messages.map((m) => m.subject)).toEqual([message.subject]);
    expect(json.messages[0]?.raw).toBeUndefined();

    const page = await (await fetch(catcher.inboxUrl)).text();
    expect(page).toContain('<h2 id="inbox-heading">Inbox</h2>');
    expect(page).toContain('IOM Connector: 3 orders need attention in store démo</span>');
    expect(page).toContain('Three orders — see the app.');
    const html = await fetch(`${catcher.inboxUrl}messages/${message.id}/html`);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<strong>see the app</strong>');
  });

  it('waitForMessage rejects naming what arrived when nothing matches, and failNext refuses with a temporary error', async () => {
    catcher.failNext(1);
    const mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'no-reply@example.com' }, logger);
    const send = () =>
      mailer.send({ to: ['ops@example.com'], subject: 'Hello', text: 'Hi', html: '<p>Hi</p>' });
    await expect(send()).rejects.toThrow(/The SMTP server smtp:\/\/127\.0\.0\.1:\d+ answered 451\./);
    await send();
    mailer.close();
    await expect(catcher.waitForMessage((m) => m.subject === 'Other', 200)).rejects.toThrow(
      /No matching e-mail within 200 ms; received: \["Hello"\]/,
    );
    expect(catcher.messages()).toHaveLength(1);
  });
});
