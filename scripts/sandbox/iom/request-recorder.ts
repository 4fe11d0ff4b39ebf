import type { Request, RequestHandler } from 'express';
import type { RecordedRequest } from './types';

/** Dataverse accepts request bodies up to 128 MB; the sandbox stops at 16 MB. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const rawBodies = new WeakMap<Request, string>();

/** The request's body as text, read once by `recordRequests`. */
export function rawBodyOf(req: Request): string {
  return rawBodies.get(req) ?? '';
}

/**
 * Reads every request's body and appends the request to `requests` before any route runs. Headers are
 * kept as received (tests assert on them); a token request's client_secret is masked. Nothing is logged.
 */
export function recordRequests(requests: RecordedRequest[], now: () => number): RequestHandler {
  return async (req, res, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > MAX_BODY_BYTES) {
        res.status(413).json({ error: { code: '0x80040216', message: 'The request body is too large.' } });
        return;
      }
      chunks.push(buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    rawBodies.set(req, body);
    const url = new URL(req.originalUrl, 'http://simulator.invalid');
    requests.push({
      method: req.method,
      path: url.pathname,
      query: queryOf(url.searchParams),
      headers: headersOf(req),
      body: body.replace(/(^|&)(client_secret=)[^&]*/g, '$1$2[masked]'),
      receivedAt: now(),
    });
    next();
  };
}

function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
