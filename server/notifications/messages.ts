/** The notification e-mails: subject lines that say what happened, plain text and simple HTML. */
import type { MailMessage } from './mailer';
import type { ConnectionNotice } from './connection-plan';
import type { PlannedDigest } from './digest-plan';

export interface MessageContext {
  storeHash: string;
  /** Where the merchant opens the app. */
  appLink: string;
  recipients: string[];
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function storeName(ctx: MessageContext): string {
  return `store ${ctx.storeHash}`;
}

function page(title: string, body: string, ctx: MessageContext): string {
  return `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;color:#313440;line-height:1.5">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(title)}</h1>
${body}
<p><a href="${escapeHtml(ctx.appLink)}" style="color:#3c64f4">Open IOM Connector</a></p>
<p style="color:#5e637a;font-size:12px">You get this because your address is a notification recipient in IOM Connector › Settings.</p>
</body></html>`;
}

const DIRECTION = { inbound: 'BigCommerce → IOM', outbound: 'IOM → BigCommerce' } as const;

export function digestMessage(digest: PlannedDigest, ctx: MessageContext): MailMessage {
  const orders = digest.total === 1 ? '1 order needs' : `${digest.total} orders need`;
  const subject = `IOM Connector: ${orders} attention in ${storeName(ctx)}`;
  const lines = [`${orders} attention in ${storeName(ctx)} since the last e-mail.`, ''];
  for (const group of digest.groups) {
    const more =
      group.count > group.orderIds.length ? ` and ${group.count - group.orderIds.length} more` : '';
    lines.push(
      `${group.count} × ${group.message} (${DIRECTION[group.direction]})`,
      `  Orders: ${group.orderIds.join(', ')}${more}`,
      `  What to do: ${group.fix}`,
      '',
    );
  }
  lines.push(`Open IOM Connector: ${ctx.appLink}`);
  const html = page(
    `${orders} attention in ${storeName(ctx)}`,
    `<table style="border-collapse:collapse">${digest.groups
      .map(
        (g) => `<tr><td style="padding:6px 12px 6px 0;vertical-align:top;font-weight:600">${g.count}</td>
<td style="padding:6px 0"><strong>${escapeHtml(g.message)}</strong> <span style="color:#5e637a">(${DIRECTION[g.direction]})</span><br>
Orders: ${g.orderIds.join(', ')}${g.count > g.orderIds.length ? ` and ${g.count - g.orderIds.length} more` : ''}<br>
What to do: ${escapeHtml(g.fix)}</td></tr>`,
      )
      .join('\n')}</table>`,
    ctx,
  );
  return { to: ctx.recipients, subject, text: lines.join('\n'), html, messageId: messageId(digest.id, ctx) };
}

export function connectionNoticeMessage(notice: ConnectionNotice, ctx: MessageContext): MailMessage {
  const down = notice.kind === 'down';
  const subject = down
    ? `IOM Connector: the connection to IOM is down (${storeName(ctx)})`
    : `IOM Connector: the connection to IOM is back (${storeName(ctx)})`;
  const summary = down
    ? `Orders of ${storeName(ctx)} are not reaching IOM: the connection stopped working at ${notice.at}. New orders wait and are sent once it works again.`
    : `The connection of ${storeName(ctx)} to IOM works again (${notice.at}); the orders that waited are being sent.`;
  const reason = down && notice.reason ? `Reason: ${notice.reason}` : null;
  const fix = down
    ? 'What to do: open IOM Connector › IOM connection, correct the credentials if they changed, and test the connection.'
    : null;
  const text = [summary, reason, fix, '', `Open IOM Connector: ${ctx.appLink}`]
    .filter((l) => l !== null)
    .join('\n');
  const html = page(
    down ? 'The connection to IOM is down' : 'The connection to IOM is back',
    [summary, reason, fix]
      .filter((l): l is string => l !== null)
      .map((l) => `<p>${escapeHtml(l)}</p>`)
      .join('\n'),
    ctx,
  );
  return { to: ctx.recipients, subject, text, html, messageId: messageId(notice.id, ctx) };
}

export function testMessage(ctx: MessageContext, sentBy: string): MailMessage {
  const subject = `IOM Connector: test e-mail for ${storeName(ctx)}`;
  const summary = `This is a test e-mail from IOM Connector, sent by ${sentBy}. Failure notifications for ${storeName(ctx)} reach this address.`;
  return {
    to: ctx.recipients,
    subject,
    text: `${summary}\n\nOpen IOM Connector: ${ctx.appLink}`,
    html: page('Test e-mail', `<p>${escapeHtml(summary)}</p>`, ctx),
  };
}

function messageId(id: string, ctx: MessageContext): string {
  return `<${id}.${ctx.storeHash}@iom-connector>`;
}
