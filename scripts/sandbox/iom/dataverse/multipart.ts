/**
 * multipart/mixed bodies and application/http messages, as $batch uses them (CRLF or LF line breaks in,
 * CRLF out).
 */
import { STATUS_CODES } from 'node:http';
import { odataError } from './errors';

export interface MimePart {
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export interface HttpRequestMessage {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /^\s*multipart\/mixed\s*;(?:.*;)?\s*boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  return match?.[2];
}

export function parseMultipart(body: string, boundary: string): MimePart[] {
  const delimiter = `--${boundary}`;
  const parts: string[][] = [];
  let current: string[] | undefined;
  let closed = false;
  for (const line of body.split(/\r?\n/)) {
    const marker = line.trimEnd();
    if (marker === `${delimiter}--`) {
      if (current) parts.push(current);
      closed = true;
      break;
    }
    if (marker === delimiter) {
      if (current) parts.push(current);
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  if (!closed) throw odataError(`The multipart body is missing its closing boundary '${delimiter}--'.`);
  return parts.map((lines) => {
    const { headers, rest } = readHeaders(lines);
    return { headers, body: rest.join('\r\n') };
  });
}

export function parseHttpMessage(text: string): HttpRequestMessage {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(lines.shift()?.trim() ?? '');
  if (!requestLine) throw odataError('A batch part does not start with a valid HTTP request line.');
  const { headers, rest } = readHeaders(lines);
  return {
    method: requestLine[1] ?? '',
    target: requestLine[2] ?? '',
    headers,
    body: rest.join('\r\n').trim(),
  };
}

function readHeaders(lines: string[]): { headers: Record<string, string>; rest: string[] } {
  const headers: Record<string, string> = {};
  let index = 0;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon === -1) throw odataError(`The batch part header line '${line}' is not valid.`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(index + 1) };
}

export function writeHttpResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): string {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd()];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export function writeMultipart(boundary: string, parts: readonly MimePart[]): string {
  const chunks = parts.map((part) => {
    const headers = Object.entries(part.headers).map(([name, value]) => `${name}: ${value}`);
    return `--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n${part.body}\r\n`;
  });
  return `${chunks.join('')}--${boundary}--\r\n`;
}
