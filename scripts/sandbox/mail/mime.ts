/**
 * Just enough MIME to read what nodemailer sends (RFC 5322 headers, RFC 2045 quoted-printable and
 * base64, RFC 2046 multipart, RFC 2047 encoded words): the headers, the plain text and the HTML part.
 */

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string[];
  date: string | null;
  messageId: string | null;
  text: string;
  html: string | null;
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { head: raw, body: '' };
  const sep = /\r?\n\r?\n/.exec(raw.slice(at))![0];
  return { head: raw.slice(0, at), body: raw.slice(at + sep.length) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] = headers[name]
      ? `${headers[name]}, ${line.slice(colon + 1).trim()}`
      : line.slice(colon + 1).trim();
  }
  return headers;
}

function param(header: string, name: string): string | null {
  const match = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header);
  return match ? match[1]! : null;
}

function charsetOf(contentType: string): BufferEncoding {
  const charset = (param(contentType, 'charset') ?? 'utf-8').toLowerCase();
  return charset === 'us-ascii' || charset === 'iso-8859-1' ? 'latin1' : 'utf8';
}

function decodeQuotedPrintable(value: string): Buffer {
  const soft = value.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined, contentType: string): string {
  const charset = charsetOf(contentType);
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(charset);
    case 'quoted-printable':
      return decodeQuotedPrintable(body).toString(charset);
    default:
      return body;
  }
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

interface Part {
  contentType: string;
  text: string;
}

function parts(headers: Record<string, string>, body: string): Part[] {
  const contentType = headers['content-type'] ?? 'text/plain; charset=utf-8';
  const boundary = /^multipart\//i.test(contentType) ? param(contentType, 'boundary') : null;
  if (!boundary) {
    return [{ contentType, text: decodeBody(body, headers['content-transfer-encoding'], contentType) }];
  }
  const chunks = body.split(
    new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`),
  );
  return chunks
    .slice(1)
    .filter((chunk) => chunk.trim() !== '')
    .flatMap((chunk) => {
      const { head, body: inner } = splitHead(chunk);
      return parts(parseHeaders(head), inner);
    });
}

function addresses(value: string | undefined): string[] {
  if (!value) return [];
  return decodeWords(value)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const all = parts(headers, body);
  const text = all.find((p) => /^text\/plain/i.test(p.contentType))?.text ?? '';
  const html = all.find((p) => /^text\/html/i.test(p.contentType))?.text ?? null;
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    from: decodeWords(headers.from ?? ''),
    to: addresses(headers.to),
    date: headers.date ?? null,
    messageId: headers['message-id'] ?? null,
    text: text.replace(/\r\n/g, '\n').trimEnd(),
    html,
  };
}
