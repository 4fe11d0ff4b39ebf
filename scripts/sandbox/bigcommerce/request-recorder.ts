import type { Request, RequestHandler } from 'express';
import type { RecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;
/** A long demo run must not grow the log without bound; tests never come near this. */
export const MAX_RECORDED_REQUESTS = 10_000;
const rawBodies = new WeakMap<Request, string>();

/** The request's body as text, read once by `recordRequests`. */
export function rawBodyOf(req: Request): string {
  return rawBodies.get(req) ?? '';
}

/**
 * Reads every request's body and appends the request to `requests` (the most recent
 * MAX_RECORDED_REQUESTS) before any route runs. Headers are
 * kept as received (tokens included) because tests assert on them; nothing here is logged.
 */
export function recordRequests(requests: RecordedRequest[], now: () => number): RequestHandler {
  return async (req, res, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > MAX_BODY_BYTES) {
        res.status(413).json({ status: 413, title: 'Request body too large' });
        return;
      }
      chunks.push(buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    rawBodies.set(req, body);
    const url = new URL(req.originalUrl, 'http://simulator.invalid');
    if (requests.length >= MAX_RECORDED_REQUESTS)
      requests.splice(0, requests.length - MAX_RECORDED_REQUESTS + 1);
    requests.push({
      method: req.method,
      path: url.pathname,
      query: queryOf(url.searchParams),
      headers: headersOf(req),
      body,
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
