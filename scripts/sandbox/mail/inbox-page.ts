/**
 * The mail catcher's inbox: a list of the messages received (newest first) and one message's view
 * (headers, the plain text, the HTML in a sandboxed frame). Sandbox-only; not a protocol.
 */
import type { CaughtMessage } from './mail-catcher';

export const INBOX_PATH = '/';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#313440;background:#f6f7fc}
header{background:#34313f;color:#fff;padding:12px 24px;display:flex;gap:12px;align-items:baseline}
header h1{font-size:16px;margin:0;font-weight:600}
header span{color:#d9dce9;font-size:13px}
main{display:grid;grid-template-columns:minmax(300px,420px) 1fr;gap:16px;padding:16px 24px;align-items:start}
.panel{background:#fff;border:1px solid #d9dce9;border-radius:4px}
.panel h2{font-size:15px;margin:0;padding:12px 16px;border-bottom:1px solid #d9dce9}
ul{list-style:none;margin:0;padding:0}
li a{display:block;padding:10px 16px;border-bottom:1px solid #eceef5;color:inherit;text-decoration:none}
li a:hover,li a:focus{background:#f0f3ff;outline:none}
li a[aria-current="true"]{background:#e5ecff;border-left:3px solid #3c64f4;padding-left:13px}
.subject{display:block;font-weight:600}
.meta{display:block;color:#5e637a;font-size:12px}
.empty{padding:16px;color:#5e637a}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0;padding:12px 16px;border-bottom:1px solid #d9dce9}
dt{color:#5e637a}dd{margin:0;word-break:break-all}
pre{white-space:pre-wrap;margin:0;padding:16px;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;border-bottom:1px solid #d9dce9}
h3{font-size:13px;margin:0;padding:8px 16px;color:#5e637a;background:#f6f7fc;border-bottom:1px solid #d9dce9}
iframe{width:100%;height:320px;border:0;display:block}
`;

function list(messages: readonly CaughtMessage[], selected: string | null): string {
  if (messages.length === 0) {
    return '<p class="empty">No messages yet. E-mails the app sends to this SMTP server appear here.</p>';
  }
  return `<ul>${[...messages]
    .reverse()
    .map(
      (m) => `<li><a href="/messages/${m.id}"${m.id === selected ? ' aria-current="true"' : ''}>
<span class="subject">${escapeHtml(m.subject || '(no subject)')}</span>
<span class="meta">To ${escapeHtml(m.to.join(', '))} · ${escapeHtml(new Date(m.receivedAt).toLocaleString('en-GB', { timeZone: 'UTC' }))} UTC</span></a></li>`,
    )
    .join('')}</ul>`;
}

function view(message: CaughtMessage | null): string {
  if (!message) return '<p class="empty">Choose a message to read it.</p>';
  return `<h2>${escapeHtml(message.subject || '(no subject)')}</h2>
<dl><dt>From</dt><dd>${escapeHtml(message.from)}</dd><dt>To</dt><dd>${escapeHtml(message.to.join(', '))}</dd>
<dt>Received</dt><dd>${escapeHtml(message.receivedAt)}</dd>${message.messageId ? `<dt>Message-ID</dt><dd>${escapeHtml(message.messageId)}</dd>` : ''}</dl>
<h3>Plain text</h3><pre>${escapeHtml(message.text)}</pre>
${message.html === null ? '' : `<h3>HTML</h3><iframe title="HTML version of the message" sandbox src="/messages/${message.id}/html"></iframe>`}`;
}

export function renderInbox(messages: readonly CaughtMessage[], selectedId: string | null): string {
  const selected = messages.find((m) => m.id === selectedId) ?? null;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inbox (${messages.length}) · Mail catcher (sandbox)</title><style>${STYLES}</style></head>
<body>
<header><h1>Mail catcher</h1><span>Every e-mail the sandbox app sends · ${messages.length} message${messages.length === 1 ? '' : 's'}</span></header>
<main>
<section class="panel" aria-labelledby="inbox-heading"><h2 id="inbox-heading">Inbox</h2>${list(messages, selected?.id ?? null)}</section>
<section class="panel" aria-label="Message">${view(selected)}</section>
</main>
</body></html>`;
}
